"""How nonconformities appear: the register, the analysis page as an extra view, and the
root-cause toolbox, recurrences and similar past cases on the detail page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.core.registry import ExtraView, Register, registry
from amelio.nonconformities import views
from amelio.nonconformities.models import FORM_FIELDS, Nonconformity
from amelio.nonconformities.workflows import NOT_FINAL


@registry.register
class NonconformityRegister(Register):
    """Nonconformities and customer complaints, from the report to the verified closure."""

    model = Nonconformity
    slug = "nonconformities"
    columns = [
        "reference",
        "title",
        "nc_type",
        "severity",
        "status",
        "detected_on",
        "cost_total",
        "owner",
    ]
    sortable = ["reference", "title", "nc_type", "severity", "status", "detected_on", "cost_total"]
    filters = [
        "org_unit",
        "status",
        "nc_type",
        "severity",
        "process",
        "cause_category",
        "owner",
        "detected_on",
        "supplier",
        "customer",
    ]
    search = ["reference", "title", "description", "product", "defect_type", "third_party"]
    default_sort = "-detected_on"
    event_date_field = "detected_on"
    form_fields = FORM_FIELDS
    detail_fields = FORM_FIELDS
    # Set by the workflow and the costs: the API gives them, read-only.
    api_read_only = ["status", "cost_total", "closed_on", "cancel_reason"]
    area = "improvement"
    icon = "exclamation-octagon"
    order = 420
    review_date_field = "customer_response_due"
    extra_views = [ExtraView("analysis", views.AnalysisView, _("Analysis"), "bar-chart")]
    example = {"title": "Rayures sur bride B-12", "nc_type": "internal", "severity": "minor"}

    def build_form_class(self):
        from amelio.nonconformities.forms import nonconformity_form

        return nonconformity_form(self)

    def still_open(self, queryset):
        return queryset.filter(status__in=NOT_FINAL)

    def detail_context(self, record, request) -> dict:
        return views.detail_context(record, request.user)
