"""Pages of training sessions that are not generated from the registry: the attendance of a
session (adding people, recording presence and results), its signature sheet, the links of
its surveys, the survey page opened from a link without a login, "my surveys to answer", and
the page of an attendee."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from amelio.core.lookups import get_record_for
from amelio.core.permissions import can
from amelio.core.registry import registry
from amelio.core.reports import pdf_response, qr_svg
from amelio.training import computations, services
from amelio.training.evaluations import (
    QUESTIONS,
    ExpiredLink,
    InvalidLink,
    make_token,
    read_token,
    window,
)
from amelio.training.forms import AddPeopleForm, AttendanceMarkForm, EvaluationForm
from amelio.training.models import EvaluationKind, TrainingSession
from amelio.training.views_plans import (
    COMMUNICATION_EXTRA_VIEWS,
    SESSION_EXTRA_VIEWS,
    plan_context,
)

__all__ = [
    "COMMUNICATION_EXTRA_VIEWS",
    "SESSION_EXTRA_VIEWS",
    "attendance_context",
    "plan_context",
    "session_context",
    "urlpatterns",
]

# A signature sheet has a column per day up to this many days, one column beyond.
SHEET_DAYS = 5
SHEET_BLANK_ROWS = 3


def _visible(key: str, user):
    return registry.get(key).queryset_for(user, "view")


def _session(request, pk: int, action: str = "view") -> TrainingSession:
    records = TrainingSession.objects.select_related("org_unit", "trainer", "skill", "owner")
    return get_record_for(request.user, records, pk, action)


def _attendances(session, user):
    """The session's attendees the user sees, by name."""
    return (
        _visible("training.attendance", user)
        .filter(session=session)
        .select_related("person")
        .prefetch_related("evaluations")
        .order_by("person__last_name", "person__first_name", "person__username")
    )


# --- The session page ----------------------------------------------------------------------


def session_context(session: TrainingSession, request) -> dict:
    """The attendance list (with the grid to record presence and results while it is open),
    the form to add people, and the results of the surveys."""
    user = request.user
    attendances = list(_attendances(session, user))
    locked = session.locks_children() or session.is_archived
    may_mark = not locked and can(user, "change", session.org_unit)
    rows = [
        {
            "attendance": attendance,
            "form": AttendanceMarkForm(attendance=attendance) if may_mark else None,
            "answered": {e.kind for e in attendance.evaluations.all()},
        }
        for attendance in attendances
    ]
    add_form = None
    if not locked and can(user, "add", session.org_unit):
        add_form = AddPeopleForm(user=user)
    surveys = survey_summary(session, attendances)
    return {
        "attendance_rows": rows,
        "attendance_locked": locked,
        "may_mark": may_mark,
        "add_form": add_form,
        "surveys": surveys,
        "may_send_links": bool(surveys) and can(user, "change", session.org_unit),
        "counts": {
            "registered": len(attendances),
            "present": sum(1 for a in attendances if a.present),
            "absent": sum(1 for a in attendances if a.present is False),
            "passed": sum(1 for a in attendances if a.passed),
        },
    }


def survey_summary(session: TrainingSession, attendances: list) -> list[dict]:
    """Each survey of the session: when it is open, how many answered out of how many, the
    average of each question, the session's measure and the comments."""
    summary = []
    today = timezone.localdate()
    for kind in ("hot", "cold"):
        span = window(session, kind)
        if span is None:
            continue
        answers = [e for a in attendances for e in a.evaluations.all() if e.kind == kind]
        questions = []
        for index, text in enumerate(QUESTIONS[kind], start=1):
            scores = [getattr(e, f"score_{index}") for e in answers]
            questions.append(
                {"text": text, "average": computations.mean(s for s in scores if s is not None)}
            )
        expected = [
            a for a in attendances if (a.present if kind == "cold" else a.present is not False)
        ]
        summary.append(
            {
                "kind": kind,
                "label": EvaluationKind(kind).label,
                "window": span,
                "state": span.state(today),
                "answers": len(answers),
                "expected": len(expected),
                "questions": questions,
                "comments": [e for e in answers if e.comment],
                "measure": session.satisfaction_average
                if kind == "hot"
                else session.effectiveness_rate,
            }
        )
    return summary


