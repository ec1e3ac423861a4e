"""Numbers as people read them, shared by exports and pages: a decimal without trailing zeros
(480.000 -> 480, 0.052000 -> 0.052), so that a stored precision is not taken for thousands;
and `localised`, the one way a page, a PDF or a chart label writes a number in the reader's
language ("2 161,5" in French, "2,161.5" in English). `plain` and `decimals` are pure."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def plain(value) -> Decimal:
    """`value` as a Decimal without trailing zeros and without exponent."""
    number = _decimal(value).normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral() else number


def decimals(value: Decimal) -> int:
    """How many decimals a plain Decimal has (0 for 11628, 3 for 0.052)."""
    return max(0, -int(value.as_tuple().exponent))


def localised(value, places: int | None = None) -> str:
    """`value` in the active language, thousands grouped: with `places` decimals, or with its
    own decimals and no trailing zeros when `places` is None. 2161.5 -> "2 161,5" in French
    (Django's separators, a no-break space between thousands); "" for no value."""
    from django.utils.formats import number_format

    if value is None or value == "":
        return ""
    number = plain(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(
        number, decimals(number) if places is None else places, force_grouping=True
    )


def _decimal(value) -> Decimal:
    # A float through its shortest repr: Decimal(2.08) would be 2.0800000000000000710...
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
