"""How risk analyses appear, one module per method."""

from amelio.riskanalysis.registers import fmea, hazop

__all__ = ["fmea", "hazop"]
