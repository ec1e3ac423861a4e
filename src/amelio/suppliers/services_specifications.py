"""State changes of a specification: its requirements and criteria, the scores of the offers
on the comparison grid, and the decision. Each runs in one transaction, takes the acting user
and refuses (ValidationError) what the specification's state or the user's role forbids; a
refusal changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core import services
from amelio.core.permissions import can, model_action
from amelio.suppliers import selection
from amelio.suppliers.models import (
    Offer,
    OfferScore,
    Requirement,
    SelectionCriterion,
    Specification,
)


@dataclass
class Row:
    """One line of the requirements or criteria being saved: its id (None for a new one),
    its values, and whether it is removed."""

    pk: int | None
    values: dict[str, Any]
    delete: bool = False


@dataclass
class Comparison:
    """The comparison grid: criteria, offers, each offer's scores, total, place, and why an
    offer is not ranked."""

    criteria: list[SelectionCriterion]
    offers: list[Offer]
    scores: dict[tuple[int, int], OfferScore]
    places: dict[Any, selection.Placed] = field(default_factory=dict)
    weight_sum: Decimal = Decimal(0)

    @property
    def weights_complete(self) -> bool:
        return self.weight_sum == selection.FULL_WEIGHT


def _locked(specification_pk: int) -> Specification:
    return (
        Specification.objects.select_for_update()
        .select_related("org_unit")
        .get(pk=specification_pk)
    )


def _require_change(user, specification: Specification) -> None:
    if not can(user, model_action(Specification, "change"), specification.org_unit):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    if specification.is_archived:
        raise ValidationError(_("An archived record cannot be changed; restore it first."))


def _refuse_state(specification: Specification, allowed: tuple[str, ...], message: str) -> None:
    if specification.status not in allowed:
        raise ValidationError(message % {"state": specification.get_status_display()})


def comparison(specification: Specification, offers: list[Offer]) -> Comparison:
    """The grid of `offers` (those the user sees): totals out of 100 and the ranking of the
    offers that meet every mandatory requirement and are scored on every criterion."""
    criteria = list(specification.criteria.all())
    scores = {
        (s.offer_id, s.criterion_id): s
        for s in OfferScore.objects.filter(offer__in=[o.pk for o in offers])
    }
    weights = {c.pk: c.weight for c in criteria}
    totals: dict[int, Decimal | None] = {}
    for offer in offers:
        marks = {c.pk: getattr(scores.get((offer.pk, c.pk)), "score", None) for c in criteria}
        offer.total = selection.weighted_total(weights, marks)
        offer.missing = sum(1 for v in marks.values() if v is None)
        if offer.mandatory_met:
            totals[offer.pk] = offer.total
    places = {p.key: p for p in selection.competition_ranking(totals)}
    for offer in offers:
        offer.place = places.get(offer.pk)
    grid = Comparison(criteria, offers, scores, places, selection.weight_sum(weights.values()))
    order = {key: index for index, key in enumerate(places)}
    grid.offers.sort(key=lambda o: (o.pk not in order, order.get(o.pk, 0), o.pk))
    return grid


@transaction.atomic
def specification_content_save(
    *, specification: Specification, requirements: list[Row], criteria: list[Row], user
) -> Specification:
    """Save the requirements and criteria of a specification that is not decided or
    cancelled; in consultation the weights must still sum to 100 %."""
    spec = _locked(specification.pk)
    _require_change(user, spec)
    _refuse_state(
        spec,
        ("draft", "consultation"),
        _("A specification “%(state)s” keeps its requirements and criteria."),
    )
    _apply(spec, Requirement, requirements)
    _apply(spec, SelectionCriterion, criteria)
    if spec.status == "consultation":
        refusal = spec.weight_refusal([c.weight for c in spec.criteria.all()])
        if refusal:
            raise ValidationError(refusal)
    spec.updated_by = user
    spec.updated_at = timezone.now()
    spec.save(update_fields=["updated_by", "updated_at"])
    return spec


def _apply(
    spec: Specification, model: type[Requirement] | type[SelectionCriterion], rows: list[Row]
) -> None:
    existing = {item.pk: item for item in model.objects.filter(specification=spec)}
    for row in rows:
        item = existing.get(row.pk) if row.pk else None
        if row.pk and item is None:
            raise ValidationError(_("A line does not belong to this specification."))
        if row.delete:
            if item is not None:
                item.delete()
            continue
        item = item or model(specification=spec)
        for name, value in row.values.items():
            setattr(item, name, value)
        item.full_clean(exclude=["specification"])
        item.save()


@transaction.atomic
def scores_save(
    *,
    specification: Specification,
    entries: dict[tuple[int, int], tuple[Decimal | None, str]],
    user,
) -> int:
    """Save the grid's scores, (offer id, criterion id) -> (score or None, comment), all or
    nothing, while the specification is in consultation; an empty score removes it. Returns
    how many scores changed."""
    spec = _locked(specification.pk)
    _require_change(user, spec)
    _refuse_state(
        spec,
        ("consultation",),
        _("Offers are scored during the consultation; this specification is “%(state)s”."),
    )
    offers = set(
        Offer.objects.filter(specification=spec, archived_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    criteria = set(spec.criteria.values_list("pk", flat=True))
    stored = {(s.offer_id, s.criterion_id): s for s in OfferScore.objects.filter(offer__in=offers)}
    changed = 0
    for (offer_pk, criterion_pk), (score, comment) in entries.items():
        if offer_pk not in offers or criterion_pk not in criteria:
            raise ValidationError(_("A score names an offer or a criterion of another grid."))
        current = stored.get((offer_pk, criterion_pk))
        if score is None:
            if current is not None:
                current.delete()
                changed += 1
            continue
        if current is not None and (current.score, current.comment) == (score, comment):
            continue
        item = current or OfferScore(offer_id=offer_pk, criterion_id=criterion_pk)
        item.score, item.comment = score, comment
        item.full_clean(exclude=["offer", "criterion"])
        item.save()
        changed += 1
    return changed


@transaction.atomic
def specification_decide(
    *, specification: Specification, offer: Offer, reason: str, user
) -> Specification:
    """Choose `offer` for the specification, with the reason, and close the consultation:
    the offer meets every mandatory requirement and is scored on every criterion. The
    specification is then decided and locks its offers and scores."""
    spec = _locked(specification.pk)
    _require_change(user, spec)
    _refuse_state(
        spec, ("consultation",), _("Only a specification in consultation can be decided.")
    )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the choice."))
    if offer.specification_id != spec.pk or offer.is_archived:
        raise ValidationError(_("Choose one of the offers received for this specification."))
    if not offer.mandatory_met:
        raise ValidationError(
            _("%(offer)s does not meet every mandatory requirement: it cannot be chosen.")
            % {"offer": offer}
        )
    if offer.supplier.status == offer.supplier.Status.BLOCKED:
        raise ValidationError(
            _("%(supplier)s is blocked: it cannot be chosen until its status is reviewed.")
            % {"supplier": offer.supplier}
        )
    refusal = spec.weight_refusal()
    if refusal:
        raise ValidationError(refusal)
    grid = comparison(spec, [offer])
    if grid.offers[0].total is None:
        raise ValidationError(
            _("Score %(offer)s on every criterion before choosing it.") % {"offer": offer}
        )
    Specification.objects.filter(pk=spec.pk).update(
        chosen_offer=offer,
        decision_reason=reason.strip(),
        decided_by=user,
        decided_at=timezone.now(),
    )
    services.record_transition(record=spec, user=user, name="decide", comment=reason)
    return Specification.objects.get(pk=spec.pk)
