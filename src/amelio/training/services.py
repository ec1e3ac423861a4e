"""State changes of the communication plan and of training sessions, across records: register
people for a session (one by one or a whole unit), record who was present and who passed,
close the attendance list (those who passed a session of a skill get it), answer a survey
through its signed link, keep the measures a session publishes in step, plan the next
occurrence of a recurring communication. No HTTP here: callers pass the acting user (None for
an answer given through a signed link without a login) and the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from amelio.core import services as core
from amelio.training import computations
from amelio.training.evaluations import QUESTIONS, window
from amelio.training.models import (
    Attendance,
    CommunicationItem,
    SessionEvaluation,
    TrainingSession,
)

# --- Measures ------------------------------------------------------------------------------


def session_refresh(session: TrainingSession) -> None:
    """Count again what the session publishes: attendees present, trainee hours, the
    satisfaction average and the effectiveness rate (with their numbers of answers), from its
    active attendances. Written without a new version: nobody edited the session."""
    attendances = list(
        Attendance.objects.filter(session=session.pk, archived_at__isnull=True).only(
            "present", "hours_attended"
        )
    )
    present = [a for a in attendances if a.present]
    hours = computations.total(
        session.duration_hours if a.hours_attended is None else a.hours_attended for a in present
    )
    evaluations = list(SessionEvaluation.objects.filter(attendance__in=[a.pk for a in attendances]))
    hot = [e.scores for e in evaluations if e.kind == "hot"]
    cold = [e.scores for e in evaluations if e.kind == "cold"]
    values = {
        "attendee_count": len(present),
        "trainee_hours": hours,
        "satisfaction_average": computations.satisfaction_average(hot),
        "hot_answers": len(hot),
        "effectiveness_rate": computations.effectiveness_rate(cold),
        "cold_answers": len(cold),
    }
    TrainingSession.objects.filter(pk=session.pk).update(**values)
    for name, value in values.items():
        setattr(session, name, value)


# --- Attendance ----------------------------------------------------------------------------


def people_of_unit(unit) -> QuerySet:
    """The active people holding a role on `unit` or on a unit below it."""
    return (
        get_user_model()
        ._default_manager.filter(
            is_active=True,
            role_assignments__org_unit__path__startswith=unit.path,
            role_assignments__org_unit__archived_at__isnull=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


@transaction.atomic
def attendees_add(*, session: TrainingSession, people: Iterable[Any], user) -> list[Attendance]:
    """Register `people` for `session`; those already registered are left as they are.
    Refused as a whole (nothing added) once the attendance list is closed."""
    registered = set(
        Attendance.objects.filter(session=session, archived_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    added = []
    for person in people:
        if person.pk in registered:
            continue
        attendance = Attendance(session=session, person=person, org_unit=session.org_unit)
        core.record_create(record=attendance, user=user)
        registered.add(person.pk)
        added.append(attendance)
    return added


@dataclass(frozen=True)
class Mark:
    """What the trainer records for one attendee: present, passed, hours attended."""

    attendance: Attendance
    present: bool | None
    passed: bool | None
    hours: Decimal | None


@transaction.atomic
def attendance_record(*, marks: Iterable[Mark], user) -> int:
    """Record presence, results and hours of several attendees at once (the grid of the
    session page); returns how many changed. One refused line refuses them all."""
    changed = 0
    for mark in marks:
        attendance = mark.attendance
        new = (mark.present, mark.passed if mark.present else None, mark.hours)
        if mark.present is False:
            new = (False, None, None)
        if (attendance.present, attendance.passed, attendance.hours_attended) == new:
            continue
        attendance.present, attendance.passed, attendance.hours_attended = new
        try:
            core.record_update(record=attendance, user=user, expected_version=None)
        except ValidationError as error:
            name = attendance.person.get_full_name() or attendance.person.username
            raise ValidationError(f"{name}: {' '.join(error.messages)}") from error
        changed += 1
    return changed


def session_held(*, session: TrainingSession, user) -> None:
    """The attendance list is closed: each attendee present who passed a session of a skill
    gets the skill, obtained on the session's last day, with the session as its source."""
    skill = getattr(session, "skill", None)
    if skill is None:
        return
    from amelio.training.competences import record_acquired

    attendances = Attendance.objects.filter(
        session=session, archived_at__isnull=True, present=True, passed=True
    ).select_related("person")
    issued_by = session.training_body if session.trainer_kind == "external" else ""
    for attendance in attendances.order_by("pk"):
        record_acquired(
            person=attendance.person,
            skill=skill,
            obtained_on=session.last_day,
            source=session,
            user=user,
            issued_by=issued_by,
        )


