"""Background jobs of the core (Celery; eager when no broker is configured)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task


@shared_task(name="amelio.core.send_reminders")
def send_reminders(today: str | None = None) -> dict:
    """Send the day's reminders of every module (what `amelio remind` does); returns each
    module's result as plain data. `today` is an ISO date, for a catch-up run."""
    from amelio.core.management.commands.remind import run_at
    from amelio.core.registry import run_reminders

    now = run_at(dt.date.fromisoformat(today) if today else None)
    return {key: report.data for key, report in run_reminders(now=now).items()}
