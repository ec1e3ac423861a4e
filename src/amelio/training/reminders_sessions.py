"""Reminders of training sessions, in each recipient's language, judged on the day the
reminders run for (never on the real clock):

- the effectiveness survey of a session opens (`cold_after_weeks` after it): each attendee
  present who has an e-mail and has not answered gets their personal link, on the day it opens
  and again AMELIO_REMINDER_DAYS later; the organiser is told who got it;
- sessions to close: a session over whose attendance list is still open, or a held one whose
  surveys are over; the organiser (or, without one, the unit's coordinators) gets the list.

Run by `amelio remind` with every module's reminders; nothing is written to the database."""

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
from amelio.training.evaluations import make_token, window
from amelio.training.models import Attendance, TrainingSession

# Sessions further back than this are not looked at (the longest cold delay is two years).
LOOKBACK_DAYS = 2 * 366 + 60


def _url(name: str, *args) -> str:
    return settings.AMELIO_BASE_URL.rstrip("/") + reverse(name, args=args)


def _date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _recent_sessions(today: dt.date, states: tuple[str, ...]):
    return (
        TrainingSession.objects.active()
        .filter(status__in=states, start_date__gte=today - dt.timedelta(days=LOOKBACK_DAYS))
        .select_related("org_unit", "owner")
        .order_by("start_date", "id")
    )


# --- Effectiveness surveys -----------------------------------------------------------------


@dataclass(frozen=True)
class SurveyDue:
    """A session whose effectiveness survey opens on `today` (or opened a reminder delay
    ago), with the attendees to ask and those who have no e-mail."""

    session: TrainingSession
    attendees: list[Attendance]
    without_email: list[Attendance]
    first: bool


