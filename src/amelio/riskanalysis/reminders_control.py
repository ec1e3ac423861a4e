"""Reminders of the control plans: controls come due like tasks. The responsible of each
characteristic (else the plan's owner) gets one e-mail, in their language, listing the
controls due on the day the reminders run for and those overdue, told on their due day and
then every AMELIO_REMINDER_DAYS days while they stay overdue (`reminder_day`). "Due" and
"overdue" are judged on that day, never on the real clock; nothing is written."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amelio.core.models import User
from amelio.core.registry import Reminder, ReminderReport, add_reminder, can_receive
from amelio.core.registry import recipient_language as language_of
from amelio.riskanalysis import computations_control as calc
from amelio.riskanalysis.models import ControlCharacteristic


def controls_due(today: dt.date) -> list[ControlCharacteristic]:
    """Active characteristics of active plans due today, or overdue on a reminder day."""
    every = settings.AMELIO_REMINDER_DAYS
    candidates = (
        ControlCharacteristic.objects.active()
        .filter(next_due__lte=today, plan__archived_at__isnull=True)
        .select_related("plan__owner", "responsible", "org_unit")
        .order_by("next_due", "pk")
    )
    return [c for c in candidates if c.next_due and calc.reminder_day(c.next_due, today, every)]


def recipient(characteristic: ControlCharacteristic) -> User | None:
    """The responsible of the control, else the owner of its plan, if they can be e-mailed."""
    person = characteristic.responsible or characteristic.plan.owner
    return person if person is not None and can_receive(person) else None


def _line(characteristic: ControlCharacteristic, today: dt.date) -> list[str]:
    due = characteristic.next_due or today
    day = formats.date_format(due, "SHORT_DATE_FORMAT")
    state = _("overdue since %(day)s") % {"day": day} if due < today else _("due today")
    url = settings.AMELIO_BASE_URL.rstrip("/") + reverse(
        "riskanalysis:control_record", args=[characteristic.pk]
    )
    return [
        f"- {characteristic} ({characteristic.plan.reference}, {characteristic.frequency}): "
        f"{state}",
        f"  {url}",
    ]


def _message(user: User, items: list[ControlCharacteristic], today: dt.date) -> EmailMessage:
    language = language_of(user)
    with translation.override(language):
        subject = ngettext(
            "Amelio: %(count)d control to do",
            "Amelio: %(count)d controls to do",
            len(items),
        ) % {"count": len(items)}
        lines = [_("Controls of the control plans due or overdue:"), ""]
        for item in items:
            lines += _line(item, today)
        lines += ["", _("Open the link on your phone to record the control.")]
    return EmailMessage(
        subject, "\n".join(lines), to=[user.email], headers={"Content-Language": language}
    )


def run_control_reminders(*, now: dt.datetime, dry_run: bool) -> list[tuple[str, str]]:
    """Send (unless `dry_run`) one e-mail per recipient; returns (address, subject) pairs."""
    today = timezone.localdate(now)
    by_user: dict[int, tuple[User, list[ControlCharacteristic]]] = {}
    for characteristic in controls_due(today):
        person = recipient(characteristic)
        if person is not None:
            by_user.setdefault(person.pk, (person, []))[1].append(characteristic)
    messages = [_message(user, items, today) for user, items in by_user.values()]
    if messages and not dry_run:
        get_connection().send_messages(messages)
    return [(m.to[0], str(m.subject)) for m in messages]


def remind(*, now: dt.datetime, dry_run: bool, options: dict) -> ReminderReport:
    """The control reminders at `now`, as the reminder registry runs them."""
    sent = run_control_reminders(now=now, dry_run=dry_run)
    summary = ""
    if sent:
        summary = _("Control plans: %(count)d reminder e-mail(s).") % {"count": len(sent)}
    return ReminderReport(sent=tuple(sent), summary=summary, data={"controls": len(sent)})


add_reminder(Reminder("riskanalysis.controls", remind, order=85))
