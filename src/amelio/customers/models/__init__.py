"""Customer listening, one module per area: customers and their segments (`customers`), the
journey map with its stages and touchpoints (`journeys`)."""

from amelio.customers.models.customers import Customer, CustomerSegment
from amelio.customers.models.journeys import Journey, JourneyStage, Touchpoint

__all__ = ["Customer", "CustomerSegment", "Journey", "JourneyStage", "Touchpoint"]
