"""Customers and their segments."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.core.registry import Register, registry
from amelio.customers import views_customers
from amelio.customers.models import Customer, CustomerSegment


@registry.register
class CustomerSegmentRegister(Register):
    """The groups of customers satisfaction is read by."""

    model = CustomerSegment
    slug = "segments"
    columns = ["name", "org_unit"]
    filters = ["org_unit"]
    search = ["reference", "name", "description"]
    form_fields = ["name", "org_unit", "description"]
    default_sort = "name"
    area = "performance"
    icon = "diagram-2"
    order = 560
    owner_field = None
    example = {"name": "Constructeurs automobiles"}

    def detail_context(self, record, request) -> dict:
        return views_customers.segment_context(record, request)


@registry.register
class CustomerRegister(Register):
    """Customers, with their segment and account manager."""

    model = Customer
    slug = "customers"
    columns = ["reference", "name", "code", "segment", "country", "owner", "complaint_count"]
    computed_columns = {"complaint_count": _("complaints")}
    sortable = ["reference", "name", "code", "country"]
    filters = ["org_unit", "segment", "country", "owner"]
    search = ["reference", "name", "code", "contact_name", "notes"]
    form_fields = [
        "name",
        "code",
        "org_unit",
        "segment",
        "country",
        "contact_name",
        "contact_email",
        "owner",
        "notes",
    ]
    default_sort = "name"
    area = "performance"
    icon = "people"
    order = 550
    example = {"name": "Carrosserie Lyonnaise", "contact_email": "achats@example.fr"}

    def queryset_for(self, user, action: str = "view"):
        """With each customer's count of the complaints `user` may see."""
        return views_customers.with_complaint_counts(super().queryset_for(user, action), user)

    def detail_context(self, record, request) -> dict:
        return views_customers.customer_context(record, request)
