"""Reminders of the competences: before a skill or authorisation lapses (within the skill's
reminder lead time), and while a lapsed one is still required, the person's manager and the
QSE coordinators and administrators of the person's unit get one e-mail each, in their
language. The same daily run refreshes the stored statuses of the skills held and of the
qualifications (decision 0029), unless it is a dry run. "Expiring" is judged at the moment
the reminders run for, never on the real clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
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
from amelio.training import competences
from amelio.training.models import PersonSkill, Qualification

# The longest lead time a skill may have (its field's maximum), to read the candidates once.
MAX_LEAD_DAYS = 730


@dataclass(frozen=True)
class Due:
    holding: PersonSkill
    # The day the reminders run for.
    today: dt.date

    @property
    def expired(self) -> bool:
        return self.holding.expires_on is not None and self.holding.expires_on < self.today

    @property
    def days_left(self) -> int:
        return (self.holding.expires_on - self.today).days if self.holding.expires_on else 0


def skills_due(now: dt.datetime) -> list[Due]:
    """Skills held by active people that expire within their skill's lead time, and those
    expired that a requirement still asks of the person."""
    today = timezone.localdate(now)
    candidates = (
        PersonSkill.objects.active()
        .filter(
            person__is_active=True,
            skill__archived_at__isnull=True,
            expires_on__isnull=False,
            expires_on__lte=today + dt.timedelta(days=MAX_LEAD_DAYS),
        )
        .select_related("person__manager", "skill", "org_unit")
        .order_by("expires_on", "id")
    )
    required = set(Qualification.objects.active().values_list("person_id", "skill_id").distinct())
    found = []
    for holding in candidates:
        status = competences.skill_status(holding.expires_on, holding.skill.reminder_days, today)
        still_required = (holding.person_id, holding.skill_id) in required
        if status == "expiring" or (status == "expired" and still_required):
            found.append(Due(holding, today))
    return found


def recipients(holding: PersonSkill) -> list[User]:
    """The person's manager, and the coordinators and administrators of the unit or above."""
    users = set(coordinators_of(holding.org_unit))
    if holding.person.manager is not None:
        users.add(holding.person.manager)
    return sorted((u for u in users if can_receive(u)), key=lambda u: u.pk)


def _line(item: Due) -> list[str]:
    holding = item.holding
    when = formats.date_format(holding.expires_on or item.today, "SHORT_DATE_FORMAT")
    if item.expired:
        state = _("expired on %(when)s and still required") % {"when": when}
    else:
        state = ngettext(
            "expires on %(when)s (in %(days)d day)",
            "expires on %(when)s (in %(days)d days)",
            item.days_left,
        ) % {"when": when, "days": item.days_left}
    url = settings.AMELIO_BASE_URL.rstrip("/") + reverse(
        "training:personskill_detail", args=[holding.pk]
    )
    return [f"- {holding.person} — {holding.skill.code} {holding.skill.name}: {state}", f"  {url}"]


def _message(user: User, items: list[Due]) -> EmailMessage:
    language = recipient_language(user)
    with translation.override(language):
        subject = ngettext(
            "Amelio: %(count)d skill or authorisation to renew",
            "Amelio: %(count)d skills or authorisations to renew",
            len(items),
        ) % {"count": len(items)}
        lines = [_("Skills and authorisations expiring soon, or expired and still required:"), ""]
        for item in sorted(items, key=lambda i: (i.holding.expires_on, i.holding.pk)):
            lines += _line(item)
        lines += [
            "",
            _("Plan the renewal (training, test) and record it on the skill held once done."),
        ]
    return EmailMessage(
        subject, "\n".join(lines), to=[user.email], headers={"Content-Language": language}
    )


def run_competence_reminders(
    *, now: dt.datetime | None = None, dry_run: bool = False
) -> list[tuple[str, str]]:
    """Send (unless `dry_run`) one e-mail per recipient; returns (address, subject) pairs."""
    now = now or timezone.now()
    by_user: dict[int, tuple[User, list[Due]]] = {}
    for item in skills_due(now):
        for user in recipients(item.holding):
            by_user.setdefault(user.pk, (user, []))[1].append(item)
    messages = [_message(user, items) for user, items in by_user.values()]
    if messages and not dry_run:
        get_connection().send_messages(messages)
    return [(m.to[0], str(m.subject)) for m in messages]


def remind(*, now: dt.datetime, dry_run: bool, options: dict) -> ReminderReport:
    """The daily run: refresh the stored statuses (not on a dry run), then the reminders."""
    refreshed = 0 if dry_run else competences.refresh_all(timezone.localdate(now))
    sent = run_competence_reminders(now=now, dry_run=dry_run)
    summary = ""
    if sent or refreshed:
        summary = _(
            "Competences: %(count)d reminder e-mail(s), %(refreshed)d qualification(s) updated."
        ) % {"count": len(sent), "refreshed": refreshed}
    return ReminderReport(
        sent=tuple(sent), summary=summary, data={"skills": len(sent), "refreshed": refreshed}
    )


add_reminder(Reminder("training.competences", remind, order=70))
