from amelio.energy.models.metering import Meter, Reading, ReadingKind, ReadingUnit
from amelio.energy.models.performance import (
    EnergyIndicator,
    IndicatorKind,
    Variable,
    VariableKind,
    VariableValue,
)
from amelio.energy.models.reference import (
    TOE,
    ConversionFactor,
    EmissionFactor,
    Energy,
    FactorStatus,
)

__all__ = [
    "TOE",
    "ConversionFactor",
    "EmissionFactor",
    "Energy",
    "EnergyIndicator",
    "FactorStatus",
    "IndicatorKind",
    "Meter",
    "Reading",
    "ReadingKind",
    "ReadingUnit",
    "Variable",
    "VariableKind",
    "VariableValue",
]
