from amelio.environment.models.reference import TreatmentCode, WasteCode
from amelio.environment.models.waste import (
    Category,
    SortingStream,
    Unit,
    WasteMovement,
    WasteStream,
)

__all__ = [
    "Category",
    "SortingStream",
    "TreatmentCode",
    "Unit",
    "WasteCode",
    "WasteMovement",
    "WasteStream",
]
