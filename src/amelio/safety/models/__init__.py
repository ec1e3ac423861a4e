from amelio.safety.models.duerp import Assessment, Duerp, DuerpVersion, ImmutableError, Principle
from amelio.safety.models.events import (
    BodyLocation,
    CauseFact,
    CauseLink,
    EventType,
    HoursWorked,
    InjuryNature,
    LostTime,
    SafetyEvent,
    Victim,
    VictimStatus,
)
from amelio.safety.models.public import PublicReport, ReportingLink
from amelio.safety.models.reference import RiskFamily

__all__ = [
    "Assessment",
    "BodyLocation",
    "CauseFact",
    "CauseLink",
    "Duerp",
    "DuerpVersion",
    "EventType",
    "HoursWorked",
    "ImmutableError",
    "InjuryNature",
    "LostTime",
    "Principle",
    "PublicReport",
    "ReportingLink",
    "RiskFamily",
    "SafetyEvent",
    "Victim",
    "VictimStatus",
]
