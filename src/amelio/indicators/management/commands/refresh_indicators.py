"""`amelio refresh_indicators`: bring the values of computed indicators up to date (the current
and the previous period) and alert owners about last period. Run it nightly (cron or Celery
beat, see `amelio.celery`); running it twice changes nothing the second time."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from amelio.core.management.commands.remind import iso_date
from amelio.indicators.services import computed_refresh


class Command(BaseCommand):
    help = (
        "Recompute the current and the previous period of every computed indicator and "
        "alert the owners about the previous period."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today", type=iso_date, default=None, help="Run as if on this date (YYYY-MM-DD)."
        )

    def handle(self, *args, today=None, **options) -> None:
        summary = computed_refresh(today=today)
        self.stdout.write(
            _(
                "Computed indicators checked: %(indicators)s; values updated: %(changed)s; "
                "alerts raised: %(alerts)s."
            )
            % {
                "indicators": summary.indicators,
                "changed": summary.changed,
                "alerts": summary.alerts,
            }
        )
        for line in summary.failed:
            self.stderr.write(_("Not computed: %(problem)s") % {"problem": line})
