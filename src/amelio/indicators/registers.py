"""How objectives and indicators appear: two registers, the dashboard as an extra view of the
indicators, and the trend, control chart and values grid on the indicator page."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from amelio.core.registry import ExtraView, Register, registry
from amelio.indicators import serializers, views
from amelio.indicators.forms import (
    INDICATOR_FIELDS,
    OBJECTIVE_FIELDS,
    IndicatorForm,
    ObjectiveForm,
)
from amelio.indicators.models import Indicator, IndicatorTarget, Objective


@registry.register
class ObjectiveRegister(Register):
    """Objectives of the management system (ISO clause 6.2), checked against SMART."""

    model = Objective
    slug = "objectives"
    columns = ["reference", "title", "policy_axis", "process", "owner", "due_date"]
    sortable = ["reference", "title", "policy_axis", "due_date"]
    default_sort = "due_date"
    filters = ["org_unit", "policy_axis", "process", "owner", "due_date"]
    search = ["reference", "title", "description"]
    form_fields = OBJECTIVE_FIELDS
    form_class = ObjectiveForm
    detail_fields = OBJECTIVE_FIELDS
    area = "planning"
    icon = "bullseye"
    order = 60
    review_date_field = "due_date"
    example = {"policy_axis": "quality"}

    def detail_context(self, record, request) -> dict:
        indicators = list(record.indicators.active().select_related("owner").order_by("name"))
        return {
            "indicators": indicators,
            "smart_missing": record.smart_missing(len(indicators)),
        }


@registry.register
class IndicatorRegister(Register):
    """Performance indicators, their values per period, targets and control charts."""

    model = Indicator
    slug = "indicators"
    columns = [
        "reference",
        "name",
        "process",
        "frequency",
        "latest_period",
        "latest",
        "latest_status",
        "owner",
    ]
    computed_columns = {"latest": _("latest value")}
    sortable = ["reference", "name", "frequency", "latest_period", "latest_status"]
    default_sort = "name"
    filters = [
        "org_unit",
        "process",
        "objective",
        "owner",
        "frequency",
        "source",
        "direction",
        "latest_status",
    ]
    extra_filters: dict = {}
    search = ["reference", "name", "definition"]
    form_fields = INDICATOR_FIELDS
    form_class = IndicatorForm
    detail_fields = INDICATOR_FIELDS[:14]
    serializer_class = serializers.IndicatorSerializer
    area = "performance"
    icon = "graph-up"
    order = 310
    example = {
        "direction": "higher",
        "frequency": "monthly",
        "source": "manual",
        "decimals": 1,
        "lsl": 1,
        "usl": 10,
    }
    extra_views = [ExtraView("dashboard", views.DashboardView, _("Dashboard"), "speedometer2")]

    def base_queryset(self):
        targets = Prefetch("targets", queryset=IndicatorTarget.objects.order_by("valid_from"))
        return super().base_queryset().prefetch_related(targets)

    def detail_context(self, record, request) -> dict:
        return views.indicator_context(record, request)
