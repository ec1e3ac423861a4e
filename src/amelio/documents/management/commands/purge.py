"""`amelio purge`: the retention purge from the command line.

`amelio purge --dry-run [--unit CODE] [--date YYYY-MM-DD] [--xlsx FILE]` lists the records due
(what a purge run would freeze), changing nothing. `amelio purge --run PURGE-2026-0001 --user
NAME` carries out a run that another coordinator approved, as NAME (who must be allowed to
approve in its unit). There is no way to purge without an approved run."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core import services
from amelio.core.management.commands.remind import iso_date
from amelio.core.models import OrgUnit, User
from amelio.documents import retention as service
from amelio.documents.models.retention import PurgeRun


class Command(BaseCommand):
    help = "List the records due under the retention rules (--dry-run), or carry out an approved purge run (--run)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due; change nothing."
        )
        parser.add_argument("--unit", help="Code of the org unit (default: the company).")
        parser.add_argument(
            "--date", type=iso_date, default=None, help="Due on this date (YYYY-MM-DD)."
        )
        parser.add_argument("--xlsx", type=Path, help="Also write the list to this workbook.")
        parser.add_argument("--run", help="Reference of an approved purge run to carry out.")
        parser.add_argument("--user", help="Username of who carries out the run.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["run"]:
            self._execute(options["run"], options["user"])
        elif options["dry_run"]:
            self._dry_run(options)
        else:
            raise CommandError(
                _(
                    "Nothing is purged without an approved run: list what is due with "
                    "--dry-run, propose a purge run in Amelio, then carry it out with --run."
                )
            )

    def _dry_run(self, options: dict) -> None:
        unit = self._unit(options["unit"])
        today = timezone.localdate()
        on = min(options["date"] or today, today)
        due = service.due_list(unit=unit, on=on, today=today)
        for item in due.items:
            self.stdout.write(
                f"{item.record.reference}\t{service.type_label(item.register.key)}\t"
                f"{item.action}\t{item.due.isoformat()}\t{item.rule.reference}"
            )
        for item in due.blocked:
            self.stdout.write(f"{item.record.reference}\t{item.action}\tBLOCKED\t{item.blocked}")
        if options["xlsx"]:
            from amelio.documents.views_retention import due_workbook

            options["xlsx"].write_bytes(due_workbook(due).content)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(count)d record(s) due on %(date)s in %(unit)s; %(blocked)d blocked. Nothing was changed."
                )
                % {
                    "count": len(due.items),
                    "date": on.isoformat(),
                    "unit": unit.name,
                    "blocked": len(due.blocked),
                }
            )
        )

    def _unit(self, code: str | None) -> OrgUnit:
        units = OrgUnit.objects.active()
        unit = (
            units.filter(code=code).first() if code else units.filter(kind="organisation").first()
        )
        if unit is None:
            raise CommandError(_("No such org unit: %(code)s") % {"code": code or "—"})
        return unit

    def _execute(self, reference: str, username: str | None) -> None:
        run = PurgeRun.objects.filter(reference=reference.upper()).first()
        user = User.objects.filter(username=username or "", is_active=True).first()
        if run is None or user is None:
            raise CommandError(_("Give the reference of a purge run and an active user (--user)."))
        try:
            done: Any = services.record_transition(record=run, user=user, name="execute")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("%(run)s carried out: %(done)d done, %(skipped)d skipped, %(failed)d failed.")
                % {
                    "run": done.reference,
                    "done": done.done_count,
                    "skipped": done.skipped_count,
                    "failed": done.failed_count,
                }
            )
        )
