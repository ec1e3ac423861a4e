"""Read-only API of the scoring matrices (/api/v1/scoring/matrices/): what an API client
needs to understand the stored scores and levels of scored records."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from amelio.scoring.models import ScoringMatrix


class ScoringMatrixSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoringMatrix
        fields = [
            "id",
            "reference",
            "code",
            "version",
            "name_fr",
            "name_en",
            "purpose_fr",
            "purpose_en",
            "source",
            "status",
            "definition",
            "previous",
            "updated_at",
        ]
        read_only_fields = fields


class ScoringMatrixViewSet(viewsets.ReadOnlyModelViewSet):
    """Every matrix and version; changes are made on the pages, by coordinators."""

    serializer_class = ScoringMatrixSerializer
    queryset = ScoringMatrix.objects.order_by("code", "-version")
    filterset_fields = ["code", "status"]
