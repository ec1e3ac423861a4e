"""How the compliance app appears: one module per area (the legal register, the standards
frameworks and gap assessments, the periodic inspections)."""

from amelio.compliance.registers import frameworks, inspections, legal

__all__ = ["frameworks", "inspections", "legal"]
