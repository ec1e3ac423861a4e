"""Background jobs of the indicators app (Celery; eager when no broker is configured)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from celery import shared_task


@shared_task(name="amelio.indicators.refresh_computed")
def refresh_computed(today: str | None = None) -> dict:
    """Recompute the computed indicators (what `amelio refresh_indicators` does); returns the
    summary as plain data. `today` is an ISO date, for a catch-up run."""
    from amelio.indicators.services import computed_refresh

    summary = computed_refresh(today=dt.date.fromisoformat(today) if today else None)
    return dataclasses.asdict(summary)
