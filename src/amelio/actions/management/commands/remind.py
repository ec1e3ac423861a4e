"""`amelio remind`: e-mail each owner a digest of their actions due soon or overdue, and
escalate actions overdue for too long to the owner's manager. Run it daily (cron or Celery
beat); it writes nothing to the database, so running it twice only sends the e-mails twice."""

from __future__ import annotations

import argparse
import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.actions.reminders import Summary, run_reminders


def non_negative(value: str) -> int:
    """An argparse type: a whole number of days, 0 or more."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(_("expected a whole number of days, 0 or more"))
    return number


def iso_date(value: str) -> dt.date:
    """An argparse type: a date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a date as YYYY-MM-DD")) from None


class Command(BaseCommand):
    help = (
        "E-mail each owner a digest of their open actions due within N days or overdue, and "
        "escalate actions overdue by more than M days to the owner's manager."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=non_negative,
            default=None,
            help="Remind actions due within this many days (default: AMELIO_REMINDER_DAYS).",
        )
        parser.add_argument(
            "--escalate-after",
            type=non_negative,
            default=None,
            help="Escalate actions overdue by more than this many days "
            "(default: AMELIO_ESCALATION_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send nothing."
        )
        parser.add_argument(
            "--today", type=iso_date, default=None, help="Run as if on this date (YYYY-MM-DD)."
        )

    def handle(self, *args, **options) -> None:
        summary = run_reminders(
            today=options["today"],
            days=options["days"],
            escalate_after=options["escalate_after"],
            dry_run=options["dry_run"],
        )
        declarations = declaration_reminders(options)
        if summary.dry_run or options["verbosity"] >= 2:
            for recipient, subject in [*summary.subjects, *declarations]:
                self.stdout.write(f"{recipient}: {subject}")
        self.stdout.write(self.style.SUCCESS(summary_line(summary)))
        if declarations:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Accident declaration reminders: %(count)d e-mail(s).")
                    % {"count": len(declarations)}
                )
            )


def declaration_reminders(options) -> list[tuple[str, str]]:
    """The 48-hour declaration reminders of the safety app, when it is installed."""
    from django.apps import apps

    if not apps.is_installed("amelio.safety"):
        return []
    from amelio.safety.reminders import run_declaration_reminders

    now = None
    if options["today"]:
        now = timezone.make_aware(dt.datetime.combine(options["today"], dt.time(8)))
    return run_declaration_reminders(now=now, dry_run=options["dry_run"])


def summary_line(summary: Summary) -> str:
    """One line: e-mails sent, actions listed, escalated, users skipped."""
    values = {
        "emails": summary.emails,
        "actions": summary.actions,
        "escalated": summary.escalated,
        "skipped": summary.skipped,
    }
    text = _(
        "E-mails sent: %(emails)d; actions: %(actions)d (escalated: %(escalated)d); "
        "users skipped (no e-mail address or inactive): %(skipped)d."
    )
    if summary.dry_run:
        text = _(
            "Dry run, nothing sent. E-mails: %(emails)d; actions: %(actions)d (escalated: "
            "%(escalated)d); users skipped (no e-mail address or inactive): %(skipped)d."
        )
    return text % values
