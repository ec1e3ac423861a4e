"""SIREN, SIRET and French VAT numbers: a mistyped digit is caught before the supplier is
saved, on the form and the API alike (DOMAIN §11)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from amelio.suppliers import identifiers
from amelio.suppliers.models import Supplier


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("732829320", True),  # a SIREN whose Luhn key checks
        ("732829321", False),  # last digit changed
        ("723829320", False),  # two digits swapped
        ("7328293200", False),  # not a SIREN: 10 digits
        ("73282932A", False),
    ],
)
def test_siren_luhn_key(number, valid):
    assert identifiers.siren_valid(number) is valid


def test_siret_luhn_key_and_la_poste_exception():
    assert identifiers.siret_valid("73282932000074")
    assert not identifiers.siret_valid("73282932000075")
    # La Poste's establishments are numbered past Luhn: the sum of the digits is a
    # multiple of 5 instead (35600000049837: digits sum to 45).
    assert not identifiers.luhn_valid("35600000049837")
    assert identifiers.siret_valid("35600000049837")


def test_french_vat_key_is_computed_from_the_siren():
    # (12 + 3 × (732829320 mod 97)) mod 97 = 44
    assert identifiers.french_vat_number("732829320") == "FR44732829320"


def test_spaces_and_dots_between_groups_are_accepted(org):
    supplier = Supplier(
        name="Aciéries du Forez",
        org_unit=org["root"],
        siren="732 829 320",
        siret="732.829.320.00074",
        vat_number="fr 44 732829320",
    )
    supplier.full_clean(exclude=["reference"])
    assert (supplier.siren, supplier.siret, supplier.vat_number) == (
        "732829320",
        "73282932000074",
        "FR44732829320",
    )


def test_each_wrong_number_is_named_on_its_field(org):
    supplier = Supplier(
        name="Aciéries du Forez",
        org_unit=org["root"],
        siren="732829320",
        siret="55210055400013",
        vat_number="FR45732829320",
    )
    with pytest.raises(ValidationError) as caught:
        supplier.full_clean(exclude=["reference"])
    assert caught.value.message_dict == {
        "siret": ["A SIRET starts with the company's SIREN."],
        "vat_number": ["This VAT number does not match the SIREN: expected FR44732829320."],
    }


def test_a_foreign_vat_number_is_checked_for_its_shape_only(org):
    supplier = Supplier(name="Stahlwerk", org_unit=org["root"], vat_number="DE123456789")
    supplier.full_clean(exclude=["reference"])
    supplier.vat_number = "123456789"
    with pytest.raises(ValidationError) as caught:
        supplier.full_clean(exclude=["reference"])
    assert list(caught.value.message_dict) == ["vat_number"]


def test_the_api_refuses_a_wrong_siren(client_for, coordinator, org):
    response = client_for(coordinator).post(
        "/api/v1/suppliers/suppliers/",
        {"name": "Forges Bis", "org_unit": org["root"].code, "siren": "732829321"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "siren": ["This SIREN is not valid: 9 digits whose Luhn key checks."]
    }
    assert not Supplier.objects.exists()
