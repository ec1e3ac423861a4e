"""Read-only API of the measures the modules publish (/api/v1/measures/): what each measure is,
and its figures for an org unit (with the units below it) period by period, computed by the
module that owns the records, as the indicators and the cockpit show them."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from amelio.core.measures import FREQUENCY_MONTHS, Measure, Scope, measures, period_start
from amelio.core.permissions import units_for

# At most this many periods in one answer: five years of months.
MAX_PERIODS = 60

MEASURE_FIELDS: dict[str, serializers.Field] = {
    "key": serializers.CharField(),
    "label": serializers.CharField(),
    "unit": serializers.CharField(),
    "direction": serializers.ChoiceField(choices=["higher", "lower"]),
    "description": serializers.CharField(),
    "state": serializers.BooleanField(),
    "decimals": serializers.IntegerField(),
}


def describe(measure: Measure) -> dict:
    return {
        "key": measure.key,
        "label": str(measure.label),
        "unit": str(measure.unit),
        "direction": measure.direction,
        "description": str(measure.description),
        "state": measure.state,
        "decimals": measure.decimals,
    }


class MeasureList(APIView):
    """Every measure the modules publish."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses=inline_serializer("Measure", MEASURE_FIELDS, many=True),
        summary="Measures published by the modules",
    )
    def get(self, request):
        return Response([describe(m) for m in measures.offered_to(request.user)])


def _date(request, name: str, default: dt.date) -> dt.date:
    raw = request.query_params.get(name)
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError({name: _("Enter a date as YYYY-MM-DD.")}) from None


def periods_between(first: dt.date, last: dt.date, frequency: str) -> list[Scope]:
    """The scopes (unit left empty) of the periods from the one holding `first` to the one
    holding `last`."""
    scopes: list[Scope] = []
    start = period_start(first, frequency)
    while start <= last and len(scopes) <= MAX_PERIODS:
        scope = Scope.of(None, start, frequency)
        scopes.append(scope)
        start = scope.end
    return scopes


class MeasureFigures(APIView):
    """The figures of one measure for an org unit the caller may see, by period."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("org_unit", OpenApiTypes.INT, required=True),
            OpenApiParameter("frequency", OpenApiTypes.STR, enum=list(FREQUENCY_MONTHS)),
            OpenApiParameter("from", OpenApiTypes.DATE, description="First period (a day of it)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last period (a day of it)"),
        ],
        responses=inline_serializer(
            "MeasureFigures",
            {
                **MEASURE_FIELDS,
                "org_unit": serializers.IntegerField(),
                "frequency": serializers.CharField(),
                "figures": inline_serializer(
                    "MeasureFigure",
                    {
                        "period": serializers.DateField(),
                        "end": serializers.DateField(),
                        "value": serializers.FloatField(allow_null=True),
                    },
                    many=True,
                ),
            },
        ),
        summary="Figures of a measure by period",
    )
    def get(self, request, key: str):
        try:
            measure = measures.get(key)
        except KeyError:
            raise Http404 from None
        if key not in {m.key for m in measures.offered_to(request.user)}:
            raise Http404
        frequency = request.query_params.get("frequency") or "monthly"
        if frequency not in FREQUENCY_MONTHS:
            raise exceptions.ValidationError(
                {"frequency": _("Choose monthly, quarterly or yearly.")}
            )
        raw_unit = request.query_params.get("org_unit", "")
        if not raw_unit.isdigit() or len(raw_unit) > 18:
            raise exceptions.ValidationError({"org_unit": _("Give the id of an org unit.")})
        unit = units_for(request.user, "view").filter(pk=int(raw_unit)).first()
        if unit is None:
            raise Http404
        today = timezone.localdate()
        last = _date(request, "to", today)
        default_first = dt.date(last.year - 1, last.month, 1)
        first = _date(request, "from", default_first)
        if first > last:
            raise exceptions.ValidationError({"from": _("The first period is after the last.")})
        scopes = periods_between(first, last, frequency)
        if len(scopes) > MAX_PERIODS:
            raise exceptions.ValidationError(
                {"from": _("Ask for at most %(count)s periods at once.") % {"count": MAX_PERIODS}}
            )
        figures = [
            {
                "period": scope.start,
                "end": scope.last_day,
                "value": measure.value(Scope(unit, scope.start, scope.end)),
            }
            for scope in scopes
        ]
        return Response(
            {**describe(measure), "org_unit": unit.pk, "frequency": frequency, "figures": figures}
        )
