"""French company identifiers (pure functions, no Django): the SIREN (9 digits) and SIRET
(14 digits) carry a Luhn check digit, and the French VAT number's key is computed from the
SIREN, so a mistyped number is caught before it is saved (DOMAIN §11)."""

from __future__ import annotations

# La Poste's establishments share one SIREN and are numbered past what Luhn allows: INSEE
# checks their SIRET by the sum of its digits being a multiple of 5 instead.
LA_POSTE_SIREN = "356000000"


def digits_only(value: str) -> str:
    """The value without the spaces, dots and dashes people type between the groups."""
    return "".join(ch for ch in value if ch not in " .-\u00a0\u202f")


def luhn_valid(number: str) -> bool:
    """Whether a string of digits passes the Luhn check (the rightmost digit is the key)."""
    if not number.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def siren_valid(siren: str) -> bool:
    return len(siren) == 9 and luhn_valid(siren)


def siret_valid(siret: str) -> bool:
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(LA_POSTE_SIREN) and sum(int(char) for char in siret) % 5 == 0:
        return True
    return luhn_valid(siret)


def french_vat_number(siren: str) -> str:
    """The intra-community VAT number of a French company: FR, a two-digit key computed as
    (12 + 3 × (SIREN mod 97)) mod 97, then the SIREN."""
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def vat_shape_valid(vat: str) -> bool:
    """Whether a VAT number starts with a two-letter country code followed by 2 to 13 letters
    or digits (the shape every EU number shares; only French keys are checked further)."""
    return (
        len(vat) >= 4
        and vat[:2].isalpha()
        and vat[:2].isupper()
        and vat[2:].isalnum()
        and 2 <= len(vat) - 2 <= 13
    )
