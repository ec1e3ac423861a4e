"""Workflow of the scope and policy texts: draft -> in review -> approved -> superseded."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.workflow import State, Transition, Workflow


def _has_text(record, user):
    if not (record.body or "").strip():
        return _("The text is empty.")
    return None


def _not_own_draft(record, user):
    if record.created_by_id == user.pk and not user.is_superuser:
        return _("A text is approved by someone other than its author.")
    return None


def _approve(record, user, comment: str) -> None:
    """Record the approval and supersede the version approved before, for the same unit."""
    from amelio.core.models import TransitionLog

    record.approved_by = user
    record.approved_at = timezone.now()
    previous = (
        type(record)
        .objects.filter(kind=record.kind, org_unit=record.org_unit, status="approved")
        .exclude(pk=record.pk)
    )
    for older in previous.select_for_update():
        older.status = "superseded"
        older.version += 1
        older.updated_by = user
        older.save(update_fields=["status", "version", "updated_by"])
        TransitionLog.objects.create(
            target=older,
            transition="supersede",
            source="approved",
            target_state="superseded",
            user=user,
            # The reference only: "Replaced by ..." is written at display time, in the
            # reader's language (see the transition_comment template filter).
            comment=record.reference,
        )


text_workflow = Workflow(
    states=[
        State("draft", _("Draft"), "secondary"),
        State("review", _("In review"), "warning", editable=False),
        State("approved", _("Approved"), "success", editable=False),
        State("superseded", _("Superseded"), "dark", final=True, editable=False),
    ],
    transitions=[
        Transition("submit", _("Submit for review"), ("draft",), "review", guards=(_has_text,)),
        Transition(
            "return",
            _("Return to draft"),
            ("review",),
            "draft",
            needs_comment=True,
            tone="outline-secondary",
        ),
        Transition(
            "approve",
            _("Approve"),
            ("review",),
            "approved",
            action="approve",
            guards=(_has_text, _not_own_draft),
            tone="success",
            effect=_approve,
        ),
    ],
)
