"""Suppliers and purchasing, one module per area: the supplier file (`suppliers`), the
specifications and the selection of offers (`specifications`)."""

from amelio.suppliers.models.specifications import (
    Criterion,
    CriterionFamily,
    Offer,
    OfferScore,
    Requirement,
    RequirementKind,
    Specification,
)
from amelio.suppliers.models.suppliers import Supplier, SupplierCategory

__all__ = [
    "Criterion",
    "CriterionFamily",
    "Offer",
    "OfferScore",
    "Requirement",
    "RequirementKind",
    "Specification",
    "Supplier",
    "SupplierCategory",
]