def surveys_due(today: dt.date) -> list[SurveyDue]:
    """The sessions whose effectiveness survey opens today, or opened AMELIO_REMINDER_DAYS
    ago (a reminder to those who have not answered)."""
    again = today - dt.timedelta(days=settings.AMELIO_REMINDER_DAYS)
    found = []
    for session in _recent_sessions(today, ("held", "evaluated")):
        span = window(session, "cold")
        if span is None or span.opens not in (today, again):
            continue
        waiting = list(
            Attendance.objects.active()
            .filter(session=session, present=True)
            .exclude(evaluations__kind="cold")
            .select_related("person", "session")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        reachable = [a for a in waiting if can_receive(a.person)]
        unreachable = [a for a in waiting if not can_receive(a.person)]
        if waiting:
            found.append(SurveyDue(session, reachable, unreachable, span.opens == today))
    return found


def _attendee_message(attendance: Attendance, first: bool) -> EmailMessage:
    person = attendance.person
    session = attendance.session
    span = window(session, "cold")
    language = recipient_language(person)
    with translation.override(language):
        subject = _("Amelio: what has “%(title)s” changed for you?") % {"title": session.title}
        if not first:
            subject = _("Reminder: %(subject)s") % {"subject": subject}
        lines = [
            _("Hello %(name)s,") % {"name": person.first_name or person.username},
            "",
            _(
                "On %(date)s you attended “%(title)s”. Four questions, one minute: has it "
                "changed the way you work?"
            )
            % {"date": _date(session.start_date), "title": session.title},
            "",
            _url("training:evaluate", make_token(attendance, "cold")),
            "",
            _("The link is yours; it works until %(date)s.") % {"date": _date(span.closes)},  # type: ignore[union-attr]
        ]
    return EmailMessage(
        subject, "\n".join(lines), to=[person.email], headers={"Content-Language": language}
    )


# --- Sessions to close ---------------------------------------------------------------------


@dataclass(frozen=True)
class ToClose:
    session: TrainingSession
    # "attendance": the list is still open after the session; "surveys": they are over.
    reason: str


def sessions_to_close(today: dt.date) -> list[ToClose]:
    """Sessions over whose attendance list is still open, and held sessions whose surveys
    are over (the last one closed before `today`)."""
    found = []
    for session in _recent_sessions(today, ("planned", "held")):
        if session.status == "planned":
            if session.last_day < today:
                found.append(ToClose(session, "attendance"))
            continue
        spans = [s for s in (window(session, "hot"), window(session, "cold")) if s is not None]
        over = max((s.closes for s in spans), default=session.last_day)
        if over < today:
            found.append(ToClose(session, "surveys"))
    return found


def _responsible(session: TrainingSession) -> list[User]:
    """The organiser, or, without one who can receive e-mail, the unit's coordinators."""
    if session.owner is not None and can_receive(session.owner):
        return [session.owner]
    return sorted(coordinators_of(session.org_unit), key=lambda u: u.pk)


def _owner_message(user: User, due: list[SurveyDue], closing: list[ToClose]) -> EmailMessage:
    language = recipient_language(user)
    with translation.override(language):
        count = len(due) + len(closing)
        subject = ngettext(
            "Amelio: %(count)d training session to follow up",
            "Amelio: %(count)d training sessions to follow up",
            count,
        ) % {"count": count}
        lines: list[str] = []
        if due:
            lines += [_("Effectiveness surveys open:"), ""]
            for survey in due:
                lines += _survey_lines(survey)
        if closing:
            lines += [_("Sessions to close:"), ""]
            for entry in closing:
                lines += _closing_lines(entry)
    return EmailMessage(
        subject, "\n".join(lines), to=[user.email], headers={"Content-Language": language}
    )


def _survey_lines(item: SurveyDue) -> list[str]:
    session = item.session
    lines = [
        f"- {session.reference} {session.title} ({_date(session.start_date)}): "
        + ngettext(
            "%(count)d attendee received their link",
            "%(count)d attendees received their link",
            len(item.attendees),
        )
        % {"count": len(item.attendees)}
    ]
    if item.without_email:
        names = ", ".join(str(a.person) for a in item.without_email)
        lines.append("  " + _("No e-mail, give them their link: %(names)s") % {"names": names})
        lines.append("  " + _url("training:trainingsession_links", session.pk))
    else:
        lines.append("  " + _url("training:trainingsession_detail", session.pk))
    return [*lines, ""]


def _closing_lines(item: ToClose) -> list[str]:
    session = item.session
    if item.reason == "attendance":
        what = _("over: record who was present and close the attendance list")
    else:
        what = _("its surveys are over: close the session")
    return [
        f"- {session.reference} {session.title} ({_date(session.start_date)}) — {what}",
        "  " + _url("training:trainingsession_detail", session.pk),
        "",
    ]


# --- The run -------------------------------------------------------------------------------


def messages_for(now: dt.datetime) -> list[EmailMessage]:
    """Every e-mail of the run at `now`: the attendees' links, then one per organiser."""
    today = timezone.localdate(now)
    due = surveys_due(today)
    closing = sessions_to_close(today)
    messages = [_attendee_message(a, item.first) for item in due for a in item.attendees]
    owners: dict[int, tuple[User, list[SurveyDue], list[ToClose]]] = {}

    def owner(user: User) -> tuple[User, list[SurveyDue], list[ToClose]]:
        return owners.setdefault(user.pk, (user, [], []))

    for survey in due:
        if survey.first:
            for user in _responsible(survey.session):
                owner(user)[1].append(survey)
    for entry in closing:
        for user in _responsible(entry.session):
            owner(user)[2].append(entry)
    messages += [_owner_message(*owners[pk]) for pk in sorted(owners)]
    return messages


def remind(*, now: dt.datetime, dry_run: bool, options: dict) -> ReminderReport:
    """The training reminders at `now`, as the reminder registry runs them."""
    messages = messages_for(now)
    if messages and not dry_run:
        get_connection().send_messages(messages)
    sent = tuple((m.to[0], str(m.subject)) for m in messages)
    summary = ""
    if sent:
        summary = _("Training session reminders: %(count)d e-mail(s).") % {"count": len(sent)}
    return ReminderReport(sent=sent, summary=summary, data={"sessions": len(sent)})


add_reminder(Reminder("training.sessions", remind, order=75))
