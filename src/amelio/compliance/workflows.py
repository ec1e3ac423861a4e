"""Workflow of a gap assessment: in progress -> completed (its answers are then frozen) ->
reopened by whoever may change it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.workflow import State, Transition, Workflow


def _answered(record, user):
    if not record.answers.filter(archived_at__isnull=True).exclude(result="not_assessed").exists():
        return _("Answer at least one clause before completing the assessment.")
    return None


assessment_workflow = Workflow(
    states=[
        State("in_progress", pgettext_lazy("gap assessment", "In progress"), "warning"),
        State("completed", pgettext_lazy("gap assessment", "Completed"), "success", editable=False),
    ],
    transitions=[
        Transition(
            "complete",
            _("Complete the assessment"),
            ("in_progress",),
            "completed",
            guards=(_answered,),
            tone="success",
        ),
        Transition(
            "reopen",
            _("Reopen"),
            ("completed",),
            "in_progress",
            needs_comment=True,
            tone="outline-secondary",
        ),
    ],
)
