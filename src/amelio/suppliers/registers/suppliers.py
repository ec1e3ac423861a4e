"""The supplier file and the purchase categories."""

from __future__ import annotations

from amelio.core.registry import Register, registry
from amelio.suppliers.models import Supplier, SupplierCategory


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


@registry.register
class SupplierRegister(Register):
    """External providers, with their status and the sites they serve."""

    model = Supplier
    slug = "suppliers"
    columns = ["reference", "name", "status", "country", "owner"]
    sortable = ["reference", "name", "status", "country"]
    filters = ["org_unit", "status", "country", "owner"]
    search = ["reference", "name", "siren", "siret", "vat_number", "notes"]
    form_fields = [
        "name",
        "org_unit",
        "status",
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
    default_sort = "name"
    area = "operation"
    icon = "truck"
    order = 630
    example = {
        "name": "Aciéries du Forez",
        "siren": "732829320",
        "siret": "73282932000074",
        "vat_number": "FR44732829320",
        "website": "https://www.example.fr",
        "status": "approved",
    }
