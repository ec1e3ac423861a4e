"""Reminders of record retention: the QSE coordinators and administrators of the units whose
records fall due under a retention rule get one e-mail each, in their language, on the day
records fall due, and every Monday while records are due and in no purge run. Holds are
respected (a held record is never due). Run by `amelio remind`; nothing is written."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amelio.core.models import OrgUnit, User
from amelio.core.registry import (
    Reminder,
    ReminderReport,
    add_reminder,
    coordinators_of,
    recipient_language,
)
from amelio.documents import retention as service
from amelio.documents.models.retention import RetentionRule

MONDAY = 0


def due_by_user(today: dt.date) -> dict[int, tuple[User, OrgUnit, list[service.DueItem]]]:
    """Per coordinator: their company and the records due today in the units they
    coordinate, when some fell due today (or on Mondays, when any is due)."""
    found: dict[int, tuple[User, OrgUnit, list[service.DueItem]]] = {}
    companies = OrgUnit.objects.active().filter(kind=OrgUnit.Kind.ORGANISATION).order_by("pk")
    for root in companies:
        if not RetentionRule.objects.active().filter(org_unit__path__startswith=root.path).exists():
            continue
        due = service.due_list(unit=root, on=today, today=today)
        if not due.items or not (
            today.weekday() == MONDAY or any(i.due == today for i in due.items)
        ):
            continue
        recipients: dict[int, list[User]] = {}
        for item in due.items:
            unit = item.record.org_unit
            if unit.pk not in recipients:
                recipients[unit.pk] = coordinators_of(unit)
            for user in recipients[unit.pk]:
                found.setdefault(user.pk, (user, root, []))[2].append(item)
    return found


def _message(user: User, root: OrgUnit, items: list[service.DueItem], today: dt.date):
    language = recipient_language(user)
    with translation.override(language):
        subject = ngettext(
            "Amelio: %(count)d record due under the retention rules",
            "Amelio: %(count)d records due under the retention rules",
            len(items),
        ) % {"count": len(items)}
        new = sum(1 for item in items if item.due == today)
        lines = [
            _("Records kept as long as the rules require, and no longer (GDPR art. 5.1.e)."),
            ngettext(
                "%(count)d of them fell due today (%(date)s).",
                "%(count)d of them fell due today (%(date)s).",
                new,
            )
            % {"count": new, "date": formats.date_format(today, "SHORT_DATE_FORMAT")},
            "",
        ]
        counts = Counter((service.type_label(i.register.key), i.action_label) for i in items)
        for (label, action), count in sorted(counts.items()):
            lines.append(f"- {label} ({action.lower()}): {count}")
        url = settings.AMELIO_BASE_URL.rstrip("/") + reverse("documents:purgerun_due")
        lines += [
            "",
            _("See the list (a dry run), then propose a purge: another coordinator approves it."),
            f"{url}?{urlencode({'unit': root.pk})}",
        ]
    return EmailMessage(
        subject, "\n".join(lines), to=[user.email], headers={"Content-Language": language}
    )


def run_retention_reminders(
    *, now: dt.datetime | None = None, dry_run: bool = False
) -> list[tuple[str, str]]:
    """Send (unless `dry_run`) one e-mail per coordinator; returns (address, subject) pairs."""
    today = timezone.localdate(now or timezone.now())
    messages = [
        _message(user, root, items, today) for user, root, items in due_by_user(today).values()
    ]
    if messages and not dry_run:
        get_connection().send_messages(messages)
    return [(m.to[0], str(m.subject)) for m in messages]


def remind(*, now: dt.datetime, dry_run: bool, options: dict) -> ReminderReport:
    """The retention reminders at `now`, as the reminder registry runs them."""
    sent = run_retention_reminders(now=now, dry_run=dry_run)
    summary = ""
    if sent:
        summary = _("Retention reminders: %(count)d e-mail(s).") % {"count": len(sent)}
    return ReminderReport(sent=tuple(sent), summary=summary, data={"retention": len(sent)})


add_reminder(Reminder("documents.retention", remind, order=80))
