"""How supplier records appear, one module per area: the supplier file (`suppliers`), the
specifications and offers (`specifications`)."""

from amelio.suppliers.registers import specifications, suppliers

__all__ = ["specifications", "suppliers"]
