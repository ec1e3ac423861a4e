"""API serializers of the controlled library. A version's file is never given by its storage
path: `file_url` is the page that serves it after the same checks as the version's page (its
document's confidentiality included); the API writes a version's text, a file is uploaded on
the version's page."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from amelio.api.serializers import RECORD_FIELDS, RecordSerializer
from amelio.documents.models import DocumentVersion

VERSION_READ_ONLY = [
    "number",
    "status",
    "sha256",
    "original_name",
    "approved_on",
    "published_on",
    "superseded_on",
]


class VersionSerializer(RecordSerializer):
    """A version: its document, what changed, its text, and where it stands."""

    file_url = serializers.SerializerMethodField()

    class Meta(RecordSerializer.Meta):
        model = DocumentVersion
        fields = [
            *RECORD_FIELDS,
            "document",
            "changes",
            "body",
            "file_url",
            *VERSION_READ_ONLY,
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, *VERSION_READ_ONLY]
        # The number is given by the model (the document's next one), not by the request: the
        # unique (document, number) pair is the database's to guard, not a validator's.
        validators: list = []

    def get_file_url(self, version: DocumentVersion) -> str | None:
        if not version.file:
            return None
        url = reverse("documents:version_file", args=[version.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url
