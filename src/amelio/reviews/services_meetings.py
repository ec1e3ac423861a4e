"""Changes to meetings across records: the series and the previous meeting, the review of its
actions (live, then frozen with the minutes), decisions turned into actions, the agenda
prepared from the previous meeting, the minutes printed and e-mailed to the attendees."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from amelio.actions.models import Action, ActionLink
from amelio.actions.services import action_link
from amelio.actions.workflows import action_workflow
from amelio.core.permissions import can
from amelio.core.registry import can_receive, recipient_language, registry
from amelio.core.services import record_create
from amelio.reviews.models import AgendaItem, Attendance, Decision, Meeting

# What became of an action reviewed at the next meeting.
DONE, LATE, OPEN, CANCELLED = "done", "late", "open", "cancelled"
DONE_STATUSES = ("done", "verified")
MINUTES_TEMPLATE = "reviews/meeting/minutes_pdf.html"


# --- The series --------------------------------------------------------------------------


def series(meeting: Meeting):
    """The meetings of `meeting`'s series, the oldest first: same kind, same org unit, same
    process and same project (or none), not archived and not cancelled."""
    return (
        Meeting.objects.active()
        .filter(
            kind=meeting.kind,
            org_unit_id=meeting.org_unit_id,
            process_id=meeting.process_id,
            project_id=meeting.project_id,
        )
        .exclude(status="cancelled")
        .order_by("starts_at", "pk")
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting of the series held just before `meeting` (by date and time; two meetings
    at the same moment are ordered by creation)."""
    before = series(meeting).exclude(pk=meeting.pk).filter(starts_at__lte=meeting.starts_at)
    if meeting.pk:
        before = before.exclude(starts_at=meeting.starts_at, pk__gt=meeting.pk)
    return before.order_by("-starts_at", "-pk").first()


# --- Review of the previous meeting's actions ---------------------------------------------


def action_state(action: Action, on: datetime.date) -> str:
    """Where an action stands on the day `on`: done (done or verified), cancelled, late (still
    open past its due date) or open."""
    if action.status in DONE_STATUSES:
        return DONE
    if action.status == "cancelled":
        return CANCELLED
    return LATE if action.due_date < on else OPEN


def linked_actions(meeting: Meeting):
    """The actions linked to `meeting` (its decisions' actions and any other), by due date."""
    return (
        Action.objects.active()
        .filter(
            links__content_type=ContentType.objects.get_for_model(Meeting),
            links__object_id=meeting.pk,
        )
        .select_related("owner")
        .order_by("due_date", "pk")
    )


def review_day(meeting: Meeting) -> datetime.date:
    """The day the previous actions are judged on: the meeting's day, or today while the
    meeting is still to come (an action is not late before its due date has passed)."""
    return min(meeting.day, timezone.localdate())


def previous_review(meeting: Meeting, user: Any = None) -> dict | None:
    """The review of the previous meeting's actions: the frozen one once the minutes are
    sent, else computed now (with the actions `user` may see when a user is given); None
    when the meeting opens its series."""
    if meeting.previous_review is not None:
        return meeting.previous_review or None
    previous = previous_meeting(meeting)
    if previous is None:
        return None
    on = review_day(meeting)
    actions = linked_actions(previous)
    if user is not None:
        seen = registry.get("actions.action").queryset_for(user).values("pk")
        actions = actions.filter(pk__in=seen)
    return {
        "meeting": {
            "pk": previous.pk,
            "reference": previous.reference,
            "title": previous.title,
            "day": previous.day.isoformat(),
        },
        "on": on.isoformat(),
        "actions": [_action_row(action, on) for action in actions],
    }


def _action_row(action: Action, on: datetime.date) -> dict:
    return {
        "pk": action.pk,
        "reference": action.reference,
        "title": action.title,
        "owner": str(action.owner) if action.owner_id else "",
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "state": action_state(action, on),
    }


