"""The energy measures give the figures of the energy review and of the EnPI page for the
same site and months: on the demo, and on hand-built readings with exact values (a reading
over two months spread pro rata to its days, a cost missing, an energy absent)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from amelio.core import services
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.energy import computations as calc
from amelio.energy.models import Energy, EnergyIndicator
from tests.energy.factories import meter, reading, variable

NOW = dt.datetime(2026, 7, 15, 10, 0, tzinfo=dt.UTC)
JAN, FEB, MAR, APR = (dt.date(2026, m, 1) for m in (1, 2, 3, 4))


def value(key: str, unit, start: dt.date, end: dt.date) -> float | None:
    return measures.get(key).value(Scope(unit, start, end))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def readings(frozen, org, coordinator):
    """Site A: electricity (a significant use) 1 600 kWh for 1–16 January with a cost of
    160 €, 3 000 kWh for 17 January – 15 February (30 days: 1 500 in each month) without a
    cost, 500 kWh in March without a cost; its department: 100 L of fuel oil in February
    (997 kWh PCI) for 120 €."""
    power = meter(coordinator, org["a"], significant=True)
    reading(coordinator, power, JAN, dt.date(2026, 1, 16), 1600, cost=160)
    reading(coordinator, power, dt.date(2026, 1, 17), dt.date(2026, 2, 15), 3000)
    reading(coordinator, power, MAR, dt.date(2026, 3, 31), 500)
    oil = meter(coordinator, org["a_dept"], "fuel_oil", "L")
    reading(coordinator, oil, FEB, dt.date(2026, 2, 28), 100, cost=120)
    return org


@pytest.mark.django_db
def test_consumption_of_a_month_with_exact_values(readings):
    site = readings["a"]
    assert value("energy.kwh", site, JAN, FEB) == pytest.approx(3100)
    assert value("energy.kwh.electricity", site, JAN, FEB) == pytest.approx(3100)
    assert value("energy.kwh.fuel_oil", site, JAN, FEB) is None
    assert value("energy.cost", site, JAN, FEB) == pytest.approx(160)
    assert value("energy.tco2e", site, JAN, FEB) == pytest.approx(3100 * 0.052 / 1000)
    assert value("energy.seu_share", site, JAN, FEB) == pytest.approx(100)
    # February: half the long reading and the fuel oil of the department below the site.
    assert value("energy.kwh", site, FEB, MAR) == pytest.approx(2497)
    assert value("energy.kwh.fuel_oil", site, FEB, MAR) == pytest.approx(997)
    assert value("energy.cost", site, FEB, MAR) == pytest.approx(120)
    assert value("energy.tco2e", site, FEB, MAR) == pytest.approx(0.401028)
    assert value("energy.seu_share", site, FEB, MAR) == pytest.approx(100 * 1500 / 2497)


@pytest.mark.django_db
def test_consumption_of_a_quarter_a_missing_cost_and_no_reading(readings):
    site = readings["a"]
    quarter = Scope.of(site, FEB, "quarterly")
    assert measures.get("energy.kwh").value(quarter) == pytest.approx(6097)
    assert measures.get("energy.cost").value(quarter) == pytest.approx(280)
    assert value("energy.kwh", site, MAR, APR) == pytest.approx(500)
    assert value("energy.cost", site, MAR, APR) is None  # no cost recorded, not 0 €
    assert value("energy.kwh", readings["a_dept"], FEB, MAR) == pytest.approx(997)
    assert value("energy.seu_share", readings["a_dept"], FEB, MAR) == 0
    for key in ("energy.kwh", "energy.cost", "energy.tco2e", "energy.seu_share"):
        assert value(key, readings["b"], JAN, APR) is None, key
        assert value(key, site, APR, dt.date(2026, 5, 1)) is None, key


@pytest.mark.django_db
def test_every_energy_has_its_measure(frozen, org):
    published = {m.key for m in measures if m.key.startswith("energy.kwh.")}
    assert (
        published
        == {f"energy.kwh.{energy}" for energy in Energy.values}
        == {
            "energy.kwh.electricity",
            "energy.kwh.natural_gas",
            "energy.kwh.fuel_oil",
            "energy.kwh.propane",
            "energy.kwh.butane",
            "energy.kwh.diesel",
            "energy.kwh.petrol",
            "energy.kwh.wood_pellets",
            "energy.kwh.steam",
            "energy.kwh.district_heat",
        }
    )


@pytest.mark.django_db
def test_measures_equal_the_review_page(readings, coordinator, client_for):
    site = readings["a"]
    response = client_for(coordinator).get(
        "/energy/readings/review/", {"site": site.pk, "end": "2026-03"}
    )
    grand = response.context["grand"]
    # The review covers April 2025 to March 2026.
    year = (dt.date(2025, 4, 1), APR)
    assert grand["kwh"] == pytest.approx(6097)
    assert grand["cost"] == pytest.approx(280)
    assert value("energy.kwh", site, *year) == grand["kwh"]
    assert value("energy.cost", site, *year) == grand["cost"]
    assert value("energy.tco2e", site, *year) == grand["kg"] / 1000
    assert value("energy.seu_share", site, *year) == response.context["seu_share"] * 100
    rows = {str(row["energy"]): row["kwh"] for row in response.context["energy_rows"]}
    oil = rows[str(Energy.FUEL_OIL.label)]
    assert value("energy.kwh.fuel_oil", site, *year) == oil == pytest.approx(997)


def _ratio_indicator(org, coordinator) -> EnergyIndicator:
    """A ratio EnPI of site A: 10 kWh per tonne over January–March 2025; from January 2026
    900, 1 080, 720 and 1 100 kWh for 100, 120, 80 and 100 t (expected 1 000, 1 200, 800
    and 1 000 kWh)."""
    power = meter(coordinator, org["a"])
    baseline = {
        dt.date(2025, m, 1): (e, t) for m, e, t in [(1, 1000, 100), (2, 1200, 120), (3, 800, 80)]
    }
    reporting = {JAN: (900, 100), FEB: (1080, 120), MAR: (720, 80), APR: (1100, 100)}
    months = {**baseline, **reporting}
    for month, (kwh, _tonnes) in months.items():
        end = calc.add_months(month, 1) - dt.timedelta(days=1)
        reading(coordinator, power, month, end, kwh)
    made = variable(
        coordinator,
        org["a"],
        "Production",
        "production",
        {month: tonnes for month, (_kwh, tonnes) in months.items()},
        "t",
    )
    record = EnergyIndicator(
        org_unit=org["a"],
        name="Site A kWh per tonne",
        kind="ratio",
        variable_1=made,
        baseline_start=dt.date(2025, 1, 1),
        baseline_end=dt.date(2025, 3, 1),
        reporting_start=JAN,
    )
    return services.record_create(
        record=record, user=coordinator, m2m_save=lambda: record.meters.set([power])
    )


@pytest.mark.django_db
def test_enpi_measures_with_exact_values_and_the_page(frozen, org, coordinator, client_for):
    indicator = _ratio_indicator(org, coordinator)
    ratio, improvement = f"energy.enpi.{indicator.pk}", f"energy.enpi_improvement.{indicator.pk}"
    site = org["a"]
    first_quarter = Scope.of(site, JAN, "quarterly")
    assert measures.get(ratio).value(first_quarter) == pytest.approx(0.9)
    assert measures.get(improvement).value(first_quarter) == pytest.approx(10)
    assert value(ratio, site, APR, dt.date(2026, 5, 1)) == pytest.approx(1.1)
    assert value(improvement, site, APR, dt.date(2026, 5, 1)) == pytest.approx(-10)
    # The baseline year is not a reporting month; site B does not hold this EnPI.
    assert value(ratio, site, dt.date(2025, 1, 1), JAN) is None
    assert value(ratio, org["b"], JAN, APR) is None
    assert value(ratio, org["root"], JAN, APR) == pytest.approx(0.9)
    # The EnPI page's figures are those of its whole reporting period: 2026 up to June.
    response = client_for(coordinator).get(f"/energy/enpis/{indicator.pk}/")
    performance = response.context["analysis"].performance
    year = Scope.of(site, JAN, "yearly")
    assert measures.get(ratio).value(year) == performance.ratio == pytest.approx(0.95)
    assert measures.get(improvement).value(year) == performance.improvement
    assert performance.improvement == pytest.approx(5)
    services.record_archive(record=indicator, user=coordinator)
    assert ratio not in measures


# --- The demo ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_company):
    return demo_company


def _review(client, site: OrgUnit, end: dt.date):
    return client.get("/energy/readings/review/", {"site": site.pk, "end": f"{end:%Y-%m}"})


@pytest.mark.parametrize("code", ["LYO", "ROA"])
def test_demo_review_of_each_site(demo, db, client, code):
    client.force_login(User.objects.get(username="coordinator"))
    site = OrgUnit.objects.get(code=code)
    last = calc.add_months(calc.first_of_month(timezone.localdate()), -1)
    context = _review(client, site, last).context
    year = (calc.add_months(last, -11), calc.add_months(last, 1))
    grand = context["grand"]
    assert value("energy.kwh", site, *year) == pytest.approx(grand["kwh"], rel=1e-12)
    assert value("energy.cost", site, *year) == pytest.approx(grand["cost"], rel=1e-12)
    assert value("energy.tco2e", site, *year) == pytest.approx(grand["kg"] / 1000, rel=1e-12)
    share = context["seu_share"] * 100
    assert value("energy.seu_share", site, *year) == pytest.approx(share, rel=1e-12)
    names = dict(Energy.choices)
    by_energy = {str(row["energy"]): row["kwh"] for row in context["energy_rows"]}
    for energy in Energy.values:
        found = value(f"energy.kwh.{energy}", site, *year)
        if str(names[energy]) in by_energy:
            assert found == pytest.approx(by_energy[str(names[energy])], rel=1e-12)
        else:
            assert found is None, energy
    # Vénissieux burns gas, Roanne propane; both run forklifts on diesel.
    burnt = {"LYO": "natural_gas", "ROA": "propane"}[code]
    assert set(by_energy) == {str(names[e]) for e in ("electricity", burnt, "diesel")}


def test_demo_month_and_organisation(demo, db, client):
    client.force_login(User.objects.get(username="coordinator"))
    organisation = OrgUnit.objects.get(parent__isnull=True)
    last = calc.add_months(calc.first_of_month(timezone.localdate()), -1)
    month = Scope.of(organisation, last)
    total = sum(
        value("energy.kwh", OrgUnit.objects.get(code=code), month.start, month.end)
        for code in ("LYO", "ROA")
    )
    assert measures.get("energy.kwh").value(month) == pytest.approx(total, rel=1e-12)
    monthly = dict(
        client.get("/energy/readings/review/", {"end": f"{last:%Y-%m}"}).context["monthly"]
    )
    assert measures.get("energy.kwh").value(month) == pytest.approx(monthly[last]["kwh"], rel=1e-12)
    # The current month has no invoice yet: no figure rather than 0 kWh.
    assert measures.get("energy.kwh").value(Scope.of(organisation, timezone.localdate())) is None


@pytest.mark.parametrize("code", ["LYO", "ROA"])
def test_demo_enpi_of_each_site(demo, db, client, code):
    client.force_login(User.objects.get(username="coordinator"))
    indicator = EnergyIndicator.objects.get(org_unit__code=code)
    performance = client.get(f"/energy/enpis/{indicator.pk}/").context["analysis"].performance
    reporting = Scope(indicator.org_unit, indicator.reporting_start, timezone.localdate())
    ratio = measures.get(f"energy.enpi.{indicator.pk}").value(reporting)
    improvement = measures.get(f"energy.enpi_improvement.{indicator.pk}").value(reporting)
    assert ratio == performance.ratio
    assert improvement == performance.improvement
    assert ratio < 1 and improvement > 1  # the savings of the last year
    other = OrgUnit.objects.get(code="ROA" if code == "LYO" else "LYO")
    assert measures.get(f"energy.enpi.{indicator.pk}").value(reporting._replace(unit=other)) is None
