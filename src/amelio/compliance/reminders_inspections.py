"""Reminders of the periodic inspections: the owner of each equipment and the QSE
coordinators and administrators of its unit get one e-mail each, in their language, listing
the inspections overdue or due within the soon window (data/parameters.json). "Overdue" is
judged at the moment the reminders run for, never on the real clock. Run by `amelio remind`
with every module's reminders; nothing is written to the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amelio.compliance import inspections as service
from amelio.compliance.models import Equipment
from amelio.core.models import User
from amelio.core.registry import (
    Reminder,
    ReminderReport,
    add_reminder,
    can_receive,
    coordinators_of,
    recipient_language,
)


@dataclass(frozen=True)
class Due:
    equipment: Equipment
    rule: object
    due: dt.date
    # The day the reminders run for: "overdue" is judged then, never on the real clock.
    today: dt.date

    @property
    def late(self) -> bool:
        return self.due < self.today


def inspections_due(now: dt.datetime) -> list[Due]:
    """Inspections of equipment in use whose due date is past or within the soon window."""
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=service.soon_days())
    equipments = (
        Equipment.objects.active()
        .filter(withdrawn=False, next_due__isnull=False, next_due__lte=horizon)
        .select_related("org_unit", "owner", "category")
        .order_by("next_due", "id")
    )
    found = []
    for equipment in equipments:
        for item in service.rule_schedule(equipment, today):
            if item.next_due is not None and item.next_due <= horizon:
                found.append(Due(equipment, item.rule, item.next_due, today))
    return found


def recipients(equipment: Equipment) -> list[User]:
    """The owner, and the coordinators and administrators of the unit or above."""
    users = set(coordinators_of(equipment.org_unit))
    if equipment.owner is not None:
        users.add(equipment.owner)
    return sorted((u for u in users if can_receive(u)), key=lambda u: u.pk)


def _message(user: User, items: list[Due]) -> EmailMessage:
    language = recipient_language(user)
    with translation.override(language):
        subject = ngettext(
            "Amelio: %(count)d periodic inspection due",
            "Amelio: %(count)d periodic inspections due",
            len(items),
        ) % {"count": len(items)}
        lines = [_("Periodic inspections overdue or falling due soon:"), ""]
        for item in sorted(items, key=lambda i: (i.due, i.equipment.pk)):
            when = formats.date_format(item.due, "SHORT_DATE_FORMAT")
            state = _("overdue since %(when)s") if item.late else _("due by %(when)s")
            if item.late and item.equipment.stop_when_overdue:
                state += " — " + _("out of service until inspected")
            url = settings.AMELIO_BASE_URL.rstrip("/") + reverse(
                "compliance:equipment_detail", args=[item.equipment.pk]
            )
            lines.append(
                f"- {item.equipment.reference} {item.equipment.name} "
                f"({item.equipment.org_unit.name}): {item.rule} — {state % {'when': when}}"
            )
            lines.append(f"  {url}")
        lines += [
            "",
            _("Record the inspection and attach its report on the equipment once it is done."),
        ]
    return EmailMessage(
        subject, "\n".join(lines), to=[user.email], headers={"Content-Language": language}
    )


def run_inspection_reminders(
    *, now: dt.datetime | None = None, dry_run: bool = False
) -> list[tuple[str, str]]:
    """Send (unless `dry_run`) one e-mail per recipient; returns (address, subject) pairs."""
    now = now or timezone.now()
    by_user: dict[int, tuple[User, list[Due]]] = {}
    for item in inspections_due(now):
        for user in recipients(item.equipment):
            by_user.setdefault(user.pk, (user, []))[1].append(item)
    messages = [_message(user, items) for user, items in by_user.values()]
    if messages and not dry_run:
        get_connection().send_messages(messages)
    return [(m.to[0], str(m.subject)) for m in messages]


def remind(*, now: dt.datetime, dry_run: bool, options: dict) -> ReminderReport:
    """The inspection reminders at `now`, as the reminder registry runs them."""
    sent = run_inspection_reminders(now=now, dry_run=dry_run)
    summary = ""
    if sent:
        summary = _("Periodic inspection reminders: %(count)d e-mail(s).") % {"count": len(sent)}
    return ReminderReport(sent=tuple(sent), summary=summary, data={"inspections": len(sent)})


add_reminder(Reminder("compliance.inspections", remind, order=60))
