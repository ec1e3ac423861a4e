"""The figures the context module publishes (core.measures)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.context.services import REVIEWED_MODELS, reviews_overdue
from amelio.core.measures import LOWER, Scope, measures


@measures.measure(
    "context.reviews_overdue",
    label=_("Context reviews overdue"),
    unit=pgettext_lazy("unit", "records"),
    direction=LOWER,
    state=True,
    description=_(
        "Context issues and interested parties whose review date is past on the last day of "
        "the period (today while it runs), as the issues and parties lists filtered on their "
        "review date show them."
    ),
    page="context:contextissue_list",
    decimals=0,
)
def context_reviews_overdue(scope: Scope) -> int:
    return sum(
        reviews_overdue(
            model.objects.active().filter(org_unit__path__startswith=scope.path), scope.as_of
        ).count()
        for model in REVIEWED_MODELS
    )
