"""Workflows of the DUERP, of safety events and of public reports.

DUERP: being updated -> in consultation (CSE) -> published (a frozen version is written) ->
being updated again. Events: reported -> under analysis -> closed. Public reports: new ->
triaged into an event, or rejected with a reason.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.workflow import State, Transition, Workflow


def _has_lines(duerp, user):
    if not duerp.lines.filter(archived_at__isnull=True).exists():
        return _("Assess at least one risk in a work unit before publishing.")
    return None


def _cse_date(duerp, user):
    if duerp.status == "consultation" and not duerp.cse_consulted_on:
        return _("Give the date the CSE was consulted before publishing.")
    return None


def _publish(duerp, user, comment: str) -> None:
    from amelio.safety.services import version_write

    version_write(duerp=duerp, user=user, note=comment)


duerp_workflow = Workflow(
    states=[
        State("draft", pgettext_lazy("safety state", "Being updated"), "secondary"),
        State("consultation", pgettext_lazy("safety state", "In consultation"), "info"),
        State("published", pgettext_lazy("safety state", "Published"), "success"),
    ],
    transitions=[
        Transition("consult", _("Submit to the CSE"), ("draft",), "consultation", action="change"),
        Transition(
            "publish",
            _("Publish a version"),
            ("draft", "consultation"),
            "published",
            action="approve",
            guards=(_has_lines, _cse_date),
            needs_comment=True,
            tone="success",
            effect=_publish,
        ),
        Transition(
            "update",
            _("Start an update"),
            ("published", "consultation"),
            "draft",
            action="change",
            tone="secondary",
        ),
    ],
)


def _stops_ended(event, user):
    if event.lost_times.filter(end__isnull=True).exists():
        return _("A stop from work is still open: give its end date before closing.")
    return None


event_workflow = Workflow(
    states=[
        State("reported", pgettext_lazy("safety state", "Reported"), "warning"),
        State("analysis", pgettext_lazy("safety state", "Under analysis"), "info"),
        State(
            "closed", pgettext_lazy("safety state", "Closed"), "success", final=True, editable=False
        ),
    ],
    transitions=[
        Transition("analyse", _("Start the analysis"), ("reported",), "analysis"),
        Transition(
            "close",
            pgettext_lazy("safety event", "Close"),
            ("reported", "analysis"),
            "closed",
            guards=(_stops_ended,),
            tone="success",
        ),
        Transition(
            "reopen",
            _("Reopen"),
            ("closed",),
            "analysis",
            needs_comment=True,
            tone="secondary",
        ),
    ],
)


def _has_action(report, user):
    from django.contrib.contenttypes.models import ContentType

    from amelio.actions.models import ActionLink

    linked = ActionLink.objects.filter(
        content_type=ContentType.objects.get_for_model(type(report)), object_id=report.pk
    )
    if not linked.exists():
        return _("Create or link the action that answers this report first.")
    return None


report_workflow = Workflow(
    states=[
        State("new", pgettext_lazy("safety state", "New"), "warning"),
        State(
            "triaged",
            pgettext_lazy("safety state", "Triaged"),
            "success",
            final=True,
            editable=False,
        ),
        State(
            "rejected",
            pgettext_lazy("safety state", "Rejected"),
            "secondary",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "answer",
            _("Answered by an action"),
            ("new",),
            "triaged",
            guards=(_has_action,),
            tone="success",
        ),
        Transition(
            "reject",
            _("Reject"),
            ("new",),
            "rejected",
            needs_comment=True,
            tone="secondary",
        ),
    ],
)
