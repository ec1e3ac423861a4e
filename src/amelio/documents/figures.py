"""The figures of the controlled library that its pages show and its measures publish,
computed once here (core.measures, docs/decisions/0033-measures-published-by-modules.md)."""

from __future__ import annotations

import datetime as dt

WITHDRAWN = "withdrawn"


def reviews_overdue(documents, day: dt.date):
    """The `documents` in use (not withdrawn) whose periodic review was due before `day`:
    the library filtered on "Review overdue", and the measure documents.reviews_overdue."""
    return documents.exclude(status=WITHDRAWN).filter(next_review_on__lt=day)


def reviews_soon(documents, day: dt.date, days: int = 90):
    """The `documents` in use whose periodic review falls due within `days` from `day`."""
    return documents.exclude(status=WITHDRAWN).filter(
        next_review_on__gte=day, next_review_on__lte=day + dt.timedelta(days=days)
    )
