"""Validators for French identifiers, uploaded files and dates."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def luhn_ok(digits: str) -> bool:
    """Luhn checksum, as used by SIREN and SIRET numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# La Poste's establishments share one SIREN and are numbered outside the Luhn rule.
LA_POSTE_SIREN = "356000000"


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits whose Luhn checksum holds; La Poste's establishments may instead
    have a digit sum that is a multiple of 5."""
    if not value:
        return
    if len(value) != 14 or not value.isdigit():
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    if luhn_ok(value):
        return
    if value.startswith(LA_POSTE_SIREN) and sum(int(c) for c in value) % 5 == 0:
        return
    raise ValidationError(_("This SIRET number is not valid (checksum)."), code="siret_checksum")


# The dates a QHSE record can sensibly carry. Anything outside is a typing slip (0001 for 2001)
# and breaks what reads it: time zones (Paris kept local mean time, +00:09:21, until 1911),
# Excel, and date-times near year 9999 that overflow once converted to local time.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)


def validate_date_range(value) -> None:
    """A date or date-time between DATE_MIN and DATE_MAX; the message gives both bounds in the
    date format of the user's language. Forms, the API and imports all apply it."""
    if not isinstance(value, dt.date):
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s."),
            code="date_range",
            params={
                "min": date_format(DATE_MIN, "SHORT_DATE_FORMAT"),
                "max": date_format(DATE_MAX, "SHORT_DATE_FORMAT"),
            },
        )
