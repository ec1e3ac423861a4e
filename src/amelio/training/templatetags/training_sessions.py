"""Template filters of training pages: amounts in euros and scores, in the reader's locale."""

from __future__ import annotations

from django import template

from amelio.core.numbers import localised

register = template.Library()


@register.filter
def euros(value) -> str:
    """An amount with two decimals and the euro sign, as the reader writes it ("1 234,50 €"
    in French, "1,234.50 €" in English); "—" for no value."""
    if value is None or value == "":
        return "—"
    return f"{localised(value, 2)}\u00a0€"


@register.filter
def score(value) -> str:
    """A mean score with one decimal ("3,4"); "—" for none."""
    if value is None or value == "":
        return "—"
    return localised(value, 1)


@register.filter
def rate(value) -> str:
    """A percentage stored in percent (87.5) with one decimal ("87,5 %"); "—" for none."""
    if value is None or value == "":
        return "—"
    return f"{localised(value, 1)}\u00a0%"
