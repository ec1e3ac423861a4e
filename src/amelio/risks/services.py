"""Changes across risk records: periodic reviews (the review log), heatmap counts, top-N,
and the counts the heatmap and the risk measures share (above tolerance, reviews overdue,
opportunities taken)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, F, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.actions.computations import FINISHED_STATES
from amelio.actions.models import Action, ActionLink
from amelio.core import services
from amelio.core.permissions import can
from amelio.risks.models import Risk, RiskReview
from amelio.scoring.services import cached_matrix


@transaction.atomic
def risk_review(
    *,
    risk: Risk,
    user,
    comment: str = "",
    reviewed_on: dt.date | None = None,
    next_review: dt.date | None = None,
) -> RiskReview:
    """Log a review of `risk` with its scores as they are now; set the next review date."""
    if not can(user, "change", risk.org_unit):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    review = RiskReview.objects.create(
        risk=risk,
        reviewed_on=reviewed_on or timezone.localdate(),
        reviewer=user,
        inherent_score=risk.inherent_score,
        inherent_level=risk.inherent_level,
        residual_score=risk.residual_score,
        residual_level=risk.residual_level,
        comment=comment.strip(),
    )
    if next_review and next_review != risk.review_date:
        risk.review_date = next_review
        services.record_update(record=risk, user=user, expected_version=risk.version)
    return review


def cell_counts(queryset, prefix: str) -> dict[tuple[int, int], int]:
    """How many records sit in each (likelihood, severity) cell of an assessment."""
    first, second = f"{prefix}_likelihood", f"{prefix}_severity"
    rows = (
        queryset.order_by()
        .filter(**{f"{first}__isnull": False, f"{second}__isnull": False})
        .values(first, second)
        .annotate(count=Count("id"))
    )
    return {(row[first], row[second]): row["count"] for row in rows}


def top_risks(queryset, limit: int = 10):
    """The highest current scores: residual when assessed, inherent otherwise."""
    current = Coalesce("residual_score", "inherent_score")
    return queryset.order_by(
        current.desc(nulls_last=True), F("inherent_score").desc(nulls_last=True), "-id"
    )[:limit]


def review_trend(queryset) -> list[dict]:
    """Average inherent and residual scores of the reviews of `queryset`'s records, per
    quarter (dated on the quarter's first day), oldest first: the register's evolution."""
    reviews = RiskReview.objects.filter(risk__in=queryset.order_by().values("pk"))
    quarters: dict[dt.date, dict[str, list[int]]] = {}
    for day, inherent, residual in reviews.values_list(
        "reviewed_on", "inherent_score", "residual_score"
    ):
        start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        bucket = quarters.setdefault(start, {"inherent": [], "residual": []})
        if inherent is not None:
            bucket["inherent"].append(inherent)
        if residual is not None:
            bucket["residual"].append(residual)
    return [
        {
            "date": start,
            "inherent": _average(bucket["inherent"]),
            "residual": _average(bucket["residual"]),
        }
        for start, bucket in sorted(quarters.items())
    ]


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


# The level a record stands at now: residual once assessed, inherent before (as `top_risks`).
CURRENT_LEVEL = Case(
    When(residual_score__isnull=False, then=F("residual_level")), default=F("inherent_level")
)


def above_tolerance(queryset) -> int:
    """How many threats of `queryset` stand (at their current level) on a level their matrix
    does not accept: those the organisation has not brought within its tolerance yet.
    Opportunities are left out: a high opportunity score is good news."""
    groups = (
        queryset.order_by()
        .filter(risk_type=Risk.Type.RISK)
        .annotate(current_level=CURRENT_LEVEL)
        .values_list("matrix_id", "current_level")
        .annotate(count=Count("id"))
    )
    total = 0
    for matrix_id, key, count in groups:
        matrix = cached_matrix(matrix_id)
        level = matrix.level(key) if matrix is not None and key else None
        if level is not None and not level.get("acceptable", False):
            total += count
    return total


def opportunities_taken(queryset, start: dt.date, end: dt.date):
    """The opportunities of `queryset` acted upon from `start` included to `end` excluded:
    those not left aside (treatment other than "ignore") with an action answering them
    finished in those days (done, verified or found not effective)."""
    finished = Action.objects.active().filter(
        status__in=FINISHED_STATES, done_on__gte=start, done_on__lt=end
    )
    answered = ActionLink.objects.filter(
        content_type=ContentType.objects.get_for_model(Risk), action__in=finished
    ).values("object_id")
    return (
        queryset.filter(risk_type=Risk.Type.OPPORTUNITY)
        .exclude(treatment=Risk.Treatment.IGNORE)
        .filter(pk__in=answered)
    )
