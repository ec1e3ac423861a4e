"""How the documents app appears: one module per area (the controlled library, the retention
of records)."""

from amelio.documents.registers import library, retention

__all__ = ["library", "retention"]
