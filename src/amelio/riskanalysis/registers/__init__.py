"""How risk analyses appear, one module per method."""

from amelio.riskanalysis.registers import control, fmea, haccp, hazop

__all__ = ["control", "fmea", "haccp", "hazop"]
