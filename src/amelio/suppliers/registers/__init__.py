"""How supplier records appear, one module per area: the supplier file (`suppliers`), the
deliveries and the periodic evaluation (`evaluations`), the specifications and offers
(`specifications`)."""

from amelio.suppliers.registers import evaluations, specifications, suppliers

__all__ = ["evaluations", "specifications", "suppliers"]
