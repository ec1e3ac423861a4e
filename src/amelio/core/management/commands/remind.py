"""`amelio remind`: run the daily reminders of every module (the action digests and their
escalations, the accident declarations...), as registered with `add_reminder`. Run it daily
(cron, or Celery beat with `amelio.core.send_reminders`); it writes nothing to the database,
so running it twice only sends the e-mails twice."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core.registry import reminders, run_reminders


def iso_date(value: str) -> dt.date:
    """An argparse type: a date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a date as YYYY-MM-DD")) from None


def run_at(today: dt.date | None) -> dt.datetime:
    """The moment reminders run for: 8 a.m. local time on `today`, else now."""
    if today is None:
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(today, dt.time(8)))


class Command(BaseCommand):
    help = "Send the daily reminders of every module (action digests, declarations...)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send nothing."
        )
        parser.add_argument(
            "--today", type=iso_date, default=None, help="Run as if on this date (YYYY-MM-DD)."
        )
        for reminder in reminders:
            if reminder.add_arguments is not None:
                reminder.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        reports = run_reminders(now=run_at(options["today"]), dry_run=dry_run, options=options)
        if dry_run or options["verbosity"] >= 2:
            for report in reports.values():
                for recipient, subject in report.sent:
                    self.stdout.write(f"{recipient}: {subject}")
        for report in reports.values():
            if report.summary:
                self.stdout.write(self.style.SUCCESS(report.summary))
