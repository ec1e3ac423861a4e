"""Meters and readings: the figures computed on save with the shipped factors, the factor in
force at the period's start, and the rules that refuse bad input with a clear message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from amelio.energy.models import EmissionFactor, Reading
from tests.energy.factories import meter, reading

JAN = dt.date(2026, 1, 1)
JAN_END = dt.date(2026, 1, 31)


@pytest.mark.django_db
def test_fuel_oil_reading_with_the_shipped_factors(org, coordinator):
    tank = meter(coordinator, org["a"], "fuel_oil", "L")
    saved = reading(coordinator, tank, JAN, JAN_END, 1000)
    assert (saved.kwh_pci, saved.kwh_pcs, saved.kg_co2e) == (
        Decimal("9970.000"),
        Decimal("10670.000"),
        Decimal("3230.280"),
    )
    assert saved.conversion_factor.unit == "L"
    assert (saved.emission_factor.value, saved.emission_factor.base_name) == (
        Decimal("0.324000"),
        "Base Carbone",
    )
    assert saved.unit == "L"


@pytest.mark.django_db
def test_gas_invoice_in_kwh_pcs(org, coordinator):
    gas = meter(coordinator, org["a"], "natural_gas", "kWh_PCS")
    saved = reading(coordinator, gas, JAN, JAN_END, 10000)
    assert (saved.kwh_pci, saved.kwh_pcs, saved.kg_co2e) == (
        Decimal("9000.000"),
        Decimal("10000.000"),
        Decimal("2043.000"),
    )


@pytest.mark.django_db
def test_electricity_takes_the_factor_in_force_at_the_start_of_the_period(org, coordinator):
    power = meter(coordinator, org["a"], "electricity", "MWh")
    recent = reading(coordinator, power, JAN, JAN_END, 2)
    assert (recent.kwh_pci, recent.kg_co2e) == (Decimal("2000.000"), Decimal("104.000"))
    assert recent.emission_factor.vintage == "2022"
    old = reading(coordinator, power, dt.date(2021, 12, 1), dt.date(2021, 12, 31), 2)
    assert old.kg_co2e == Decimal("114.200")
    assert old.emission_factor.vintage == "2018"


@pytest.mark.django_db
def test_propane_and_diesel(org, coordinator):
    propane = reading(coordinator, meter(coordinator, org["a"], "propane", "kg"), JAN, JAN_END, 500)
    assert propane.kwh_pci == Decimal("6390.000")
    assert propane.kg_co2e == Decimal("1738.080")  # 6 390 × 0.272
    diesel = reading(coordinator, meter(coordinator, org["a"], "diesel", "L"), JAN, JAN_END, 100)
    assert (diesel.kwh_pci, diesel.kg_co2e) == (Decimal("974.400"), Decimal("317.000"))


@pytest.mark.django_db
def test_gas_meter_in_m3_needs_the_supplier_coefficient(org, coordinator):
    with pytest.raises(ValidationError) as error:
        meter(coordinator, org["a"], "natural_gas", "m3")
    assert error.value.message_dict["supplier_coefficient"] == [
        "A gas meter read in m³ needs the supplier's coefficient (kWh PCS per m³) printed on "
        "the invoice."
    ]
    gas = meter(coordinator, org["a"], "natural_gas", "m3", supplier_coefficient=Decimal("11.2"))
    saved = reading(coordinator, gas, JAN, JAN_END, 1000)
    assert (saved.kwh_pcs, saved.kwh_pci) == (Decimal("11200.000"), Decimal("10080.000"))


@pytest.mark.django_db
def test_a_unit_without_a_factor_is_refused_on_the_meter(org, coordinator):
    with pytest.raises(ValidationError) as error:
        meter(coordinator, org["a"], "electricity", "L")
    assert error.value.message_dict["unit"] == ["Electricity is read in kWh, MWh or GJ."]
    with pytest.raises(ValidationError) as error:
        meter(coordinator, org["a"], "propane", "L")
    assert error.value.message_dict["unit"] == [
        "No conversion factor turns L of Propane into kWh: choose another unit, or ask an "
        "administrator to add the factor."
    ]


@pytest.mark.django_db
def test_a_meter_whose_readings_could_not_be_converted_is_refused(org, coordinator):
    # Diesel is converted per tonne, but its emission factor is per litre.
    with pytest.raises(ValidationError) as error:
        meter(coordinator, org["a"], "diesel", "t")
    assert error.value.message_dict["unit"] == [
        "The emission factor of Diesel is per L, which a quantity in t does not convert to."
    ]
    # Fuel oil in litres converts, and its factor per kWh PCI applies.
    assert meter(coordinator, org["a"], "fuel_oil", "L").unit == "L"


@pytest.mark.django_db
def test_no_emission_factor_in_force_is_a_clear_message(org, coordinator):
    butane = meter(coordinator, org["a"], "butane", "kg")
    with pytest.raises(ValidationError) as error:
        reading(coordinator, butane, JAN, JAN_END, 100)
    assert error.value.message_dict["period_start"] == [
        "No emission factor of Butane is in force on 01/01/2026: the coordinator imports one "
        "on the Factors page."
    ]
    power = meter(coordinator, org["a"], "electricity", "kWh")
    with pytest.raises(ValidationError) as error:
        reading(coordinator, power, dt.date(2010, 1, 1), dt.date(2010, 1, 31), 100)
    assert "period_start" in error.value.message_dict
    assert Reading.objects.count() == 0


@pytest.mark.django_db
def test_overlapping_periods_of_one_meter_are_refused(org, coordinator):
    power = meter(coordinator, org["a"], "electricity", "kWh")
    first = reading(coordinator, power, dt.date(2026, 1, 5), dt.date(2026, 2, 4), 100)
    with pytest.raises(ValidationError) as error:
        reading(coordinator, power, dt.date(2026, 2, 4), dt.date(2026, 3, 4), 100)
    assert error.value.message_dict["period_start"] == [
        f"This period overlaps reading {first.reference} of the same meter "
        "(01/05/2026 – 02/04/2026)."
    ]
    # The next day is fine, and another meter may cover the same days.
    reading(coordinator, power, dt.date(2026, 2, 5), dt.date(2026, 3, 4), 100)
    other = meter(coordinator, org["a"], "electricity", "kWh")
    reading(coordinator, other, dt.date(2026, 1, 5), dt.date(2026, 2, 4), 100)
    assert Reading.objects.count() == 3


@pytest.mark.django_db
def test_period_end_before_start(org, coordinator):
    power = meter(coordinator, org["a"], "electricity", "kWh")
    with pytest.raises(ValidationError) as error:
        reading(coordinator, power, JAN_END, JAN, 100)
    assert error.value.message_dict["period_end"] == ["The period ends before it starts."]


@pytest.mark.django_db
def test_a_reading_belongs_to_its_meter_site(org, coordinator):
    power = meter(coordinator, org["a"], "electricity", "kWh")
    from amelio.core import services

    record = Reading(
        org_unit=org["b"], meter=power, period_start=JAN, period_end=JAN_END, quantity=1
    )
    with pytest.raises(ValidationError) as error:
        services.record_create(record=record, user=coordinator)
    assert error.value.message_dict["org_unit"] == ["A reading belongs to its meter's site."]


@pytest.mark.django_db
def test_meter_energy_and_unit_stay_once_read(org, coordinator):
    from amelio.core import services

    power = meter(coordinator, org["a"], "electricity", "kWh")
    reading(coordinator, power, JAN, JAN_END, 100)
    power.unit = "MWh"
    with pytest.raises(ValidationError) as error:
        services.record_update(record=power, user=coordinator, expected_version=None)
    assert "unit" in error.value.message_dict


@pytest.mark.django_db
def test_shipped_factors_carry_source_and_status():
    assert EmissionFactor.objects.count() == 7
    for factor in EmissionFactor.objects.all():
        assert factor.base_name and factor.status in ("confirmed", "to_verify")
    propane = EmissionFactor.objects.get(energy="propane")
    assert propane.status == "to_verify"
