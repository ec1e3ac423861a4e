"""Workflows of an audit programme and of an audit.

Audit: planned -> prepared (plan sent to the auditees) -> in progress -> reported -> closed
(signed off), or cancelled with a reason. The audit team (lead auditor and auditors) carries
the audit out and writes the report, whatever their role; signing the report off is the
coordinator's (approve). See docs/decisions/0017-the-audit-team-fills-its-audit.md.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.permissions import can
from amelio.core.workflow import State, Transition, Workflow

AUDIT_NOT_FINAL = ("planned", "prepared", "in_progress", "reported")
AUDIT_DONE = ("reported", "closed")


def is_team_member(audit, user) -> bool:
    """Whether `user` is the lead auditor or an auditor of the audit."""
    if not (user and user.is_authenticated):
        return False
    if audit.lead_auditor_id == user.pk:
        return True
    return audit.team.filter(pk=user.pk).exists()


def may_carry_out(audit, user) -> bool:
    """Whether `user` may fill the checklist, record findings and write the report: a member
    of the audit team who sees the audit, or anyone who may change it."""
    if audit.is_archived or audit.locks_children():
        return False
    if can(user, "change", audit.org_unit):
        return True
    return can(user, "view", audit.org_unit) and is_team_member(audit, user)


def _team(audit, user):
    if not may_carry_out(audit, user):
        return _("Only the audit team or a manager of the audited unit may do this step.")
    return None


def _ready_to_prepare(audit, user):
    from amelio.audits.services import (
        audit_independence_problems,
        audit_qualification_problems,
    )

    if audit.lead_auditor_id is None:
        return _("Name the lead auditor before sending the audit plan.")
    if not audit.planned_start:
        return _("Set the audit dates before sending the audit plan.")
    problems = audit_independence_problems(audit) or audit_qualification_problems(audit)
    if problems:
        return problems[0]
    return None


def _has_checklist(audit, user):
    if not audit.checklist.exists():
        return _("Build the checklist before starting the audit.")
    return None


def _ready_to_report(audit, user):
    unanswered = audit.checklist.filter(answer="").count()
    if unanswered:
        return _(
            "Answer every question of the checklist (or mark it not applicable) before "
            "reporting; %(count)s are left."
        ) % {"count": unanswered}
    if not audit.closing_at:
        return _("Record the closing meeting before reporting.")
    return None


def _ready_to_sign(audit, user):
    if not (audit.summary.strip() and audit.conclusion.strip()):
        return _("Write the summary and the conclusion of the report before signing it off.")
    return None


def _when_signed(audit, user, comment: str) -> None:
    audit.signed_off_by = user
    audit.signed_off_on = timezone.localdate()


def _when_reopened(audit, user, comment: str) -> None:
    audit.signed_off_by = None
    audit.signed_off_on = None


def _when_cancelled(audit, user, comment: str) -> None:
    audit.cancel_reason = comment


audit_workflow = Workflow(
    states=[
        # "audit state": French writes the states of an audit in the masculine.
        State("planned", pgettext_lazy("audit state", "Planned"), "secondary"),
        State("prepared", pgettext_lazy("audit state", "Prepared"), "info"),
        State("in_progress", pgettext_lazy("audit state", "In progress"), "warning"),
        State("reported", pgettext_lazy("audit state", "Reported"), "primary"),
        State(
            "closed", pgettext_lazy("audit state", "Closed"), "success", final=True, editable=False
        ),
        State(
            "cancelled",
            pgettext_lazy("audit state", "Cancelled"),
            "dark",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "prepare",
            _("Send the audit plan"),
            ("planned",),
            "prepared",
            guards=(_ready_to_prepare,),
        ),
        Transition(
            "start",
            _("Start the audit"),
            ("prepared",),
            "in_progress",
            action="comment",
            guards=(_team, _has_checklist),
        ),
        Transition(
            "report",
            _("Submit the report"),
            ("in_progress",),
            "reported",
            action="comment",
            guards=(_team, _ready_to_report),
            tone="info",
        ),
        Transition(
            "reopen",
            _("Back to the audit"),
            ("reported",),
            "in_progress",
            action="comment",
            guards=(_team,),
            needs_comment=True,
            effect=_when_reopened,
            tone="outline-primary",
        ),
        Transition(
            "sign_off",
            _("Sign the report off"),
            ("reported",),
            "closed",
            action="approve",
            guards=(_ready_to_sign,),
            effect=_when_signed,
            tone="success",
        ),
        Transition(
            "cancel",
            _("Cancel"),
            AUDIT_NOT_FINAL,
            "cancelled",
            needs_comment=True,
            effect=_when_cancelled,
            tone="outline-danger",
        ),
    ],
)


programme_workflow = Workflow(
    states=[
        # "programme state": an audit programme is masculine in French.
        State("draft", pgettext_lazy("programme state", "Draft"), "secondary"),
        State("approved", pgettext_lazy("programme state", "Approved"), "success"),
        State(
            "closed", pgettext_lazy("programme state", "Closed"), "dark", final=True, editable=False
        ),
    ],
    transitions=[
        Transition("approve", _("Approve the programme"), ("draft",), "approved", action="approve"),
        Transition(
            "revise",
            _("Revise"),
            ("approved",),
            "draft",
            action="approve",
            needs_comment=True,
            tone="outline-primary",
        ),
        Transition("close", _("Close the programme"), ("approved",), "closed", tone="dark"),
    ],
)
