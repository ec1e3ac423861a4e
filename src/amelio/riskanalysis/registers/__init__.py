"""How risk analyses appear, one module per method."""

from amelio.riskanalysis.registers import fmea, haccp, hazop

__all__ = ["fmea", "haccp", "hazop"]
