"""How risk analyses appear, one module per method."""

from amelio.riskanalysis.registers import fmea

__all__ = ["fmea"]
