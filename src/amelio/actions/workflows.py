"""Workflow of an action: planned -> in progress -> done -> effectiveness verified, or not
effective -> reopened; cancelled with a reason. Nothing is closed before its effectiveness is
checked."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.permissions import can
from amelio.core.workflow import State, Transition, Workflow


def _criterion_set(action, user):
    if not (action.effectiveness_criterion or "").strip():
        return _("Set the effectiveness criterion before the check.")
    return None


def _may_progress(action, user):
    """The people doing the work move it forward: its owner and contributors, or a manager."""
    if action.owner_id == user.pk or can(user, "change", action.org_unit):
        return None
    if action.pk and action.contributors.filter(pk=user.pk).exists():
        return None
    return _("Only the owner, a contributor of the action or a manager may do this.")


def _may_verify(action, user):
    """The verifier named on the action, a QSE coordinator, or (when nobody is named) a manager
    of the action's unit; never the owner unless the plan allows it."""
    plan = action.plan
    if action.owner_id == user.pk and not (plan and plan.owner_may_verify):
        return _("The owner of an action does not verify its effectiveness.")
    if action.verifier_id == user.pk or can(user, "approve", action.org_unit):
        return None
    if action.verifier_id:
        return _("Only %(verifier)s or a QSE coordinator may verify this action.") % {
            "verifier": action.verifier
        }
    if can(user, "change", action.org_unit):
        return None
    return _("Only a manager or a QSE coordinator may verify this action.")


def _when_done(action, user, comment: str) -> None:
    action.progress = 100
    action.done_on = timezone.localdate()


def _when_verified(action, user, comment: str) -> None:
    action.effectiveness_result = comment
    action.verified_by = user
    action.verified_on = timezone.localdate()


def _when_not_effective(action, user, comment: str) -> None:
    _when_verified(action, user, comment)


def _when_reopened(action, user, comment: str) -> None:
    action.done_on = None
    action.verified_by = None
    action.verified_on = None
    action.progress = min(action.progress, 90)


OPEN_STATES = ("planned", "in_progress", "not_effective")
CLOSED_STATES = ("verified", "cancelled")

action_workflow = Workflow(
    states=[
        # The states of an action (feminine in French): "action state" keeps them apart from
        # those of audits or plans, which French writes in the masculine.
        State("planned", pgettext_lazy("action state", "Planned"), "secondary"),
        State("in_progress", pgettext_lazy("action state", "In progress"), "primary"),
        State("done", pgettext_lazy("action state", "Done, to verify"), "info"),
        State("not_effective", pgettext_lazy("action state", "Not effective"), "danger"),
        State(
            "verified",
            pgettext_lazy("action state", "Effective, closed"),
            "success",
            final=True,
            editable=False,
        ),
        State(
            "cancelled",
            pgettext_lazy("action state", "Cancelled"),
            "dark",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "start",
            _("Start"),
            ("planned",),
            "in_progress",
            action="view",
            guards=(_may_progress,),
        ),
        Transition(
            "complete",
            _("Mark as done"),
            ("planned", "in_progress"),
            "done",
            action="view",
            guards=(_may_progress,),
            effect=_when_done,
            tone="info",
        ),
        Transition(
            "verify",
            _("Effective: close"),
            ("done",),
            "verified",
            action="view",
            guards=(_criterion_set, _may_verify),
            needs_comment=True,
            tone="success",
            effect=_when_verified,
        ),
        Transition(
            "reject",
            _("Not effective"),
            ("done",),
            "not_effective",
            action="view",
            guards=(_criterion_set, _may_verify),
            needs_comment=True,
            tone="danger",
            effect=_when_not_effective,
        ),
        Transition(
            "reopen",
            _("Reopen"),
            ("done", "not_effective"),
            "in_progress",
            effect=_when_reopened,
            tone="outline-primary",
        ),
        Transition(
            "cancel",
            _("Cancel"),
            ("planned", "in_progress", "not_effective"),
            "cancelled",
            needs_comment=True,
            tone="outline-danger",
        ),
    ],
)
