"""Risk analysis, one module per method: FMEA (`fmea`), HACCP (`haccp`), HAZOP (`hazop`) and
the control plan fed by all three (`control`); what the studies share (`study`)."""

from amelio.riskanalysis.models.control import ControlCharacteristic, ControlPlan, ControlRecord
from amelio.riskanalysis.models.fmea import (
    Classification,
    Fmea,
    FmeaKind,
    FmeaLine,
    FmeaRating,
)
from amelio.riskanalysis.models.haccp import HaccpHazard, HaccpStep, HaccpStudy
from amelio.riskanalysis.models.hazop import (
    HazopDeviation,
    HazopGuideWord,
    HazopNode,
    HazopParameter,
    HazopStudy,
)

__all__ = [
    "Classification",
    "ControlCharacteristic",
    "ControlPlan",
    "ControlRecord",
    "Fmea",
    "FmeaKind",
    "FmeaLine",
    "FmeaRating",
    "HaccpHazard",
    "HaccpStep",
    "HaccpStudy",
    "HazopDeviation",
    "HazopGuideWord",
    "HazopNode",
    "HazopParameter",
    "HazopStudy",
]
