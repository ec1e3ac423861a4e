"""How supplier records appear, one module per area: the supplier file (`suppliers`)."""

from amelio.suppliers.registers import suppliers

__all__ = ["suppliers"]
