from amelio.environment.models.aspects import Aspect, AspectType, Condition, Control, Stage
from amelio.environment.models.emergency import Drill, EmergencySituation, Outcome, Phenomenon
from amelio.environment.models.icpe import (
    IcpeEntry,
    IcpeSite,
    IcpeThreshold,
    Installation,
    Regime,
)
from amelio.environment.models.reference import TreatmentCode, WasteCode
from amelio.environment.models.waste import (
    Category,
    SortingStream,
    TransportMode,
    TreatmentMode,
    Unit,
    WasteMovement,
    WasteStream,
)

__all__ = [
    "Aspect",
    "AspectType",
    "Category",
    "Condition",
    "Control",
    "Drill",
    "EmergencySituation",
    "IcpeEntry",
    "IcpeSite",
    "IcpeThreshold",
    "Installation",
    "Outcome",
    "Phenomenon",
    "Regime",
    "SortingStream",
    "Stage",
    "TransportMode",
    "TreatmentCode",
    "TreatmentMode",
    "Unit",
    "WasteCode",
    "WasteMovement",
    "WasteStream",
]
