"""State changes of the supplier evaluation: compute a draft from the records (deliveries,
the nonconformities of the NC module and their workflow log), enter the rated criteria, and
validate, which fixes the result and sets the supplier's next evaluation.

What each computed criterion reads (the same words are in docs/en/suppliers.md):
- the supplier's *nonconformities of the period*: active nonconformities whose `supplier` is
  the supplier, detected from `period_start` to `period_end` included, cancelled ones left out
  (a cancelled NC was a duplicate or a mistake);
- the supplier's *deliveries of the period*: active deliveries received from `period_start`
  to `period_end` included (a delivery not received yet is judged once it comes);
- `ppm`: Σ quantity nonconforming of those NCs / Σ quantity received of those deliveries
  × 1,000,000;
- `nc_count`: the number of those NCs;
- `otd`: % of those deliveries received on or before their due date + the scheme's tolerance;
- `nc_response_days`: see `response_days`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core.models import TransitionLog
from amelio.core.permissions import can
from amelio.nonconformities.models import Nonconformity
from amelio.suppliers import computations
from amelio.suppliers.models import (
    Criterion,
    CriterionKind,
    Delivery,
    EvaluationLine,
    Supplier,
    SupplierEvaluation,
)


@dataclass(frozen=True)
class Reading:
    """A criterion's raw value read from the records, or None with the reason."""

    value: float | None
    # The facts the value was read from, or {"none": reason} (see models.basis_text).
    basis: dict


def period_nonconformities(supplier: Supplier, start: dt.date, end: dt.date):
    """The supplier's nonconformities detected in the period, cancelled ones left out."""
    return (
        Nonconformity.objects.active()
        .filter(supplier=supplier, detected_on__gte=start, detected_on__lte=end)
        .exclude(status="cancelled")
    )


def period_deliveries(supplier: Supplier, start: dt.date, end: dt.date):
    """The supplier's deliveries received in the period."""
    return Delivery.objects.active().filter(
        supplier=supplier, received_on__gte=start, received_on__lte=end
    )


def first_responses(ncs) -> dict[int, dt.date]:
    """Each nonconformity's first workflow transition, as a local date (id → date)."""
    content_type = ContentType.objects.get_for_model(Nonconformity)
    rows = (
        TransitionLog.objects.filter(content_type=content_type, object_id__in=[nc.pk for nc in ncs])
        .values("object_id")
        .annotate(first=Min("created_at"))
    )
    return {row["object_id"]: timezone.localdate(row["first"]) for row in rows}


def response_days(ncs) -> Reading:
    """The mean number of days from a supplier nonconformity's detection to its first
    workflow transition (usually "qualify": the nonconformity is acknowledged and sent into
    treatment). The NC record keeps no date of the supplier's own answer, so this measures how
    fast the nonconformity was taken up, the part of the loop the transition log dates
    honestly. Nonconformities with no transition yet are left out, and counted in the basis."""
    ncs = list(ncs)
    if not ncs:
        return Reading(None, {"none": "no_ncs"})
    firsts = first_responses(ncs)
    value = computations.mean_days((nc.detected_on, firsts.get(nc.pk)) for nc in ncs)
    waiting = sum(1 for nc in ncs if nc.pk not in firsts)
    if value is None:
        return Reading(None, {"none": "none_taken_up"})
    return Reading(value, {"taken_up": len(ncs) - waiting, "waiting": waiting})


def read_criterion(kind: str, evaluation: SupplierEvaluation) -> Reading:
    """The raw value of a computed criterion for the evaluation's supplier and period."""
    supplier, start, end = evaluation.supplier, evaluation.period_start, evaluation.period_end
    ncs = period_nonconformities(supplier, start, end)
    deliveries = period_deliveries(supplier, start, end)
    if kind == CriterionKind.NC_COUNT:
        count = ncs.count()
        return Reading(count, {"ncs": count})
    if kind == CriterionKind.NC_RESPONSE_DAYS:
        return response_days(ncs)
    rows = list(deliveries.values_list("due_date", "received_on", "quantity_received"))
    if not rows:
        return Reading(None, {"none": "no_deliveries"})
    if kind == CriterionKind.OTD:
        pairs = [(due, received) for due, received, _qty in rows]
        value = computations.otd(pairs, evaluation.scheme.tolerance_days)
        late = sum(
            1
            for due, rec in pairs
            if not computations.on_time(due, rec, evaluation.scheme.tolerance_days)
        )
        return Reading(value, {"deliveries": len(rows), "late": late})
    received = sum(qty for _due, _rec, qty in rows)
    bad = ncs.aggregate(total=Sum("quantity_nonconforming"))["total"] or 0
    value = computations.ppm(bad, received)
    if value is None:
        return Reading(None, {"none": "no_parts"})
    return Reading(value, {"bad": bad, "received": received})


def _require_draft(evaluation: SupplierEvaluation, user) -> None:
    if not can(user, "change", evaluation.org_unit):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    if evaluation.is_validated:
        raise ValidationError(_("A validated evaluation cannot be changed."))
    if evaluation.is_archived:
        raise ValidationError(_("An archived record cannot be changed; restore it first."))