def review_display(review: dict | None) -> dict | None:
    """The review with dates as dates and status labels in the active language (for pages
    and the PDF)."""
    if review is None:
        return None
    rows = [
        {
            **row,
            "due_date": datetime.date.fromisoformat(row["due_date"]),
            "status_label": action_workflow.state(row["status"]).label,
        }
        for row in review["actions"]
    ]
    counts = {state: sum(1 for r in rows if r["state"] == state) for state in STATES}
    return {
        "meeting": {
            **review["meeting"],
            "day": datetime.date.fromisoformat(review["meeting"]["day"]),
        },
        "on": datetime.date.fromisoformat(review["on"]),
        "actions": rows,
        "counts": counts,
    }


STATES = (DONE, LATE, OPEN, CANCELLED)


# --- Parts of a meeting --------------------------------------------------------------------


def may_change(meeting: Meeting, user) -> bool:
    """Whether `user` may change the meeting's attendance, agenda and decisions now."""
    return meeting.is_open and can(user, "change", meeting.org_unit)


def require_change(meeting: Meeting, user) -> None:
    if not can(user, "change", meeting.org_unit):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    if not meeting.is_open:
        raise ValidationError(_("The minutes of this meeting are closed: nothing can change."))


def _locked(pk: int) -> Meeting:
    return Meeting.objects.select_for_update().select_related("org_unit").get(pk=pk)


def touch(meeting: Meeting, user) -> None:
    """Note that `user` changed a part of the meeting (its "updated on" and "by")."""
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=timezone.now(), updated_by=user)


@transaction.atomic
def agenda_from_previous(*, meeting: Meeting, user) -> int:
    """Copy the previous meeting's agenda items (title, presenter, duration, not the notes)
    after the items `meeting` already has; returns how many were copied."""
    meeting = _locked(meeting.pk)
    require_change(meeting, user)
    previous = previous_meeting(meeting)
    if previous is None:
        raise ValidationError(_("This meeting opens its series: there is no previous agenda."))
    items = list(previous.agenda.all())
    if not items:
        raise ValidationError(_("The previous meeting has no agenda."))
    start = max((i.order for i in meeting.agenda.all()), default=0)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=start + n,
            title=item.title,
            presenter_id=item.presenter_id,
            duration_minutes=item.duration_minutes,
        )
        for n, item in enumerate(items, start=1)
    )
    touch(meeting, user)
    return len(items)


def action_defaults(decision: Decision) -> dict:
    """What "make it an action" proposes: the decision's text as title, the presenter of its
    item (else the organiser) as owner, due a month after the meeting."""
    meeting = decision.meeting
    presenter = decision.item.presenter if decision.item else None
    return {
        "title": " ".join(decision.text.split())[:200],
        "owner": presenter or meeting.owner,
        "due_date": meeting.day + datetime.timedelta(days=30),
    }


@transaction.atomic
def decision_to_action(*, decision: Decision, user, title: str, owner, due_date) -> Action:
    """Turn a decision into an improvement action of the meeting's unit, linked to the
    meeting and remembered on the decision."""
    # Read again, locked: the meeting may have been sent since the page was shown.
    meeting = _locked(decision.meeting_id)
    require_change(meeting, user)
    if decision.action_id:
        raise ValidationError(_("This decision is already an action."))
    action = Action(
        title=(title.strip() or decision.text)[:200],
        description=_("Decision of the meeting %(meeting)s of %(date)s: %(text)s")
        % {
            "meeting": meeting,
            "date": date_format(meeting.day, "SHORT_DATE_FORMAT"),
            "text": decision.text,
        },
        action_type=Action.Type.IMPROVEMENT,
        org_unit=meeting.org_unit,
        owner=owner,
        due_date=due_date,
    )
    # Through core and the actions module, as every other action is made: the permission to
    # add in the unit, the checks, the history, the link to the meeting.
    record_create(record=action, user=user)
    action_link(action=action, record=meeting, user=user, role=ActionLink.Role.IMPROVEMENT)
    Decision.objects.filter(pk=decision.pk).update(action=action)
    decision.action = action
    touch(meeting, user)
    return action


