"""State changes of management reviews: their input sections, the frozen pack, the comments
on each input and the decisions that become actions."""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core.permissions import can
from amelio.core.services import record_create
from amelio.reviews.models import ManagementReview, ReviewDecision, ReviewInput
from amelio.reviews.pack.figures import Periods
from amelio.reviews.pack.inputs import compile_section, sections_for
from amelio.reviews.pack.present import present


def periods_of(review: ManagementReview) -> Periods:
    """The review's scope (its unit and the units below, its period) and the previous
    period of the same length."""
    return Periods.of(review.org_unit, review.period_start, review.period_end)


def inputs_sync(*, review: ManagementReview) -> list[ReviewInput]:
    """Give a review in preparation one input per section its standards ask for, in order;
    sections no longer asked for go unless they carry a comment. A held review keeps its
    inputs as they were frozen."""
    if review.status == "preparation":
        wanted = sections_for(review.standards)
        existing = {i.key: i for i in review.inputs.all()}
        for position, section in enumerate(wanted):
            found = existing.pop(section.key, None)
            if found is None:
                ReviewInput.objects.create(
                    review=review, key=section.key, position=position, clauses=section.clauses
                )
            elif found.position != position or found.clauses != section.clauses:
                found.position, found.clauses = position, section.clauses
                found.save(update_fields=["position", "clauses"])
        for left in existing.values():
            if not left.comment.strip():
                left.delete()
    return list(review.inputs.all())


def _serialisable(data: dict) -> dict:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def review_freeze(*, review: ManagementReview) -> None:
    """Compute every input of the review and store it (the review's workflow calls this when
    it is held): from then on the pack shows only these snapshots."""
    inputs_sync(review=review)
    periods = periods_of(review)
    now = timezone.now()
    for item in review.inputs.all():
        item.snapshot = _serialisable(compile_section(item.key, review, periods))
        item.frozen_at = now
        item.save(update_fields=["snapshot", "frozen_at"])
    review.held_on = timezone.localdate()


def pack(review: ManagementReview) -> list[dict]:
    """The sections of the pack with their comment: live while the review is prepared (or
    cancelled), the frozen snapshots once it is held."""
    items = inputs_sync(review=review)
    periods = None if review.is_frozen else periods_of(review)
    sections = []
    for item in items:
        if review.is_frozen:
            data = item.snapshot
        else:
            data = compile_section(item.key, review, periods) if periods else None
        sections.append({"input": item, **present(item.key, data)})
    return sections


def _require(user, action: str, review: ManagementReview) -> None:
    if not can(user, action, review.org_unit) or review.is_archived:
        raise PermissionDenied(_("You are not allowed to do this on this record."))


@transaction.atomic
def input_comment(*, item: ReviewInput, user, comment: str) -> ReviewInput:
    """Set the coordinator's comment on an input; only while the review is prepared."""
    review = item.review
    _require(user, "change", review)
    if review.status != "preparation":
        raise ValidationError(_("The comments of a held review cannot be changed."))
    item.comment = comment.strip()
    item.save(update_fields=["comment"])
    return item


@transaction.atomic
def decision_add(
    *,
    review: ManagementReview,
    user,
    kind: str,
    text: str,
    owner=None,
    due_date: dt.date | None = None,
) -> ReviewDecision:
    """Record an output of the review (9.3.3); not once its minutes are approved."""
    _require(user, "change", review)
    if review.status in ("approved", "cancelled"):
        raise ValidationError(_("The decisions of this review cannot be changed any more."))
    decision = ReviewDecision(review=review, kind=kind, text=text.strip(), owner=owner)
    decision.due_date = due_date
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_action(*, decision: ReviewDecision, user):
    """Create the action that carries out a decision, linked to the review (the next review's
    first input follows it up)."""
    from amelio.actions.models import Action, ActionLink
    from amelio.actions.services import action_link

    review = decision.review
    _require(user, "change", review)
    if decision.action_id:
        raise ValidationError(_("This decision already has its action."))
    if review.status == "cancelled":
        raise ValidationError(_("A cancelled review decides nothing."))
    base = review.held_on or review.planned_on
    action = Action(
        title=decision.text.splitlines()[0][:200] if decision.text else review.title[:200],
        description=decision.text,
        org_unit=review.org_unit,
        action_type=Action.Type.IMPROVEMENT,
        owner=decision.owner or review.owner,
        start_date=base,
        due_date=decision.due_date or base + dt.timedelta(days=90),
    )
    record_create(record=action, user=user)
    action_link(action=action, record=review, user=user, role=ActionLink.Role.IMPROVEMENT)
    decision.action = action
    decision.save(update_fields=["action"])
    return action


def review_create(*, review: ManagementReview, user, m2m_save=None) -> ManagementReview:
    """Create a review with its input sections."""
    record_create(record=review, user=user, m2m_save=m2m_save)
    return review
