"""Customer listening, one module per area: customers and their segments (`customers`), the
surveys, their campaigns and responses (`surveys`), the journey map with its stages and
touchpoints (`journeys`)."""

from amelio.customers.models.customers import Customer, CustomerSegment
from amelio.customers.models.journeys import Journey, JourneyStage, Touchpoint
from amelio.customers.models.surveys import (
    Answer,
    Campaign,
    Invitation,
    MetricRole,
    Question,
    QuestionKind,
    Response,
    Survey,
)

__all__ = [
    "Answer",
    "Campaign",
    "Customer",
    "CustomerSegment",
    "Invitation",
    "Journey",
    "JourneyStage",
    "MetricRole",
    "Question",
    "QuestionKind",
    "Response",
    "Survey",
    "Touchpoint",
]
