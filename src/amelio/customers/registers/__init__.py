"""How customer records appear, one module per area: customers and segments (`customers`),
surveys, campaigns and responses (`surveys`)."""

from amelio.customers.registers import customers, surveys

__all__ = ["customers", "surveys"]