# --- Evaluations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a survey cannot be answered: `code` names the case for the page ("answered",
    "not_yet", "closed", "unavailable"), `message` says it to the attendee."""

    code: str
    message: str


def evaluation_refusal(attendance: Attendance, kind: str, today: dt.date) -> Refusal | None:
    """Why `attendance` may not answer survey `kind` on `today`, or None if they may."""
    session = attendance.session
    found = window(session, kind)
    if (
        found is None
        or attendance.is_archived
        or session.is_archived
        or session.status == "cancelled"
        or attendance.present is False
    ):
        return Refusal("unavailable", _("This survey is not open to you."))
    if attendance.evaluations.filter(kind=kind).exists():
        return Refusal("answered", _("You have already answered this survey. Thank you!"))
    state = found.state(today)
    if state == "not_yet":
        return Refusal(
            "not_yet",
            _("This survey opens on %(date)s. Come back then with the same link.")
            % {"date": formats.date_format(found.opens, "DATE_FORMAT")},
        )
    if state == "closed":
        return Refusal(
            "closed",
            _("This survey closed on %(date)s.")
            % {"date": formats.date_format(found.closes, "DATE_FORMAT")},
        )
    return None


@transaction.atomic
def evaluation_submit(
    *,
    attendance: Attendance,
    kind: str,
    scores: list[int],
    comment: str = "",
    today: dt.date,
    user=None,
) -> SessionEvaluation:
    """Record one attendee's answers to survey `kind` (a score from 1 to 4 per question) and
    count the session's measures again. Answering twice is refused; nothing is written then."""
    attendance = (
        Attendance.objects.select_for_update().select_related("session").get(pk=attendance.pk)
    )
    refusal = evaluation_refusal(attendance, kind, today)
    if refusal is not None:
        raise ValidationError(refusal.message, code=refusal.code)
    if len(scores) != len(QUESTIONS[kind]) or any(s not in computations.SCALE for s in scores):
        raise ValidationError(_("Answer every question with a score from 1 to 4."), code="scores")
    evaluation = SessionEvaluation(
        attendance=attendance,
        kind=kind,
        comment=comment.strip()[:2000],
        answered_by=user if user is not None and user.is_authenticated else None,
        **{f"score_{index}": score for index, score in enumerate(scores, start=1)},
    )
    evaluation.save()
    session_refresh(attendance.session)
    return evaluation


def pending_evaluations(person, today: dt.date) -> list[tuple[Attendance, str]]:
    """The surveys `person` may answer on `today`: (attendance, kind), soonest closing first.
    The person's own attendances, whatever their roles: no role is needed to answer."""
    return pending_in(Attendance.objects.filter(person=person), today)


def pending_in(attendances: QuerySet, today: dt.date) -> list[tuple[Attendance, str]]:
    """The surveys open on `today` and not answered yet among `attendances`."""
    attendances = (
        attendances.filter(archived_at__isnull=True, session__archived_at__isnull=True)
        .exclude(present=False)
        .exclude(session__status="cancelled")
        .filter(session__start_date__lte=today)
        .select_related("session", "session__org_unit")
        .prefetch_related("evaluations")
        .order_by("-session__start_date", "pk")
    )
    found = []
    for attendance in attendances[:200]:
        answered = {e.kind for e in attendance.evaluations.all()}
        for kind in ("hot", "cold"):
            span = window(attendance.session, kind)
            if kind in answered or span is None or span.state(today) != "open":
                continue
            if kind == "cold" and not attendance.present:
                continue
            found.append((attendance, kind, span.closes))
    found.sort(key=lambda item: (item[2], item[0].pk))
    return [(attendance, kind) for attendance, kind, _closes in found]


# --- Communication -------------------------------------------------------------------------


def communication_done(*, item: CommunicationItem, user) -> CommunicationItem | None:
    """A communication is done (today, unless its date was given); a recurring one gets its
    next occurrence planned, once. Returns the next occurrence, or None."""
    if not item.done_on:
        item.done_on = timezone.localdate()
    next_day = computations.next_occurrence(item.planned_on, item.frequency)
    if next_day is None:
        return None
    twins = CommunicationItem.objects.filter(
        Q(archived_at__isnull=True),
        org_unit=item.org_unit_id,
        title=item.title,
        planned_on=next_day,
    )
    if twins.exists():
        return None
    copied = [
        "title",
        "content",
        "audience",
        "audience_unit",
        "audience_role",
        "interested_party",
        "channel",
        "frequency",
        "owner",
        "org_unit",
    ]
    following = CommunicationItem(
        **{name: getattr(item, name) for name in copied}, planned_on=next_day
    )

    def links() -> None:
        following.objectives.set(item.objectives.all())
        following.processes.set(item.processes.all())

    core.record_create(record=following, user=user, m2m_save=links)
    return following


def attendance_of_link(attendance_id: int) -> Attendance | None:
    """The attendance a signed survey link names, or None: the signed link is the
    authorisation of the survey page, which needs no login (and no role)."""
    return (
        Attendance.objects.select_related("session", "session__org_unit", "person")
        .filter(pk=attendance_id)
        .first()
    )
