"""Numbers as people read them, shared by exports and pages: a decimal without trailing zeros
(480.000 -> 480, 0.052000 -> 0.052), so that a stored precision is not taken for thousands.
Pure: no Django import."""

from __future__ import annotations

from decimal import Decimal


def plain(value) -> Decimal:
    """`value` as a Decimal without trailing zeros and without exponent."""
    number = Decimal(value).normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral() else number


def decimals(value: Decimal) -> int:
    """How many decimals a plain Decimal has (0 for 11628, 3 for 0.052)."""
    return max(0, -int(value.as_tuple().exponent))
