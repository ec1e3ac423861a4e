"""Reminders of training, one module per area: the evaluations due after a session
(`reminders_sessions`) and the authorisations about to expire (`reminders_competences`)."""

from amelio.training import reminders_competences, reminders_sessions

__all__ = ["reminders_competences", "reminders_sessions"]
