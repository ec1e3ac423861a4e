"""Reminders of the risk analyses, one module per area: the controls of the control plans
that come due (`reminders_control`)."""

from amelio.riskanalysis import reminders_control

__all__ = ["reminders_control"]
