"""Workflows of record retention.

A legal hold is active until it is released, with a reason, by someone who may approve in its
unit. A purge run is proposed (its list frozen), approved by someone else who may approve in
its unit, then carried out; it may be rejected until it is carried out
(docs/decisions/0030-retention-purge-needs-approval.md)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.workflow import State, Transition, Workflow


def _release(record, user, comment: str) -> None:
    record.released_on = timezone.localdate()
    record.released_by = user
    record.release_reason = comment


hold_workflow = Workflow(
    states=[
        State("active", pgettext_lazy("legal hold", "In force"), "danger"),
        State("released", pgettext_lazy("legal hold", "Released"), "secondary", True, False),
    ],
    transitions=[
        Transition(
            "release",
            _("Release the hold"),
            ("active",),
            "released",
            action="approve",
            needs_comment=True,
            tone="outline-danger",
            effect=_release,
        ),
    ],
)


def _not_the_proposer(record, user):
    if record.created_by_id is not None and record.created_by_id == user.pk:
        return _("The person who proposed a purge cannot approve it: ask another coordinator.")
    return None


def _has_records(record, user):
    if not record.planned_count:
        return _("This purge lists no record: there is nothing to approve.")
    return None


def _approve(record, user, comment: str) -> None:
    record.approved_by = user
    record.approved_at = timezone.now()


def _execute(record, user, comment: str) -> None:
    from amelio.documents.retention_purge import execute

    execute(record, user)


purge_workflow = Workflow(
    states=[
        State("proposed", pgettext_lazy("purge run", "Proposed"), "warning"),
        State("approved", pgettext_lazy("purge run", "Approved"), "primary", editable=False),
        State("done", pgettext_lazy("purge run", "Carried out"), "success", True, False),
        State("rejected", pgettext_lazy("purge run", "Rejected"), "secondary", True, False),
    ],
    transitions=[
        Transition(
            "approve",
            _("Approve the purge"),
            ("proposed",),
            "approved",
            action="approve",
            guards=(_not_the_proposer, _has_records),
            tone="success",
            effect=_approve,
        ),
        Transition(
            "execute",
            _("Carry out the purge"),
            ("approved",),
            "done",
            action="approve",
            tone="danger",
            effect=_execute,
        ),
        Transition(
            "reject",
            _("Reject"),
            ("proposed", "approved"),
            "rejected",
            action="approve",
            needs_comment=True,
            tone="outline-secondary",
        ),
    ],
)
