"""Validators for French identifiers and uploaded files."""

from django.core.exceptions import ValidationError
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
