"""Reminders of the 48-hour declaration of work and commuting accidents: the event's analysis
lead and the QSE coordinators and administrators of its unit get one e-mail each, in their
language, listing the accidents not yet declared whose deadline is within a day or past. Run
by `amelio remind` with every module's reminders; nothing is written to the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import CharField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amelio.core.models import User
from amelio.core.registry import (
    Reminder,
    ReminderReport,
    add_reminder,
    can_receive,
    coordinators_of,
    recipient_language,
)
from amelio.safety.models import SafetyEvent
from amelio.safety.models.events import DECLARED

# Accidents are looked for over this many days back (a declaration is due within days).
LOOK_BACK_DAYS = 30
WARN_BEFORE = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Due:
    event: SafetyEvent
    due: dt.datetime
    # The moment the reminders run for: "late" is judged then, never on the real clock.
    now: dt.datetime

    @property
    def late(self) -> bool:
        return self.due < self.now


def undeclared(queryset, now: dt.datetime):
    """The work and commuting accidents of `queryset` not declared yet that happened within
    LOOK_BACK_DAYS of `now` (the candidates of the reminders and of the cockpit), oldest first.

    The kind of event is compared through an expression that no index serves, so that SQLite,
    which keeps no statistics, reads the few days of the window on the date index rather than
    every accident of every year on the kind's index."""
    since = now - dt.timedelta(days=LOOK_BACK_DAYS)
    return (
        queryset.annotate(kind=Concat("event_type", Value(""), output_field=CharField()))
        .filter(kind__in=DECLARED, declared_on__isnull=True, occurred_at__gte=since)
        .exclude(victim_status="contractor")
        .order_by("occurred_at", "pk")
    )


def declarations_due(now: dt.datetime) -> list[Due]:
    """Accidents still to declare whose deadline falls within a day, or has passed."""
    events = undeclared(SafetyEvent.objects.active(), now).select_related("org_unit", "owner")
    found = []
    for event in events:
        due = event.declaration_due
        if due is not None and due - now <= WARN_BEFORE:
            found.append(Due(event, due, now))
    return found


def recipients(event: SafetyEvent) -> list[User]:
    """The analysis lead, and the coordinators and administrators of the unit or above."""
    users = set(coordinators_of(event.org_unit))
    if event.owner is not None:
        users.add(event.owner)
    return sorted((u for u in users if can_receive(u)), key=lambda u: u.pk)


def _message(user: User, items: list[Due]) -> EmailMessage:
    language = recipient_language(user)
    with translation.override(language):
        subject = ngettext(
            "Amelio: %(count)d accident to declare",
            "Amelio: %(count)d accidents to declare",
            len(items),
        ) % {"count": len(items)}
        lines = [
            _(
                "Work and commuting accidents are declared to the social security within 48 "
                "hours (Sundays and public holidays not counted); for a temporary worker, the "
                "temporary work agency is informed within 24 hours and declares. Not declared "
                "yet:"
            ),
            "",
        ]
        for item in items:
            when = formats.date_format(timezone.localtime(item.due), "SHORT_DATETIME_FORMAT")
            state = _("overdue since %(when)s") if item.late else _("due by %(when)s")
            if item.event.agency_declares:
                state = _("inform the temporary work agency (24 hours): %(state)s") % {
                    "state": state
                }
            url = settings.AMELIO_BASE_URL.rstrip("/") + reverse(
                "safety:safetyevent_detail", args=[item.event.pk]
            )
            lines.append(f"- {item.event.reference} {item.event.title} — {state % {'when': when}}")
            lines.append(f"  {url}")
        lines += ["", _("Record the declaration date on the event once it is sent.")]
    return EmailMessage(
        subject, "\n".join(lines), to=[user.email], headers={"Content-Language": language}
    )


def run_declaration_reminders(
    *, now: dt.datetime | None = None, dry_run: bool = False
) -> list[tuple[str, str]]:
    """Send (unless `dry_run`) one e-mail per recipient; returns (address, subject) pairs."""
    now = now or timezone.now()
    by_user: dict[int, tuple[User, list[Due]]] = {}
    for item in declarations_due(now):
        for user in recipients(item.event):
            by_user.setdefault(user.pk, (user, []))[1].append(item)
    messages = [_message(user, items) for user, items in by_user.values()]
    if messages and not dry_run:
        get_connection().send_messages(messages)
    return [(m.to[0], str(m.subject)) for m in messages]


def remind(*, now: dt.datetime, dry_run: bool, options: dict) -> ReminderReport:
    """The declaration reminders at `now`, as the reminder registry runs them."""
    sent = run_declaration_reminders(now=now, dry_run=dry_run)
    summary = ""
    if sent:
        summary = _("Accident declaration reminders: %(count)d e-mail(s).") % {"count": len(sent)}
    return ReminderReport(sent=tuple(sent), summary=summary, data={"declarations": len(sent)})


add_reminder(Reminder("safety.declarations", remind, order=20))
