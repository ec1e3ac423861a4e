"""How supplier records appear, one module per area: the supplier file (`suppliers`), the
deliveries and the periodic evaluation (`evaluations`)."""

from amelio.suppliers.registers import evaluations, suppliers

__all__ = ["evaluations", "suppliers"]
