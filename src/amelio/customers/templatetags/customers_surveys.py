"""Filters of the survey results: a share already in %, a signed NPS, a mean."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """A value in % (81.25) with one decimal in the reader's locale ("81,3 %"); "—" for none."""
    from amelio.core.numbers import localised

    if value is None or value == "":
        return "—"
    return f"{localised(round(float(value), 1), 1)}\u00a0%"


@register.filter
def signed(value) -> str:
    """An NPS with its sign ("+35", "−12", "0"); "—" for none."""
    if value is None or value == "":
        return "—"
    number = int(value)
    if number > 0:
        return f"+{number}"
    return f"\u2212{-number}" if number < 0 else "0"


@register.filter
def mean2(value) -> str:
    """A mean with two decimals in the reader's locale; "—" for none."""
    from amelio.core.numbers import localised

    if value is None or value == "":
        return "—"
    return localised(round(float(value), 2), 2)


@register.filter
def share_of(part, total) -> str:
    """`part` of `total` in %, one decimal; "—" when the total is 0."""
    if not total:
        return "—"
    return pct(100.0 * part / total)
