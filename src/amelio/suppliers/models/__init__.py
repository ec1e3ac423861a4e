"""Suppliers and purchasing, one module per area: the supplier file with its contacts and
certifications (`suppliers`), deliveries and the periodic evaluation (`evaluations`)."""

from amelio.suppliers.models.evaluations import (
    Criterion,
    CriterionKind,
    Delivery,
    EvaluationLine,
    EvaluationScheme,
    SupplierEvaluation,
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
    "CriterionKind",
    "Delivery",
    "EvaluationLine",
    "EvaluationScheme",
    "Supplier",
    "SupplierCategory",
    "SupplierContact",
    "SupplierEvaluation",
]
