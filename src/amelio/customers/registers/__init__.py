"""How customer records appear, one module per area: customers and segments (`customers`)."""

from amelio.customers.registers import customers

__all__ = ["customers"]