@require_POST
def attendees_add(request, pk: int):
    """Register everyone of a unit, or one person, for the session."""
    session = _session(request, pk, "add")
    form = AddPeopleForm(request.POST, user=request.user)
    url = reverse("training:trainingsession_detail", args=[session.pk]) + "#attendance"
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect(url)
    unit, person = form.cleaned_data.get("unit"), form.cleaned_data.get("person")
    people = list(services.people_of_unit(unit)) if unit else []
    if person is not None:
        people.append(person)
    try:
        added = services.attendees_add(session=session, people=people, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(url)
    if added:
        messages.success(
            request,
            ngettext("%(count)d person registered.", "%(count)d people registered.", len(added))
            % {"count": len(added)},
        )
    else:
        messages.info(request, _("Everyone chosen was already registered."))
    return redirect(url)


@require_POST
def attendees_mark(request, pk: int):
    """Record presence, results and hours of the attendees (the grid of the session page)."""
    session = _session(request, pk, "change")
    url = reverse("training:trainingsession_detail", args=[session.pk]) + "#attendance"
    forms = [
        AttendanceMarkForm(request.POST, attendance=a) for a in _attendances(session, request.user)
    ]
    invalid = [f for f in forms if not f.is_valid()]
    if invalid:
        messages.error(request, _("Check the hours: give a number of hours, or leave it empty."))
        return redirect(url)
    marks = [services.Mark(f.attendance, *f.values) for f in forms]
    try:
        changed = services.attendance_record(marks=marks, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(url)
    messages.success(
        request,
        ngettext("%(count)d attendee updated.", "%(count)d attendees updated.", changed)
        % {"count": changed},
    )
    return redirect(url)


# --- Signature sheet -----------------------------------------------------------------------


def sheet_days(session: TrainingSession) -> list[dt.date | None]:
    """The days the sheet has a signature column for (one column, without a date, for a
    session longer than SHEET_DAYS days)."""
    count = (session.last_day - session.start_date).days + 1
    if count > SHEET_DAYS:
        return [None]
    return [session.start_date + dt.timedelta(days=n) for n in range(count)]


def signature_sheet(request, pk: int):
    """The signature sheet (feuille d'émargement) of the session as a PDF, in the reader's
    language: the session's facts, one line per attendee with a box per day, a few blank
    lines, and the trainer's box."""
    session = _session(request, pk)
    context = {
        "session": session,
        "attendances": list(_attendances(session, request.user)),
        "days": sheet_days(session),
        "blank_rows": range(SHEET_BLANK_ROWS),
        "printed": timezone.now(),
    }
    filename = _("%(reference)s-signature-sheet.pdf") % {"reference": session.reference}
    return pdf_response(
        request,
        "training/trainingsession/signature_sheet_pdf.html",
        context,
        filename,
        fallback=reverse("training:trainingsession_detail", args=[session.pk]),
    )


# --- Survey links --------------------------------------------------------------------------


def _link(request, attendance, kind: str) -> str:
    return request.build_absolute_uri(
        reverse("training:evaluate", args=[make_token(attendance, kind)])
    )


def survey_links(request, pk: int):
    """The personal link of each attendee to each survey, to copy into a message or read
    out: the trainer hands them out at the end of the session."""
    session = _session(request, pk, "change")
    kinds = [k for k in ("hot", "cold") if window(session, k) is not None]
    if not kinds:
        raise PermissionDenied
    rows = []
    for attendance in _attendances(session, request.user).exclude(present=False):
        answered = {e.kind for e in attendance.evaluations.all()}
        links = []
        for kind in kinds:
            url = _link(request, attendance, kind)
            links.append(
                {"kind": kind, "url": url, "answered": kind in answered, "qr": qr_svg(url, scale=4)}
            )
        rows.append({"attendance": attendance, "links": links})
    today = timezone.localdate()
    surveys = [
        {"kind": k, "label": EvaluationKind(k).label, "window": window(session, k)} for k in kinds
    ]
    return TemplateResponse(
        request,
        "training/trainingsession/links.html",
        {
            "register": registry.get("training.trainingsession"),
            "record": session,
            "rows": rows,
            "surveys": surveys,
            "today": today,
        },
    )


# --- The survey page (no login) ------------------------------------------------------------


def _survey_message(request, code: str, message: str = "", status: int = 200, **extra: Any):
    return TemplateResponse(
        request,
        "training/survey_message.html",
        {"code": code, "message": message, **extra},
        status=status,
    )


@login_not_required
def evaluate(request, token: str):
    """A survey opened from its signed link, on a phone, with or without a login. A changed
    or unknown link, an expired one, a survey already answered or not open yet each get a
    page that says so."""
    today = timezone.localdate()
    try:
        link = read_token(token, today)
    except ExpiredLink as expired:
        return _survey_message(request, "expired", until=expired.until, status=410)
    except InvalidLink:
        return _survey_message(request, "invalid", status=404)
    attendance = services.attendance_of_link(link.attendance_id)
    if attendance is None:
        return _survey_message(request, "invalid", status=404)
    language = attendance.person.language or translation.get_language()
    with translation.override(language):
        response = _survey(request, attendance, link.kind, today)
        response.render()
    return response


def _survey(request, attendance, kind: str, today: dt.date):
    refusal = services.evaluation_refusal(attendance, kind, today)
    answered_twice = request.method == "POST" and refusal and refusal.code == "answered"
    if refusal is not None:
        return _survey_message(
            request,
            refusal.code,
            refusal.message,
            status=409 if answered_twice else 200,
            attendance=attendance,
        )
    form = EvaluationForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(
                attendance=attendance,
                kind=kind,
                scores=form.scores,
                comment=form.cleaned_data["comment"],
                today=today,
                user=request.user,
            )
        except ValidationError as error:
            code = getattr(error, "code", "") or "unavailable"
            return _survey_message(request, code, " ".join(error.messages), status=409)
        return _survey_message(request, "thanks", attendance=attendance)
    return TemplateResponse(
        request,
        "training/survey.html",
        {
            "form": form,
            "attendance": attendance,
            "session": attendance.session,
            "kind": kind,
            "kind_label": EvaluationKind(kind).label,
        },
        status=422 if request.method == "POST" else 200,
    )


def my_surveys(request):
    """The surveys the signed-in person has to answer, whatever their roles."""
    today = timezone.localdate()
    pending = services.pending_evaluations(request.user, today)
    rows = [
        {
            "attendance": attendance,
            "kind": kind,
            "label": EvaluationKind(kind).label,
            "url": reverse("training:evaluate", args=[make_token(attendance, kind)]),
            "closes": window(attendance.session, kind).closes,  # type: ignore[union-attr]
        }
        for attendance, kind in pending
    ]
    return TemplateResponse(request, "training/my_surveys.html", {"rows": rows})


# --- The attendee page ---------------------------------------------------------------------


def attendance_context(attendance, request) -> dict:
    """The attendee's surveys: answered or not, and, for the person themselves, a button to
    answer those open."""
    today = timezone.localdate()
    answered = {e.kind: e for e in attendance.evaluations.all()}
    surveys = []
    for kind in ("hot", "cold"):
        span = window(attendance.session, kind)
        if span is None:
            continue
        own = request.user.pk == attendance.person_id
        may_answer = (
            own
            and kind not in answered
            and span.state(today) == "open"
            and attendance.present is not False
        )
        surveys.append(
            {
                "label": EvaluationKind(kind).label,
                "window": span,
                "answer": answered.get(kind),
                "url": reverse("training:evaluate", args=[make_token(attendance, kind)])
                if may_answer
                else "",
            }
        )
    return {"attendance_surveys": surveys}


urlpatterns: list = [
    path("sessions/<int:pk>/attendees/add/", attendees_add, name="trainingsession_attendees_add"),
    path(
        "sessions/<int:pk>/attendees/mark/", attendees_mark, name="trainingsession_attendees_mark"
    ),
    path(
        "sessions/<int:pk>/signature-sheet.pdf",
        signature_sheet,
        name="trainingsession_signature_sheet",
    ),
    path("sessions/<int:pk>/survey-links/", survey_links, name="trainingsession_links"),
    path("survey/<str:token>/", evaluate, name="evaluate"),
    path("my-surveys/", my_surveys, name="my_surveys"),
]
