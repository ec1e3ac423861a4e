"""Reminders of compliance, one module per area: the conformity evaluations due
(`reminders_legal`) and the periodic inspections due (`reminders_inspections`)."""

from amelio.compliance import reminders_inspections, reminders_legal

__all__ = ["reminders_inspections", "reminders_legal"]