@transaction.atomic
def evaluation_compute(*, evaluation: SupplierEvaluation, user) -> SupplierEvaluation:
    """Read the records again and rewrite the lines of a draft evaluation (the rated
    criteria keep their score, every line its comment), then its total, class and trend."""
    evaluation = SupplierEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_draft(evaluation, user)
    problem = evaluation.scheme.weights_problem()
    if problem:
        raise ValidationError(problem)
    kept = {line.criterion_id: line for line in evaluation.lines.all()}
    evaluation.lines.all().delete()
    for position, criterion in enumerate(evaluation.scheme.active_criteria()):
        EvaluationLine.objects.create(
            evaluation=evaluation, position=position, **_line_values(criterion, evaluation, kept)
        )
    return _refresh_total(evaluation, user)


def _line_values(criterion: Criterion, evaluation, kept: dict) -> dict:
    previous = kept.get(criterion.pk)
    values = {
        "criterion": criterion,
        "name": criterion.name,
        "kind": criterion.kind,
        "weight": criterion.weight,
        "computed": criterion.computed,
        "comment": previous.comment if previous else "",
    }
    if not criterion.computed:
        score = previous.score if previous else None
        return {**values, "raw_value": score, "score": score, "basis": ""}
    reading = read_criterion(criterion.kind, evaluation)
    best, worst = criterion.best_value or 0.0, criterion.worst_value or 0.0
    score = computations.linear_score(reading.value, best, worst)
    return {**values, "raw_value": reading.value, "score": score, "basis": reading.basis}


def _previous(evaluation: SupplierEvaluation) -> SupplierEvaluation | None:
    """The supplier's last validated evaluation of an earlier period."""
    return (
        SupplierEvaluation.objects.active()
        .filter(
            supplier_id=evaluation.supplier_id,
            status=SupplierEvaluation.Status.VALIDATED,
            period_end__lt=evaluation.period_end,
        )
        .exclude(pk=evaluation.pk)
        .order_by("-period_end", "-pk")
        .first()
    )


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 1)))


def _refresh_total(evaluation: SupplierEvaluation, user) -> SupplierEvaluation:
    lines = list(evaluation.lines.all())
    total = computations.weighted_total((line.score, float(line.weight)) for line in lines)
    scheme = evaluation.scheme
    previous = _previous(evaluation)
    evaluation.total_score = _decimal(total)
    evaluation.grade = computations.evaluation_class(total, scheme.class_a_min, scheme.class_b_min)
    evaluation.previous_score = previous.total_score if previous else None
    evaluation.trend = computations.trend(
        total,
        float(previous.total_score) if previous and previous.total_score is not None else None,
    )
    evaluation.updated_by = user
    evaluation.updated_at = timezone.now()
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_rate(
    *,
    evaluation: SupplierEvaluation,
    user,
    scores: dict[int, float | None],
    comments: dict[int, str],
) -> SupplierEvaluation:
    """Enter the scores of the rated criteria (0–100) and the comments, by line id."""
    evaluation = SupplierEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_draft(evaluation, user)
    for line in evaluation.lines.all():
        if not line.computed and line.pk in scores:
            score = scores[line.pk]
            if score is not None and not 0 <= score <= 100:
                raise ValidationError(_("A rated score is between 0 and 100."))
            line.score = line.raw_value = score
        if line.pk in comments:
            line.comment = comments[line.pk]
        line.save()
    return _refresh_total(evaluation, user)


@transaction.atomic
def evaluation_validate(*, evaluation: SupplierEvaluation, user) -> SupplierEvaluation:
    """Fix the evaluation (who, when) and give the supplier its score, class and the date of
    its next evaluation (the end of the period + the class's interval)."""
    evaluation = SupplierEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not can(user, "approve", evaluation.org_unit):
        raise PermissionDenied(_("You are not allowed to validate this evaluation."))
    _require_draft(evaluation, user)
    if not evaluation.lines.exists():
        raise ValidationError(_("Compute the evaluation before validating it."))
    missing = [
        line.name for line in evaluation.lines.all() if not line.computed and line.score is None
    ]
    if missing:
        raise ValidationError(
            _("Rate these criteria first: %(names)s.") % {"names": ", ".join(missing)}
        )
    evaluation.status = SupplierEvaluation.Status.VALIDATED
    evaluation.validated_by = user
    evaluation.validated_on = timezone.localdate()
    evaluation.save()
    supplier_refresh(evaluation.supplier)
    return evaluation


def supplier_refresh(supplier: Supplier) -> None:
    """The supplier's score, class and next evaluation from its latest validated evaluation."""
    latest = (
        SupplierEvaluation.objects.active()
        .filter(supplier=supplier, status=SupplierEvaluation.Status.VALIDATED)
        .select_related("scheme")
        .order_by("-period_end", "-pk")
        .first()
    )
    fields: dict = {"current_score": None, "current_class": "", "next_evaluation_on": None}
    if latest is not None:
        fields = {
            "current_score": latest.total_score,
            "current_class": latest.grade,
            "next_evaluation_on": computations.add_months(
                latest.period_end, latest.scheme.months_for(latest.grade)
            ),
        }
    Supplier.objects.filter(pk=supplier.pk).update(**fields)
