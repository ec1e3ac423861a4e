"""How risk analyses appear, one module per method."""

from amelio.riskanalysis.registers import fmea, haccp

__all__ = ["fmea", "haccp"]
