"""Background jobs of the actions app (Celery; eager when no broker is configured)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from celery import shared_task


@shared_task(name="amelio.actions.send_reminders")
def send_reminders(
    days: int | None = None, escalate_after: int | None = None, today: str | None = None
) -> dict:
    """Send the day's action reminders and escalations (what `amelio remind` does); returns the
    summary as plain data. `today` is an ISO date, for a catch-up run."""
    from amelio.actions.reminders import run_reminders

    summary = run_reminders(
        today=dt.date.fromisoformat(today) if today else None,
        days=days,
        escalate_after=escalate_after,
    )
    result = dataclasses.asdict(summary)
    from django.apps import apps

    if apps.is_installed("amelio.safety"):
        from amelio.safety.reminders import run_declaration_reminders

        result["declarations"] = len(run_declaration_reminders())
    return result
