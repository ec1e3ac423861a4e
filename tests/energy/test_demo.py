"""The energy demo: meters of both sites, three years of monthly readings up to last month,
DJU and production, and one EnPI per site whose baseline explains the consumption and whose
last year shows real savings."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from amelio.core.models import OrgUnit, User
from amelio.energy import computations as calc
from amelio.energy.models import EnergyIndicator, Meter, Reading, Variable, VariableValue


@pytest.fixture(scope="module")
def demo(demo_company):
    """The demo company, loaded once for the whole run (tests/conftest.py)."""
    return demo_company


@pytest.fixture
def coordinator(demo, db):
    return User.objects.get(username="coordinator")


def test_meters_and_readings(demo, db):
    meters = Meter.objects.active()
    assert Counter(meters.values_list("org_unit__code", flat=True)) == {"LYO": 3, "ROA": 3}
    assert set(meters.values_list("energy", flat=True)) == {
        "electricity",
        "natural_gas",
        "propane",
        "diesel",
    }
    assert meters.filter(significant=True).count() == 4
    readings = Reading.objects.active()
    assert readings.count() == 6 * 36
    last = calc.add_months(calc.first_of_month(timezone.localdate()), -1)
    assert max(readings.values_list("period_start", flat=True)) == last
    assert min(readings.values_list("period_start", flat=True)) == calc.add_months(last, -35)
    assert not readings.filter(kwh_pci__isnull=True).exists()
    assert not readings.filter(emission_factor__isnull=True).exists()
    gas = readings.filter(meter__energy="natural_gas").first()
    assert gas.kwh_pci == (gas.quantity * 9 / 10).quantize(gas.kwh_pci)


def test_variables_look_like_lyon(demo, db):
    dju = Variable.objects.get(org_unit__code="LYO", kind="hdd")
    values = dict(VariableValue.objects.filter(variable=dju).values_list("month", "value"))
    assert len(values) == 36
    last_year = sorted(values)[-12:]
    assert 1900 < sum(values[m] for m in last_year) < 2700
    assert all(values[m] == 0 for m in values if m.month in (7, 8))
    assert all(300 < values[m] < 500 for m in values if m.month == 1)


def test_review_of_venissieux(demo, coordinator, client):
    client.force_login(coordinator)
    site = OrgUnit.objects.get(code="LYO")
    response = client.get("/energy/readings/review/", {"site": site.pk})
    assert response.status_code == 200
    grand = response.context["grand"]
    assert 2_500_000 < grand["kwh"] < 4_000_000
    assert grand["change"] < 0  # the compressors' savings
    assert 0.9 < response.context["seu_share"] <= 1


@pytest.mark.parametrize("code", ["LYO", "ROA"])
def test_enpi_of_each_site(demo, coordinator, client, code):
    client.force_login(coordinator)
    indicator = EnergyIndicator.objects.get(org_unit__code=code)
    response = client.get(f"/energy/enpis/{indicator.pk}/")
    analysis = response.context["analysis"]
    assert analysis.model.n == 12
    assert analysis.model.r2 > 0.75
    assert response.context["below_threshold"] is False
    assert len(analysis.rows) == 24
    last_year = analysis.rows[-12:]
    assert sum(r["savings"] for r in last_year) > 0
    assert analysis.rows[-1]["cusum"] < analysis.rows[11]["cusum"]
    assert analysis.performance.improvement > 1
