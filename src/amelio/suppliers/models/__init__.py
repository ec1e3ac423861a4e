"""Suppliers and purchasing, one module per area: the supplier file (`suppliers`)."""

from amelio.suppliers.models.suppliers import Supplier, SupplierCategory

__all__ = ["Supplier", "SupplierCategory"]
