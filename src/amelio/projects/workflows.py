"""Workflow of a QSSE project: proposed -> running -> closed, put on hold and resumed, or
cancelled with a reason.

A project is closed only once the results achieved against its objectives are written: the
closure is what later projects read, beside the lessons learned.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.workflow import State, Transition, Workflow

NOT_FINAL = ("proposed", "running", "on_hold")
# The states in which a project's team, milestones, budget and status reports still change.
OPEN_STATES = NOT_FINAL


def _results_written(project, user):
    if not (project.results_achieved or "").strip():
        return _("Write the results achieved against the objectives before closing the project.")
    return None


def _start_written(project, user):
    if project.start_date is None or project.planned_end is None:
        return _("Give the start date and the planned end before starting the project.")
    return None


def _when_closed(project, user, comment: str) -> None:
    today = timezone.localdate()
    project.closed_on = today
    project.actual_end = project.actual_end or today


def _when_held(project, user, comment: str) -> None:
    project.hold_reason = comment


def _when_resumed(project, user, comment: str) -> None:
    project.hold_reason = ""


def _when_cancelled(project, user, comment: str) -> None:
    project.cancel_reason = comment


project_workflow = Workflow(
    states=[
        # "project state": a project is masculine in French.
        State("proposed", pgettext_lazy("project state", "Proposed"), "secondary"),
        State("running", pgettext_lazy("project state", "Running"), "primary"),
        State("on_hold", pgettext_lazy("project state", "On hold"), "warning"),
        State(
            "closed",
            pgettext_lazy("project state", "Closed"),
            "success",
            final=True,
            editable=False,
        ),
        State(
            "cancelled",
            pgettext_lazy("project state", "Cancelled"),
            "dark",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "start",
            _("Start the project"),
            ("proposed",),
            "running",
            action="approve",
            guards=(_start_written,),
        ),
        Transition(
            "hold",
            _("Put on hold"),
            ("running",),
            "on_hold",
            needs_comment=True,
            effect=_when_held,
            tone="outline-warning",
        ),
        Transition(
            "resume", _("Resume"), ("on_hold",), "running", effect=_when_resumed, tone="primary"
        ),
        Transition(
            "close",
            _("Close the project"),
            ("running",),
            "closed",
            action="approve",
            guards=(_results_written,),
            effect=_when_closed,
            tone="success",
        ),
        Transition(
            "cancel",
            _("Cancel"),
            NOT_FINAL,
            "cancelled",
            needs_comment=True,
            effect=_when_cancelled,
            tone="outline-danger",
        ),
    ],
)
