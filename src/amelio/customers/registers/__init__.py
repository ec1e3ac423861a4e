"""How customer records appear, one module per area: customers and segments (`customers`),
surveys, campaigns and responses (`surveys`), the journey map (`journeys`)."""

from amelio.customers.registers import customers, journeys, surveys

__all__ = ["customers", "journeys", "surveys"]
