"""How the energy app appears: meters, readings (with the energy review), relevant variables
(with the import of their monthly values) and energy performance indicators (with their
baseline analysis)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.core.registry import ExtraView, Register, registry
from amelio.energy import views
from amelio.energy.models import EnergyIndicator, Meter, Reading, Variable


@registry.register
class MeterRegister(Register):
    """Meters and delivery points of each site: energy, unit of the readings, use fed and
    whether it is a significant energy use (SEU)."""

    model = Meter
    slug = "meters"
    columns = ["reference", "name", "energy", "unit", "usage", "significant", "org_unit"]
    sortable = ["reference", "name", "energy", "unit", "significant"]
    filters = ["org_unit", "energy", "significant"]
    search = ["reference", "name", "usage", "delivery_point"]
    default_sort = "name"
    form_fields = [
        "name",
        "org_unit",
        "energy",
        "unit",
        "supplier_coefficient",
        "delivery_point",
        "usage",
        "significant",
        "relevant_variables",
    ]
    area = "operation"
    icon = "speedometer"
    order = 700
    owner_field = None
    example = {"energy": "electricity", "unit": "kWh", "supplier_coefficient": ""}


@registry.register
class ReadingRegister(Register):
    """Readings and invoices of the meters, with their kWh PCI and kgCO2e computed from the
    factors in force at the start of their period."""

    model = Reading
    slug = "readings"
    columns = [
        "reference",
        "meter",
        "period_start",
        "period_end",
        "quantity",
        "unit",
        "kwh_pci",
        "cost",
        "kg_co2e",
    ]
    sortable = ["reference", "period_start", "period_end", "kind"]
    filters = ["org_unit", "meter", "period_start", "kind"]
    search = ["reference", "invoice_number"]
    default_sort = "-period_start"
    form_fields = [
        "meter",
        "org_unit",
        "period_start",
        "period_end",
        "quantity",
        "cost",
        "kind",
        "invoice_number",
    ]
    # Converted with the factors in force for the period: shown, and read-only in the API.
    api_read_only = [
        "unit",
        "kwh_pci",
        "kwh_pcs",
        "kg_co2e",
        "conversion_factor",
        "emission_factor",
    ]
    detail_fields = [*form_fields, *api_read_only]
    area = "operation"
    icon = "lightning-charge"
    order = 710
    owner_field = None
    extra_views = [ExtraView("review", views.EnergyReviewView, _("Energy review"), "bar-chart")]
    example = {"kind": "reading"}

    def base_queryset(self):
        return super().base_queryset().select_related("meter")


@registry.register
class VariableRegister(Register):
    """Relevant variables of each site (production, degree-days) and their monthly values."""

    model = Variable
    slug = "variables"
    columns = ["reference", "name", "kind", "unit", "org_unit"]
    sortable = ["reference", "name", "kind"]
    filters = ["org_unit", "kind"]
    search = ["reference", "name"]
    default_sort = "name"
    form_fields = ["name", "org_unit", "kind", "unit", "description"]
    area = "operation"
    icon = "thermometer-half"
    order = 720
    owner_field = None
    extra_views = [
        ExtraView(
            "import-values",
            views.VariableValuesImportView,
            _("Import monthly values"),
            "file-earmark-arrow-up",
        )
    ]

    def detail_context(self, record, request) -> dict:
        return views.variable_context(record, request)


@registry.register
class EnergyIndicatorRegister(Register):
    """Energy performance indicators (EnPI) and their baselines: absolute, ratio or
    regression on relevant variables; savings and CUSUM over the reporting period."""

    model = EnergyIndicator
    slug = "enpis"
    columns = ["reference", "name", "kind", "baseline_start", "reporting_start", "org_unit"]
    sortable = ["reference", "name", "kind"]
    filters = ["org_unit", "kind"]
    search = ["reference", "name"]
    default_sort = "name"
    form_fields = [
        "name",
        "org_unit",
        "kind",
        "meters",
        "variable_1",
        "variable_2",
        "baseline_start",
        "baseline_end",
        "reporting_start",
        "reporting_end",
        "r2_threshold",
        "description",
    ]
    area = "performance"
    icon = "graph-down-arrow"
    order = 330
    owner_field = None
    example = {"kind": "absolute", "r2_threshold": "0.75"}

    def build_form_class(self):
        from amelio.energy.forms import indicator_form

        return indicator_form(self)

    def base_queryset(self):
        return super().base_queryset().prefetch_related("meters")

    def detail_context(self, record, request) -> dict:
        return views.indicator_context(record, request)
