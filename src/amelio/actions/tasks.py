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
    return dataclasses.asdict(summary)
