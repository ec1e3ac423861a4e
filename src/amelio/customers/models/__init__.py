"""Customer listening, one module per area: customers and their segments (`customers`)."""

from amelio.customers.models.customers import Customer, CustomerSegment

__all__ = ["Customer", "CustomerSegment"]
