"""Energy arithmetic against worked examples with the shipped factors (DOMAIN.md 7), and the
EnPI statistics against cases computed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amelio.energy import computations as calc

ELECTRICITY = calc.Factor("kWh", Decimal("1"), Decimal("1"))
GAS = calc.Factor("kWh", Decimal("0.9"), Decimal("1"))
FUEL_OIL = calc.Factor("L", Decimal("9.97"), Decimal("10.67"))
PROPANE = calc.Factor("kg", Decimal("12.78"), Decimal("13.8"))
DIESEL_L = calc.Factor("L", Decimal("9.744"))


def test_fuel_oil_litres_to_kwh_and_co2e():
    energy = calc.to_energy(Decimal(1000), "L", FUEL_OIL)
    assert (energy.kwh_pci, energy.kwh_pcs) == (Decimal("9970.00"), Decimal("10670.00"))
    kg = calc.emissions(energy, Decimal(1000), "L", Decimal("0.324"), "kWh")
    assert kg == Decimal("3230.28")


def test_a_cubic_metre_of_fuel_oil_is_a_thousand_litres():
    energy = calc.to_energy(Decimal(1), "m3", FUEL_OIL)
    assert energy.kwh_pci == Decimal("9970")


def test_gas_invoiced_in_kwh_pcs():
    energy = calc.to_energy(Decimal(10000), "kWh_PCS", GAS)
    assert (energy.kwh_pci, energy.kwh_pcs) == (Decimal("9000"), Decimal("10000"))
    kg = calc.emissions(energy, Decimal(10000), "kWh_PCS", Decimal("0.227"), "kWh")
    assert kg == Decimal("2043.000")


def test_gas_in_cubic_metres_goes_through_the_supplier_coefficient():
    energy = calc.to_energy(Decimal(1000), "m3", GAS, supplier_coefficient=Decimal("11.2"))
    assert (energy.kwh_pcs, energy.kwh_pci) == (Decimal("11200.0"), Decimal("10080.00"))


def test_electricity_in_mwh():
    energy = calc.to_energy(Decimal(2), "MWh", ELECTRICITY)
    assert energy.kwh_pci == Decimal(2000)
    assert calc.emissions(energy, Decimal(2), "MWh", Decimal("0.052"), "kWh") == Decimal("104")


def test_gigajoules_to_kwh():
    assert calc.to_energy(Decimal(36), "GJ", None).kwh_pci == Decimal(10000)


def test_propane_kilograms():
    energy = calc.to_energy(Decimal(500), "kg", PROPANE)
    assert energy.kwh_pci == Decimal("6390.00")
    assert calc.to_energy(Decimal("0.5"), "t", PROPANE).kwh_pci == Decimal("6390.00")


def test_diesel_per_litre_factor_applies_to_litres():
    energy = calc.to_energy(Decimal(100), "L", DIESEL_L)
    assert energy.kwh_pci == Decimal("974.400")
    assert calc.emissions(energy, Decimal(100), "L", Decimal("3.17"), "L") == Decimal("317.00")
    # Read in m³, the litres come from pint.
    assert calc.emissions(energy, Decimal("0.1"), "m3", Decimal("3.17"), "L") == Decimal("317.0")


def test_a_factor_per_litre_applies_to_kwh_through_the_conversion_factor():
    energy = calc.Energy(Decimal("974.4"), None, DIESEL_L)
    assert calc.emissions(energy, Decimal("974.4"), "kWh", Decimal("3.17"), "L") == Decimal(
        "317.00"
    )


def test_toe_uses_the_french_convention():
    assert calc.kwh_from_toe(Decimal(1), Decimal(11628)) == Decimal(11628)
    # pint's own toe is 10^10 international calories: the reason why the data holds 11 628.
    assert calc.convert(Decimal(1), "toe", "kWh").quantize(Decimal(1)) == Decimal(11630)


def test_no_factor_for_a_physical_unit_is_refused():
    with pytest.raises(calc.ConversionError) as error:
        calc.to_energy(Decimal(10), "kg", FUEL_OIL)
    assert error.value.reason == "no_factor"
    with pytest.raises(calc.ConversionError) as error:
        calc.to_energy(Decimal(10), "kWh_PCS", None)
    assert error.value.reason == "no_pcs_ratio"
    with pytest.raises(calc.ConversionError):
        calc.emissions(calc.Energy(Decimal(10), None, None), Decimal(10), "kWh", Decimal(3), "L")


def test_choose_factor():
    factors = [FUEL_OIL, calc.Factor("t", Decimal(11600))]
    assert calc.choose_factor("m3", factors) == FUEL_OIL
    assert calc.choose_factor("kg", factors).unit == "t"
    assert calc.choose_factor("kWh_PCS", [GAS]) == GAS
    assert calc.choose_factor("kg", [GAS]) is None
    assert calc.choose_factor("m3", [GAS], supplier_coefficient=Decimal("11.2")) == GAS


def test_split_by_month_pro_rata_to_days():
    parts = calc.split_by_month(dt.date(2026, 1, 5), dt.date(2026, 2, 4), 310.0)
    assert parts == [(dt.date(2026, 1, 1), 270.0), (dt.date(2026, 2, 1), 40.0)]
    assert calc.split_by_month(dt.date(2026, 3, 1), dt.date(2026, 3, 31), 5.0) == [
        (dt.date(2026, 3, 1), 5.0)
    ]


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)),
    st.integers(min_value=0, max_value=800),
    st.floats(min_value=0, max_value=1e7),
)
def test_split_keeps_the_total(start, days, amount):
    parts = calc.split_by_month(start, start + dt.timedelta(days=days), amount)
    assert sum(v for _m, v in parts) == pytest.approx(amount)
    assert all(m.day == 1 for m, _v in parts)


# --- EnPI -------------------------------------------------------------------------------

DJU = [420, 350, 290, 190, 95, 20, 0, 0, 45, 175, 320, 405]
TONNES = [150, 148, 160, 155, 152, 149, 151, 60, 158, 162, 150, 120]


def test_regression_recovers_an_exact_model():
    energy = [1000 + 50 * d + 2 * p for d, p in zip(DJU, TONNES, strict=True)]
    model = calc.fit_baseline(energy, [[d, p] for d, p in zip(DJU, TONNES, strict=True)])
    assert model.coefficients == pytest.approx((1000, 50, 2), abs=1e-8)
    assert model.r2 == pytest.approx(1.0, abs=1e-12)
    assert model.cv_rmse == pytest.approx(0.0, abs=1e-9)
    assert model.n == 12


def test_simple_regression_computed_by_hand():
    # x̄ = 2.5, ȳ = 4.75, Sxy = 9.5, Sxx = 5: β1 = 1.9, β0 = 0; residuals 0.1, 0.2, −0.7, 0.4:
    # SSres = 0.70, SStot = 18.75, R² = 1 − 0.70/18.75; CV(RMSE) = √(0.70/2) / 4.75.
    model = calc.fit_baseline([2, 4, 5, 8], [[1], [2], [3], [4]])
    assert model.coefficients == pytest.approx((0.0, 1.9), abs=1e-12)
    assert model.r2 == pytest.approx(1 - 0.70 / 18.75, abs=1e-12)
    assert model.cv_rmse == pytest.approx((0.35**0.5) / 4.75, abs=1e-12)


def test_too_few_points_are_refused():
    with pytest.raises(calc.TooFewPoints) as error:
        calc.fit_baseline([10, 12, 13], [[1, 5], [2, 6], [3, 8]])
    assert (error.value.needed, error.value.given) == (4, 3)
    # Four points for three coefficients is enough.
    assert calc.fit_baseline([10, 12, 13, 17], [[1, 5], [2, 6], [3, 8], [4, 7]]).n == 4


def test_absolute_baseline_is_the_mean():
    model = calc.fit_baseline([100, 110, 120], [[], [], []])
    assert model.coefficients == pytest.approx((110,))
    assert model.r2 is None


def test_savings_and_cusum_on_a_reporting_period():
    model = calc.BaselineModel((1000.0, 50.0, 2.0), 1.0, 0.0, 12)
    reporting = [[400, 150], [300, 100], [0, 150]]
    expected = calc.adjusted_baseline(model, reporting)
    assert expected == [21300.0, 16200.0, 1300.0]
    actual = [21000.0, 16500.0, 1100.0]
    assert calc.cusum(actual, expected) == [-300.0, 0.0, -200.0]
    result = calc.performance(actual, expected)
    assert (result.expected, result.actual, result.savings) == (38800.0, 38600.0, 200.0)
    assert result.ratio == pytest.approx(38600 / 38800)
    assert result.improvement == pytest.approx(200 / 38800 * 100)


def test_ratio_baseline():
    model = calc.ratio_baseline([30000, 36000], [100, 140])
    assert model.coefficients == (0.0, 275.0)
    assert calc.adjusted_baseline(model, [[120]]) == [33000.0]


def test_plain_decimal():
    from amelio.core.numbers import plain

    assert str(plain(Decimal("11628.000000"))) == "11628"
    assert str(plain(Decimal("0.052000"))) == "0.052"
