"""Reminders of the conformity evaluations due: the QSE coordinators and administrators of a
site (or above) get one e-mail each, in their language, listing the applicable texts of their
sites whose next evaluation is past or within the soon window. Run by `amelio remind` with
every module's reminders; "due" is judged against the moment given, never the clock."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amelio.compliance.models import Applicability, Decision
from amelio.compliance.reference_data import parameter
from amelio.core.models import User
from amelio.core.registry import (
    Reminder,
    ReminderReport,
    add_reminder,
    coordinators_of,
    recipient_language,
)


def evaluations_due(today: dt.date) -> list[Applicability]:
    """The applicable texts of every site whose evaluation falls due by the soon window."""
    horizon = today + dt.timedelta(days=parameter("evaluation_soon_days"))
    return list(
        Applicability.objects.active()
        .filter(decision=Decision.APPLICABLE, next_evaluation_due__lte=horizon)
        .select_related("org_unit", "text")
        .order_by("next_evaluation_due", "pk")
    )


def _recipients(row: Applicability) -> list[User]:
    return sorted(coordinators_of(row.org_unit), key=lambda u: u.pk)


def _message(user: User, rows: list[Applicability], today: dt.date) -> EmailMessage:
    language = recipient_language(user)
    with translation.override(language):
        subject = ngettext(
            "Amelio: %(count)d legal text to evaluate",
            "Amelio: %(count)d legal texts to evaluate",
            len(rows),
        ) % {"count": len(rows)}
        lines = [_("The conformity of these sites to these texts is to be evaluated:"), ""]
        for row in rows:
            assert row.next_evaluation_due is not None  # noqa: S101  # filtered on it
            when = formats.date_format(row.next_evaluation_due, "SHORT_DATE_FORMAT")
            state = (
                _("overdue since %(when)s")
                if row.next_evaluation_due < today
                else _("due by %(when)s")
            )
            url = settings.AMELIO_BASE_URL.rstrip("/") + reverse(
                "compliance:applicability_detail", args=[row.pk]
            )
            lines.append(f"- {row.org_unit.name} · {row.text.title} — {state % {'when': when}}")
            lines.append(f"  {url}")
    return EmailMessage(
        subject, "\n".join(lines), to=[user.email], headers={"Content-Language": language}
    )


def remind(*, now: dt.datetime, dry_run: bool, options: dict) -> ReminderReport:
    """The evaluation reminders at `now`, as the reminder registry runs them."""
    today = timezone.localdate(now)
    by_user: dict[int, tuple[User, list[Applicability]]] = {}
    for row in evaluations_due(today):
        for user in _recipients(row):
            by_user.setdefault(user.pk, (user, []))[1].append(row)
    messages = [_message(user, rows, today) for user, rows in by_user.values()]
    if messages and not dry_run:
        get_connection().send_messages(messages)
    sent = tuple((m.to[0], str(m.subject)) for m in messages)
    summary = (
        _("Legal evaluation reminders: %(count)d e-mail(s).") % {"count": len(sent)} if sent else ""
    )
    return ReminderReport(sent=sent, summary=summary, data={"evaluations": len(sent)})


add_reminder(Reminder("compliance.evaluations", remind, order=55))
