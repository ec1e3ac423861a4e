"""Meeting pages beyond the register's: the attendance, agenda and decisions of a meeting
(formsets), "make it an action" on a decision, the agenda prepared from the previous
meeting, and the minutes in PDF (French or English)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from amelio.core.lookups import get_record_for
from amelio.core.permissions import can
from amelio.core.registry import registry
from amelio.core.reports import pdf_response
from amelio.reviews import services_meetings as services
from amelio.reviews.forms_meetings import (
    AgendaFormSet,
    AttendanceFormSet,
    DecisionActionForm,
    DecisionFormSet,
)
from amelio.reviews.models import Meeting

PDF_LANGUAGES = ("fr", "en")


def _register():
    return registry.get("reviews.meeting")


def _meeting(request, pk: int, action: str = "view") -> Meeting:
    records = _register().queryset_for(request.user).select_related("process", "owner")
    return get_record_for(request.user, records, pk, action)


def _detail(meeting: Meeting):
    return redirect(_register().url("detail", meeting.pk))


def meeting_context(meeting: Meeting, request) -> dict:
    """The meeting's page: the review of the previous meeting's actions first, then the
    attendance, the agenda with each item's decisions and their actions."""
    user = request.user
    minutes = services.minutes_context(meeting, user)
    may_change = services.may_change(meeting, user)
    return {
        **minutes,
        "attendance_counts": services.attendance_of(meeting),
        "may_change_parts": may_change,
        "may_make_actions": may_change and can(user, "add", meeting.org_unit),
        "has_previous": meeting.previous_review is None
        and services.previous_meeting(meeting) is not None,
        "pdf_languages": PDF_LANGUAGES,
    }


# --- Parts (formsets) -----------------------------------------------------------------------

PARTS = {
    "attendance": (AttendanceFormSet, gettext_lazy("Attendance"), "people"),
    "agenda": (AgendaFormSet, gettext_lazy("Agenda and notes"), "list-ol"),
    "decisions": (DecisionFormSet, gettext_lazy("Decisions"), "check2-square"),
}


def _formset(part: str, meeting: Meeting, data=None):
    formset_class: Any = PARTS[part][0]
    kwargs = {"form_kwargs": {"meeting": meeting}} if part == "decisions" else {}
    prefix = part
    return formset_class(data, instance=meeting, prefix=prefix, **kwargs)


def parts_page(request, pk: int, part: str):
    """Edit one part of a meeting (attendance, agenda, decisions) while it is open."""
    meeting = _meeting(request, pk, "change")
    if not meeting.is_open:
        messages.error(request, _("The minutes of this meeting are closed: nothing can change."))
        return _detail(meeting)
    formset = _formset(part, meeting, request.POST or None)
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
            services.touch(meeting, request.user)
        messages.success(request, _("Saved."))
        return _detail(meeting)
    context = {
        "record": meeting,
        "register": _register(),
        "formset": formset,
        "part": part,
        "part_label": PARTS[part][1],
        "part_icon": PARTS[part][2],
    }
    return TemplateResponse(request, "reviews/meeting/parts.html", context)


@require_POST
def agenda_from_previous(request, pk: int):
    """Copy the previous meeting's agenda into this one."""
    meeting = _meeting(request, pk, "change")
    try:
        count = services.agenda_from_previous(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d item copied from the previous meeting.",
                "%(count)d items copied from the previous meeting.",
                count,
            )
            % {"count": count},
        )
    return _detail(meeting)


def decision_action(request, pk: int, decision_pk: int):
    """Make a decision an action, pre-filled from it."""
    meeting = _meeting(request, pk, "change")
    decision = meeting.decisions.select_related("item__presenter").filter(pk=decision_pk).first()
    if decision is None:
        return _detail(meeting)
    if not can(request.user, "add", meeting.org_unit):
        raise PermissionDenied
    form = DecisionActionForm(request.POST or None, initial=services.action_defaults(decision))
    if request.method == "POST" and form.is_valid():
        try:
            action = services.decision_to_action(
                decision=decision, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Action %(action)s created.") % {"action": action})
        return _detail(meeting)
    context = {"record": meeting, "register": _register(), "decision": decision, "form": form}
    return TemplateResponse(request, "reviews/meeting/decision_action.html", context)


def minutes_pdf(request, pk: int):
    """The minutes in PDF, in the page's language or the one asked (?lang=fr|en)."""
    meeting = _meeting(request, pk)
    language = request.GET.get("lang")
    context = {
        **services.minutes_context(meeting, request.user),
        "printed_on": timezone.localdate(),
    }
    return pdf_response(
        request,
        services.MINUTES_TEMPLATE,
        context,
        f"{meeting.reference}.pdf",
        fallback=reverse("reviews:meeting_detail", args=[meeting.pk]),
        language=language if language in PDF_LANGUAGES else None,
    )


urlpatterns = [
    *[
        path(f"meetings/<int:pk>/{part}/", parts_page, {"part": part}, name=f"meeting_{part}")
        for part in PARTS
    ],
    path(
        "meetings/<int:pk>/agenda-from-previous/",
        agenda_from_previous,
        name="meeting_agenda_from_previous",
    ),
    path(
        "meetings/<int:pk>/decisions/<int:decision_pk>/action/",
        decision_action,
        name="meeting_decision_action",
    ),
    path("meetings/<int:pk>/minutes.pdf", minutes_pdf, name="meeting_minutes_pdf"),
]
