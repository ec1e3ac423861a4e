"""Workflows of the communication plan and of training sessions.

A communication: planned -> done (a recurring one plans its next occurrence) or cancelled
(with a reason); either may be reopened.

A session: planned -> held (the attendance list is then closed: who was present and who
passed is recorded, and those present who passed a session of a skill get the skill) ->
closed once its effectiveness survey has opened; cancelled with a reason while planned. A held
or closed session may be reopened, with a reason, to correct its attendance.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from amelio.core.workflow import State, Transition, Workflow

# --- Communication -------------------------------------------------------------------------


def _communication_done(item, user, comment: str) -> None:
    from amelio.training.services import communication_done

    communication_done(item=item, user=user)


def _communication_reopened(item, user, comment: str) -> None:
    item.done_on = None


communication_workflow = Workflow(
    states=[
        State("planned", pgettext_lazy("communication", "Planned"), "info"),
        State("done", pgettext_lazy("communication", "Done"), "success"),
        State(
            "cancelled",
            pgettext_lazy("communication", "Cancelled"),
            "secondary",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "done",
            _("Mark as done"),
            ("planned",),
            "done",
            tone="success",
            effect=_communication_done,
        ),
        Transition(
            "cancel",
            pgettext_lazy("communication", "Cancel"),
            ("planned",),
            "cancelled",
            needs_comment=True,
            tone="outline-danger",
        ),
        Transition(
            "reopen",
            _("Reopen"),
            ("done", "cancelled"),
            "planned",
            needs_comment=True,
            tone="outline-secondary",
            effect=_communication_reopened,
        ),
    ],
)


# --- Training sessions ---------------------------------------------------------------------


def _started(session, user):
    today = timezone.localdate()
    if session.start_date > today:
        return _("The session starts on %(date)s: record it as held once it has taken place.") % {
            "date": formats.date_format(session.start_date, "SHORT_DATE_FORMAT")
        }
    return None


def _presence_recorded(session, user):
    attendances = session.attendances.filter(archived_at__isnull=True)
    if not attendances.filter(present=True).exists():
        return _("Record who was present: nobody is marked present.")
    missing = attendances.filter(present__isnull=True).count()
    if missing:
        return ngettext(
            "Say whether %(count)d attendee was present.",
            "Say whether %(count)d attendees were present.",
            missing,
        ) % {"count": missing}
    return None


def _results_recorded(session, user):
    if not session.assessed:
        return None
    missing = session.attendances.filter(
        archived_at__isnull=True, present=True, passed__isnull=True
    ).count()
    if missing:
        return ngettext(
            "Give the assessment result of %(count)d attendee present.",
            "Give the assessment results of %(count)d attendees present.",
            missing,
        ) % {"count": missing}
    return None


def _cold_survey_opened(session, user):
    due = session.cold_due
    if due is not None and due > timezone.localdate():
        return _(
            "The effectiveness survey opens on %(date)s: close the session once it has been "
            "answered."
        ) % {"date": formats.date_format(due, "SHORT_DATE_FORMAT")}
    return None


def _held(session, user, comment: str) -> None:
    from amelio.training.services import session_held

    session_held(session=session, user=user)


session_workflow = Workflow(
    states=[
        State("planned", pgettext_lazy("training session", "Planned"), "info"),
        State("held", pgettext_lazy("training session", "Held"), "primary"),
        State(
            "evaluated",
            pgettext_lazy("training session", "Closed"),
            "success",
            final=True,
            editable=False,
        ),
        State(
            "cancelled",
            pgettext_lazy("training session", "Cancelled"),
            "secondary",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "hold",
            _("Close the attendance list"),
            ("planned",),
            "held",
            guards=(_started, _presence_recorded, _results_recorded),
            tone="success",
            effect=_held,
        ),
        Transition(
            "evaluate",
            _("Close the session"),
            ("held",),
            "evaluated",
            guards=(_cold_survey_opened,),
            tone="success",
        ),
        Transition(
            "cancel",
            pgettext_lazy("training session", "Cancel"),
            ("planned",),
            "cancelled",
            needs_comment=True,
            tone="outline-danger",
        ),
        Transition(
            "reopen",
            _("Reopen the attendance list"),
            ("held", "evaluated"),
            "planned",
            needs_comment=True,
            tone="outline-secondary",
        ),
    ],
)
