"""Template helpers of the energy app: figures in the reader's locale (MWh, tonnes, shares,
changes)."""

from __future__ import annotations

from django import template

from amelio.core.numbers import localised

register = template.Library()


def _number(value: float, decimals: int) -> str:
    return localised(value, decimals)


@register.filter
def mwh(kwh) -> str:
    """kWh as MWh with one decimal ("1 234,5")."""
    return "" if kwh in (None, "") else _number(float(kwh) / 1000, 1)


@register.filter
def tonnes(kg) -> str:
    """kgCO2e as tonnes with one decimal."""
    return "" if kg in (None, "") else _number(float(kg) / 1000, 1)


@register.filter
def signed_percent(value) -> str:
    """A change (−0.052) as "−5,2 %", with its sign."""
    if value in (None, ""):
        return "—"
    text = _number(abs(float(value)) * 100, 1)
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{text}\u00a0%"


@register.filter
def price_per_mwh(totals: dict) -> str:
    """The average price of a total {kwh, cost} in € per MWh."""
    kwh = totals.get("kwh") or 0
    return _number(totals["cost"] / kwh * 1000, 0) if kwh else "—"


@register.filter
def number(value, decimals: int = 0) -> str:
    """A float in the reader's locale with `decimals` decimals."""
    return "—" if value in (None, "") else _number(float(value), int(decimals))
