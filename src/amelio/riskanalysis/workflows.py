"""The workflow shared by the studies (FMEA, HACCP, HAZOP) and the control plans.

draft -> in review (the team checks the analysis) -> approved (its lines are frozen);
an approved study is revised back to draft, which raises its revision number. Archiving
remains the way to retire a study.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.workflow import State, Transition, Workflow


def _has_lines(study, user):
    """A study is reviewed once it holds something to review."""
    if not study.has_content():
        return _("Add the first lines of the analysis before asking for its review.")
    return None


def _next_revision(study, user, comment: str) -> None:
    study.revision += 1
    study.save(update_fields=["revision"])


study_workflow = Workflow(
    states=[
        State("draft", pgettext_lazy("study", "Draft"), "secondary"),
        State("review", pgettext_lazy("study", "In review"), "info"),
        State("approved", pgettext_lazy("study", "Approved"), "success", editable=False),
    ],
    transitions=[
        Transition(
            "submit",
            _("Submit for review"),
            ("draft",),
            "review",
            guards=(_has_lines,),
            tone="primary",
        ),
        Transition(
            "approve",
            pgettext_lazy("study", "Approve"),
            ("review",),
            "approved",
            action="approve",
            tone="success",
        ),
        Transition(
            "rework",
            _("Send back to draft"),
            ("review",),
            "draft",
            needs_comment=True,
            tone="outline-secondary",
        ),
        Transition(
            "revise",
            _("Start a new revision"),
            ("approved",),
            "draft",
            needs_comment=True,
            tone="outline-primary",
            effect=_next_revision,
        ),
    ],
)
