"""The supplier file, its contacts and certifications, and the purchase categories."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from amelio.core.registry import ExtraView, Register, registry
from amelio.suppliers import views
from amelio.suppliers.models import Certification, Supplier, SupplierCategory, SupplierContact


@registry.register
class SupplierCategoryRegister(Register):
    """The purchase families suppliers are sorted by."""

    model = SupplierCategory
    slug = "categories"
    columns = ["name", "critical", "org_unit"]
    filters = ["org_unit", "critical"]
    search = ["reference", "name", "description"]
    form_fields = ["name", "org_unit", "critical", "description"]
    default_sort = "name"
    area = "operation"
    icon = "tags"
    order = 640
    owner_field = None
    example = {"name": "Sous-traitance usinage"}


def _categories(request):
    if request is None:
        return SupplierCategory.objects.none()
    return (
        registry.get("suppliers.suppliercategory")
        .queryset_for(request.user)
        .active()
        .order_by("name")
    )


def _category_filter(queryset, name, value):
    """The suppliers of the purchase category (a many-to-many field)."""
    if not value:
        return queryset
    return queryset.filter(categories=value)


@registry.register
class SupplierRegister(Register):
    """External providers, with their status and the sites they serve; the supplier page
    gathers contacts, certifications, deliveries, evaluations, nonconformities and audits."""

    model = Supplier
    slug = "suppliers"
    columns = [
        "reference",
        "name",
        "status",
        "current_class",
        "next_evaluation_on",
        "country",
        "owner",
    ]
    sortable = ["reference", "name", "status", "current_class", "next_evaluation_on", "country"]
    filters = ["org_unit", "status", "current_class", "country", "owner"]
    extra_filters = {
        "category": django_filters.ModelChoiceFilter(
            label=_("Purchase category"),
            queryset=_categories,
            method=_category_filter,
            empty_label=_("All"),
        )
    }
    search = ["reference", "name", "siren", "siret", "vat_number", "notes"]
    form_fields = [
        "name",
        "org_unit",
        "status",
        "status_reason",
        "categories",
        "sites_served",
        "siren",
        "siret",
        "vat_number",
        "address",
        "country",
        "website",
        "owner",
        "notes",
    ]
    detail_fields = [
        *form_fields,
        "status_changed_on",
        "current_score",
        "current_class",
        "next_evaluation_on",
    ]
    api_read_only = ["status_changed_on", "current_score", "current_class", "next_evaluation_on"]
    default_sort = "name"
    area = "operation"
    icon = "truck"
    order = 630
    extra_views = [ExtraView("panel", views.SupplierPanelView, _("Supplier panel"), "speedometer2")]
    example = {
        "name": "Aciéries du Forez",
        "siren": "732829320",
        "siret": "73282932000074",
        "vat_number": "FR44732829320",
        "website": "https://www.example.fr",
        "status": "approved",
    }

    def detail_context(self, record, request) -> dict:
        return views.supplier_context(record, request)


@registry.register
class SupplierContactRegister(Register):
    """The people to talk to at each supplier."""

    model = SupplierContact
    slug = "contacts"
    columns = ["reference", "name", "supplier", "role", "email", "phone"]
    sortable = ["reference", "name"]
    filters = ["org_unit", "supplier"]
    search = ["reference", "name", "role", "email", "phone"]
    form_fields = ["supplier", "org_unit", "name", "role", "email", "phone"]
    default_sort = "name"
    area = "operation"
    icon = "person-lines-fill"
    order = 631
    owner_field = None
    personal_fields = ["name", "email", "phone"]
    example = {"name": "Marc Perrin", "email": "marc.perrin@example.fr"}

    def base_queryset(self):
        return super().base_queryset().select_related("supplier")


@registry.register
class CertificationRegister(Register):
    """The certificates suppliers hold, with their validity; the certificate file is attached
    to the record. Expiring ones are reminded to the buyer and the coordinators."""

    model = Certification
    slug = "certifications"
    columns = ["reference", "supplier", "kind", "other_name", "body", "valid_until"]
    sortable = ["reference", "kind", "valid_until"]
    filters = ["org_unit", "supplier", "kind", "valid_until"]
    search = ["reference", "other_name", "number", "body"]
    form_fields = ["supplier", "org_unit", "kind", "other_name", "number", "body", "valid_until"]
    default_sort = "valid_until"
    area = "operation"
    icon = "patch-check"
    order = 632
    owner_field = None
    example = {"kind": "iso9001", "number": "FR-12345", "body": "AFNOR Certification"}

    def base_queryset(self):
        return super().base_queryset().select_related("supplier")
