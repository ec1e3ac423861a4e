"""Workflow of a nonconformity: draft -> qualified -> analysis -> action plan -> in progress ->
effectiveness check -> closed, or cancelled with a reason.

Guards (docs/decisions/0015-nonconformity-closure-rule.md):
- no action plan without a root cause written;
- work starts only once at least one action answers the nonconformity;
- the effectiveness check starts once no linked action is still being worked on;
- closure needs at least one linked action verified effective and none still open; a
  cancelled action is neither effective nor blocking (it was replaced or dropped with a reason).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.workflow import State, Transition, Workflow

NOT_FINAL = ("draft", "qualified", "analysis", "action_plan", "in_progress", "effectiveness_check")


def linked_statuses(nc) -> list[str]:
    """The states of the active actions linked to `nc` (whoever may see them)."""
    from amelio.actions.models import Action

    content_type = ContentType.objects.get_for_model(type(nc))
    return list(
        Action.objects.active()
        .filter(links__content_type=content_type, links__object_id=nc.pk)
        .values_list("status", flat=True)
    )


def _root_cause_written(nc, user):
    if not (nc.root_cause or "").strip():
        return _("Record the root cause (5 whys, Ishikawa or 8D) before planning actions.")
    return None


def _has_action(nc, user):
    if not [s for s in linked_statuses(nc) if s != "cancelled"]:
        return _("Link at least one corrective action before starting the work.")
    return None


def _actions_finished(nc, user):
    open_ = [s for s in linked_statuses(nc) if s in ("planned", "in_progress", "not_effective")]
    if open_:
        return _("Some linked actions are still being worked on.")
    return None


def _actions_effective(nc, user):
    statuses = linked_statuses(nc)
    pending = [s for s in statuses if s not in ("verified", "cancelled")]
    if pending:
        return _(
            "Every linked action must be verified effective before closure; "
            "some are not verified yet."
        )
    if "verified" not in statuses:
        return _("At least one linked action must be verified effective before closure.")
    return None


def _when_closed(nc, user, comment: str) -> None:
    nc.closed_on = timezone.localdate()


def _when_cancelled(nc, user, comment: str) -> None:
    nc.cancel_reason = comment


def _when_reopened(nc, user, comment: str) -> None:
    nc.closed_on = None


nonconformity_workflow = Workflow(
    states=[
        # "nonconformity state": a nonconformity is feminine in French.
        State("draft", pgettext_lazy("nonconformity state", "Draft"), "secondary"),
        State("qualified", pgettext_lazy("nonconformity state", "Qualified"), "info"),
        State("analysis", pgettext_lazy("nonconformity state", "Analysis"), "primary"),
        State("action_plan", pgettext_lazy("nonconformity state", "Action plan"), "primary"),
        State("in_progress", pgettext_lazy("nonconformity state", "In progress"), "warning"),
        State(
            "effectiveness_check",
            pgettext_lazy("nonconformity state", "Effectiveness check"),
            "info",
        ),
        State(
            "closed",
            pgettext_lazy("nonconformity state", "Closed"),
            "success",
            final=True,
            editable=False,
        ),
        State(
            "cancelled",
            pgettext_lazy("nonconformity state", "Cancelled"),
            "dark",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition("qualify", _("Qualify"), ("draft",), "qualified"),
        Transition("analyse", _("Start the analysis"), ("qualified",), "analysis"),
        Transition(
            "plan",
            _("Plan the actions"),
            ("analysis",),
            "action_plan",
            guards=(_root_cause_written,),
        ),
        Transition(
            "start", _("Start the actions"), ("action_plan",), "in_progress", guards=(_has_action,)
        ),
        Transition(
            "check",
            _("Check effectiveness"),
            ("in_progress",),
            "effectiveness_check",
            guards=(_actions_finished,),
            tone="info",
        ),
        Transition(
            "close",
            _("Close the nonconformity"),
            ("effectiveness_check",),
            "closed",
            action="approve",
            guards=(_actions_effective,),
            effect=_when_closed,
            tone="success",
        ),
        Transition(
            "reopen",
            _("Not effective: back to the actions"),
            ("effectiveness_check",),
            "in_progress",
            needs_comment=True,
            effect=_when_reopened,
            tone="outline-primary",
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
