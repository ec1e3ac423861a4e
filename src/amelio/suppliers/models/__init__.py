"""Suppliers and purchasing, one module per area: the supplier file with its contacts and
certifications (`suppliers`), deliveries and the periodic evaluation (`evaluations`), the
specifications and the selection of offers (`specifications`)."""

from amelio.suppliers.models.evaluations import (
    Criterion,
    CriterionKind,
    Delivery,
    EvaluationLine,
    EvaluationScheme,
    SupplierEvaluation,
)
from amelio.suppliers.models.specifications import (
    CriterionFamily,
    Offer,
    OfferScore,
    Requirement,
    RequirementKind,
    SelectionCriterion,
    Specification,
)
from amelio.suppliers.models.suppliers import (
    Certification,
    Supplier,
    SupplierCategory,
    SupplierContact,
)

__all__ = [
    "Certification",
    "Criterion",
    "CriterionFamily",
    "CriterionKind",
    "Delivery",
    "EvaluationLine",
    "EvaluationScheme",
    "Offer",
    "OfferScore",
    "Requirement",
    "RequirementKind",
    "SelectionCriterion",
    "Specification",
    "Supplier",
    "SupplierCategory",
    "SupplierContact",
    "SupplierEvaluation",
]