# --- Minutes --------------------------------------------------------------------------------


def minutes_context(meeting: Meeting, user: Any = None) -> dict:
    """What the minutes show: attendance, agenda with each item's decisions, the decisions
    taken outside any item, the review of the previous meeting's actions."""
    items = list(meeting.agenda.select_related("presenter"))
    decisions = list(meeting.decisions.select_related("action__owner", "item"))
    for item in items:
        item.item_decisions = [d for d in decisions if d.item_id == item.pk]  # type: ignore[attr-defined]
    for decision in decisions:
        if decision.action is not None:
            day = review_day(meeting)
            decision.action.state = action_state(decision.action, day)  # type: ignore[attr-defined]
    return {
        "meeting": meeting,
        "attendances": list(meeting.attendances.select_related("user")),
        "items": items,
        "general_decisions": [d for d in decisions if d.item_id is None],
        "decisions": decisions,
        "review": review_display(previous_review(meeting, user)),
    }


def minutes_pdf(meeting: Meeting, language: str) -> bytes:
    """The minutes printed in `language`; raises core.reports.PdfUnavailable."""
    from amelio.core.reports import render_pdf

    context = {**minutes_context(meeting), "printed_on": timezone.localdate()}
    return render_pdf(MINUTES_TEMPLATE, context, language=language)


def minutes_recipients(meeting: Meeting) -> list:
    """The attendees (present or not) who can receive an e-mail."""
    return [a.user for a in meeting.attendances.select_related("user") if can_receive(a.user)]


def minutes_freeze_and_send(meeting: Meeting, user) -> list[str]:
    """Freeze the review of the previous meeting's actions into the minutes, then e-mail
    them to the attendees, each in their language; returns the addresses written to.
    Called by the "send the minutes" transition, before the meeting is saved."""
    if meeting.previous_review is None:
        review = previous_review(meeting)
        meeting.previous_review = review if review is not None else {}
    meeting.minutes_sent_at = timezone.now()
    return minutes_send(meeting)


def minutes_send(meeting: Meeting) -> list[str]:
    """E-mail the minutes (PDF attached when this server prints PDFs) to the attendees."""
    from amelio.core.reports import PdfUnavailable

    pdfs: dict[str, bytes | None] = {}
    sent = []
    for person in minutes_recipients(meeting):
        language = recipient_language(person)
        if language not in pdfs:
            try:
                pdfs[language] = minutes_pdf(meeting, language)
            except PdfUnavailable:
                pdfs[language] = None
        _mail_minutes(meeting, person, language, pdfs[language])
        sent.append(person.email)
    return sent


def _mail_minutes(meeting: Meeting, person, language: str, pdf: bytes | None) -> None:
    with translation.override(language):
        values = {"title": meeting.title, "date": meeting.day.strftime("%d/%m/%Y")}
        subject = _("Minutes: %(title)s of %(date)s") % values
        body = _(
            "Hello,\n\nPlease find attached the minutes of the meeting “%(title)s” of "
            "%(date)s, with its decisions and the actions that follow them.\n\n%(link)s"
        ) % {**values, "link": _meeting_url(meeting)}
        message = EmailMessage(subject, body, None, [person.email])
        if pdf is not None:
            message.attach(f"{meeting.reference}.pdf", pdf, "application/pdf")
        message.send()


def _meeting_url(meeting: Meeting) -> str:
    path = registry.get("reviews.meeting").url("detail", meeting.pk)
    return settings.AMELIO_BASE_URL.rstrip("/") + path


def attendance_of(meeting: Meeting) -> dict[str, int]:
    """How many attendees were present, excused, absent or only invited."""
    counts = dict.fromkeys(Attendance.Presence.values, 0)
    for presence in meeting.attendances.values_list("presence", flat=True):
        counts[presence] += 1
    return counts
