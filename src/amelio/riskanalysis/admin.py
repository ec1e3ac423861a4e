"""The risk analyses' reference data in the administration, one module per method."""

from amelio.riskanalysis import admin_hazop

__all__ = ["admin_hazop"]
