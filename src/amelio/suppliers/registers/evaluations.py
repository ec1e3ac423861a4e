"""The deliveries, the evaluation schemes with their criteria, and the supplier
evaluations."""

from __future__ import annotations

from amelio.core.registry import Register, registry
from amelio.suppliers import views
from amelio.suppliers.models import Criterion, Delivery, EvaluationScheme, SupplierEvaluation


@registry.register
class DeliveryRegister(Register):
    """Deliveries received from suppliers, one line per receipt, imported from the ERP's
    extract through the XLSX import; they give the PPM and the on-time delivery rate."""

    model = Delivery
    slug = "deliveries"
    columns = [
        "reference",
        "supplier",
        "order_reference",
        "due_date",
        "received_on",
        "quantity_received",
    ]
    sortable = ["reference", "order_reference", "due_date", "received_on", "quantity_received"]
    filters = ["org_unit", "supplier", "due_date", "received_on"]
    search = ["reference", "order_reference"]
    form_fields = [
        "supplier",
        "org_unit",
        "order_reference",
        "due_date",
        "received_on",
        "quantity_received",
    ]
    default_sort = "-received_on"
    area = "operation"
    icon = "box-seam"
    order = 633
    owner_field = None
    example = {"quantity_received": 500}

    def base_queryset(self):
        return super().base_queryset().select_related("supplier")


@registry.register
class EvaluationSchemeRegister(Register):
    """How suppliers are evaluated: criteria and weights, class thresholds, re-evaluation
    intervals, delivery tolerance. Set by the coordinator for the company."""

    model = EvaluationScheme
    slug = "schemes"
    columns = ["reference", "name", "class_a_min", "class_b_min", "org_unit"]
    sortable = ["reference", "name"]
    filters = ["org_unit"]
    search = ["reference", "name", "description"]
    form_fields = [
        "name",
        "org_unit",
        "class_a_min",
        "class_b_min",
        "months_a",
        "months_b",
        "months_c",
        "tolerance_days",
        "description",
    ]
    default_sort = "name"
    area = "operation"
    icon = "sliders"
    order = 635
    owner_field = None
    example = {"name": "Grille d'évaluation 2026"}

    def detail_context(self, record, request) -> dict:
        return views.scheme_context(record, request)


@registry.register
class CriterionRegister(Register):
    """The criteria of the evaluation schemes: weight, and how each is scored."""

    model = Criterion
    slug = "criteria"
    columns = ["reference", "scheme", "name", "kind", "weight", "best_value", "worst_value"]
    sortable = ["reference", "name", "kind", "weight"]
    filters = ["org_unit", "scheme", "kind"]
    search = ["reference", "name"]
    form_fields = [
        "scheme",
        "org_unit",
        "name",
        "kind",
        "weight",
        "best_value",
        "worst_value",
        "position",
    ]
    default_sort = "reference"
    area = "operation"
    icon = "list-ol"
    order = 636
    owner_field = None
    example = {
        "name": "Taux de service",
        "kind": "otd",
        "weight": 1,
        "best_value": 98,
        "worst_value": 80,
    }

    def base_queryset(self):
        return super().base_queryset().select_related("scheme")


@registry.register
class SupplierEvaluationRegister(Register):
    """The periodic evaluations of the suppliers: computed from the deliveries and the
    nonconformities, rated criteria, weighted score, A/B/C class and trend."""

    model = SupplierEvaluation
    slug = "evaluations"
    columns = [
        "reference",
        "supplier",
        "period_end",
        "total_score",
        "grade",
        "trend",
        "status",
    ]
    sortable = ["reference", "period_end", "total_score", "grade", "status"]
    filters = ["org_unit", "supplier", "grade", "status", "period_end"]
    search = ["reference", "comment"]
    form_fields = ["supplier", "org_unit", "scheme", "period_start", "period_end", "comment"]
    detail_fields = [
        *form_fields,
        "status",
        "total_score",
        "grade",
        "previous_score",
        "trend",
        "validated_by",
        "validated_on",
    ]
    api_read_only = [
        "status",
        "total_score",
        "grade",
        "previous_score",
        "trend",
        "validated_by",
        "validated_on",
    ]
    default_sort = "-period_end"
    area = "operation"
    icon = "clipboard-data"
    order = 634
    owner_field = None

    def base_queryset(self):
        return super().base_queryset().select_related("supplier", "scheme")

    def detail_context(self, record, request) -> dict:
        return views.evaluation_context(record, request)
