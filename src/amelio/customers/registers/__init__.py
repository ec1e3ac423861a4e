"""How customer records appear, one module per area: customers and segments (`customers`),
the journey map (`journeys`)."""

from amelio.customers.registers import customers, journeys

__all__ = ["customers", "journeys"]
