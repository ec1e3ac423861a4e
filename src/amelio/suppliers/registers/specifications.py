"""How specifications and the offers received appear."""

from __future__ import annotations

from amelio.core.registry import Register, registry
from amelio.suppliers import views_specifications
from amelio.suppliers.models import Offer, Specification

DECISION = ["chosen_offer", "decision_reason", "decided_by", "decided_at"]


@registry.register
class SpecificationRegister(Register):
    """Specifications (cahiers des charges): subject, requirements and weighted criteria, the
    offers compared on a grid and the decision with its reason."""

    model = Specification
    slug = "specifications"
    columns = ["reference", "title", "category", "needed_by", "owner", "status"]
    sortable = ["reference", "title", "needed_by", "status"]
    filters = ["org_unit", "status", "category", "needed_by", "owner"]
    search = ["reference", "title", "subject", "context"]
    form_fields = [
        "title",
        "org_unit",
        "category",
        "subject",
        "context",
        "needed_by",
        "budget",
        "owner",
    ]
    api_read_only = ["status", *DECISION]
    default_sort = "-created_at"
    area = "operation"
    icon = "file-earmark-ruled"
    order = 634

    def base_queryset(self):
        return super().base_queryset().select_related("chosen_offer__supplier", "decided_by")

    def detail_context(self, record, request) -> dict:
        return views_specifications.specification_context(record, request)

    def still_open(self, queryset):
        return queryset.filter(status__in=["draft", "consultation"])


@registry.register
class OfferRegister(Register):
    """The offers received for a specification, from the suppliers consulted."""

    model = Offer
    slug = "offers"
    parent = "specification"
    columns = ["reference", "supplier", "specification", "received_on", "amount", "mandatory_met"]
    sortable = ["reference", "received_on", "amount", "mandatory_met"]
    filters = ["org_unit", "specification", "supplier", "received_on", "mandatory_met"]
    search = ["reference", "comments", "gaps"]
    form_fields = [
        "specification",
        "org_unit",
        "supplier",
        "received_on",
        "amount",
        "lead_time_days",
        "mandatory_met",
        "gaps",
        "comments",
    ]
    default_sort = "-received_on"
    # An offer meets its mandatory requirements unless its gaps are said.
    example = {"mandatory_met": "on"}
    area = "operation"
    icon = "envelope-paper"
    order = 635
    owner_field = None
