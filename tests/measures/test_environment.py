"""The measures of the environment module equal the figures of its own pages: the waste
indicators page's tonnes, recovery rate and hazardous share for a site and period, the
environmental analysis's significant aspects, the drills and ICPE controls due; and worked
examples with exact values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.core.services import record_create
from amelio.environment.models import (
    Aspect,
    Drill,
    EmergencySituation,
    IcpeSite,
    Installation,
    TreatmentCode,
    WasteCode,
    WasteMovement,
    WasteStream,
)
from amelio.scoring.models import ScoringMatrix

FROZEN = dt.datetime(2026, 6, 15, 10, tzinfo=dt.UTC)
WASTE = (
    "environment.waste_tonnes",
    "environment.hazardous_waste_tonnes",
    "environment.waste_recovery_rate",
    "environment.hazardous_waste_share",
)


def figures(unit, start: dt.date, end: dt.date) -> dict[str, float | None]:
    return {key: measures.get(key).value(Scope(unit, start, end)) for key in WASTE}


def page_figures(summary) -> dict[str, float | None]:
    """The waste indicators page's summary as the measures give it (rates in %)."""

    def percent(share):
        return None if share is None else float(share * 100)

    return {
        "environment.waste_tonnes": float(summary.total),
        "environment.hazardous_waste_tonnes": float(summary.hazardous),
        "environment.waste_recovery_rate": percent(summary.recovery_rate),
        "environment.hazardous_waste_share": percent(summary.hazardous_share),
    }


def _stream(org, user, name: str, code6: str, category: str, treatment: str, **fields):
    stream = WasteStream(
        name=name,
        org_unit=org["a"],
        waste_code=WasteCode.objects.get(code6=code6),
        category=category,
        collector="Collector",
        destination="Destination",
        treatment=TreatmentCode.objects.get(code=treatment),
        **fields,
    )
    return record_create(record=stream, user=user)


def ship(stream, user, day: dt.date, quantity: str, unit: str = "t", **fields):
    movement = WasteMovement(
        stream=stream,
        org_unit=fields.pop("org_unit", stream.org_unit),
        shipped_on=day,
        quantity=Decimal(quantity),
        unit=unit,
        **fields,
    )
    return record_create(record=movement, user=user)


@time_machine.travel(FROZEN, tick=False)
def test_waste_tonnes_and_rates_of_a_month_as_the_indicators_page_shows_them(
    org, coordinator, client_for
):
    metal = _stream(org, coordinator, "Steel chips", "120101", "DND", "R4")
    emulsions = _stream(
        org, coordinator, "Emulsions", "120109", "DD", "D9F", density=Decimal("0.95")
    )
    ship(metal, coordinator, dt.date(2026, 2, 27), "5")  # February
    ship(metal, coordinator, dt.date(2026, 3, 2), "6")
    ship(metal, coordinator, dt.date(2026, 3, 31), "1500", unit="kg")
    ship(
        metal,
        coordinator,
        dt.date(2026, 3, 12),
        "2",
        treatment=TreatmentCode.objects.get(code="R13"),
    )
    ship(emulsions, coordinator, dt.date(2026, 3, 20), "2", unit="m3", slip_number="BSD-1")
    ship(metal, coordinator, dt.date(2026, 4, 1), "9")  # April
    archived = ship(metal, coordinator, dt.date(2026, 3, 3), "100")
    WasteMovement.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    march = (dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    # 6 + 1.5 + 2 (R13: final treatment unknown) + 1.9 (2 m³ x 0.95) = 11.4 t;
    # recovered 7.5 t of the 9.4 t whose final treatment is known; 1.9 t hazardous.
    expected = {
        "environment.waste_tonnes": 11.4,
        "environment.hazardous_waste_tonnes": 1.9,
        "environment.waste_recovery_rate": pytest.approx(7.5 / 9.4 * 100),
        "environment.hazardous_waste_share": pytest.approx(1.9 / 11.4 * 100),
    }
    assert figures(org["a"], *march) == expected
    assert figures(org["root"], *march) == expected
    page = client_for(coordinator).get(
        "/environment/register/indicators/",
        {"start": "2026-03-01", "end": "2026-03-31", "site": org["a"].pk},
    )
    assert figures(org["a"], *march) == page_figures(page.context["summary"])
    assert figures(org["b"], *march) == {
        "environment.waste_tonnes": 0.0,
        "environment.hazardous_waste_tonnes": 0.0,
        "environment.waste_recovery_rate": None,
        "environment.hazardous_waste_share": None,
    }


@pytest.fixture
def matrix(db):
    return ScoringMatrix.objects.get(code="PG-4x4", status="in_use")


def _aspect(org, user, matrix, unit=None, **fields) -> Aspect:
    values = {
        "activity": "Painting",
        "aspect_type": "air",
        "aspect": "VOC emissions from the paint booth",
        "impact": "Photochemical smog",
        "org_unit": unit or org["a"],
        "matrix": matrix,
        "likelihood": 1,
        "severity": 1,
        **fields,
    }
    return record_create(record=Aspect(**values), user=user)


@time_machine.travel(FROZEN, tick=False)
def test_significant_aspects_as_the_environmental_analysis_counts_them(
    org, coordinator, matrix, client_for
):
    _aspect(org, coordinator, matrix, aspect="Compressor hum")
    _aspect(org, coordinator, matrix, aspect="Spill", likelihood=3, severity=4)
    _aspect(
        org,
        coordinator,
        matrix,
        aspect="Boiler",
        legal_requirement=True,
        legal_reference="Arrêté du 3 août 2018",
    )
    _aspect(org, coordinator, matrix, aspect="Spill B", unit=org["b"], likelihood=4, severity=4)
    gone = _aspect(org, coordinator, matrix, aspect="Old spill", likelihood=4, severity=4)
    Aspect.objects.filter(pk=gone.pk).update(archived_at=timezone.now())
    significant = measures.get("environment.significant_aspects")
    june = dt.date(2026, 6, 1)
    assert significant.value(Scope.of(org["a"], june)) == 2
    assert significant.value(Scope.of(org["root"], june)) == 3
    assert significant.value(Scope.of(org["root"], dt.date(2026, 5, 1))) == 0  # not yet there
    page = client_for(coordinator).get("/environment/aspects/analysis/", {"org_unit": org["a"].pk})
    assert significant.value(Scope.of(org["a"], june)) == page.context["significant"]


@time_machine.travel(FROZEN, tick=False)
def test_a_drill_is_overdue_after_its_period_from_the_last_one_held_by_then(org, coordinator):
    situation = record_create(
        record=EmergencySituation(
            title="Fire in the solvent store",
            phenomenon="fire",
            org_unit=org["a"],
            drill_every_months=6,
        ),
        user=coordinator,
    )
    EmergencySituation.objects.filter(pk=situation.pk).update(
        created_at=timezone.make_aware(dt.datetime(2025, 1, 10, 9))
    )
    situation.refresh_from_db()
    drill = Drill(
        situation=situation,
        org_unit=org["a"],
        held_on=dt.date(2025, 9, 1),
        scenario="Smoke in the store, evacuation",
        participants=40,
        outcome="satisfactory",
    )
    record_create(record=drill, user=coordinator)
    overdue = measures.get("environment.drills_overdue")
    # Due on 10 July 2025 (six months after it was recorded), drilled on 1 September, due
    # again on 1 March 2026.
    assert overdue.value(Scope.of(org["a"], dt.date(2025, 6, 1))) == 0
    assert overdue.value(Scope.of(org["a"], dt.date(2025, 7, 1))) == 1
    assert overdue.value(Scope.of(org["a"], dt.date(2025, 9, 1))) == 0
    assert overdue.value(Scope.of(org["root"], dt.date(2026, 3, 1))) == 1
    assert overdue.value(Scope.of(org["b"], dt.date(2026, 3, 1))) == 0
    assert overdue.value(Scope.of(org["a"], dt.date(2024, 12, 1))) == 0  # not recorded yet
    situation.refresh_from_db()
    assert situation.next_drill_due == dt.date(2026, 3, 1)


@time_machine.travel(FROZEN, tick=False)
def test_an_icpe_control_is_due_five_years_after_the_last_one(org, coordinator):
    site = record_create(
        record=IcpeSite(
            name="Site A plant", org_unit=org["a"], last_control_on=dt.date(2021, 6, 1)
        ),
        user=coordinator,
    )
    for name, quantity in (("Lathes", 100), ("Milling", 80)):
        record_create(
            record=Installation(
                site=site, org_unit=org["a"], name=name, rubrique="2560", quantity=quantity
            ),
            user=coordinator,
        )
    site.refresh_from_db()
    assert (site.regime, site.next_control_due) == ("DC", dt.date(2026, 6, 1))
    due = measures.get("environment.icpe_controls_due")
    assert due.value(Scope.of(org["a"], dt.date(2026, 5, 1))) == 0
    assert due.value(Scope.of(org["a"], dt.date(2026, 6, 1))) == 1
    assert due.value(Scope.of(org["root"], dt.date(2026, 6, 1), "yearly")) == 1
    assert due.value(Scope.of(org["b"], dt.date(2026, 6, 1))) == 0


# --- On the demo --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_company):
    return demo_company


def test_the_demo_waste_of_each_site_and_year_is_the_indicators_pages(demo, db, client_for):
    client = client_for(User.objects.get(username="coordinator"))
    year = timezone.localdate().year - 1
    total = 0.0
    for code in ("LYO", "ROA"):
        site = OrgUnit.objects.get(code=code)
        page = client.get(
            "/environment/register/indicators/",
            {"start": f"{year}-01-01", "end": f"{year}-12-31", "site": site.pk},
        )
        mine = figures(site, dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
        assert mine == page_figures(page.context["summary"]), code
        assert mine["environment.waste_tonnes"] > 0
        total += mine["environment.waste_tonnes"]
    root = OrgUnit.objects.get(kind="organisation")
    assert figures(root, dt.date(year, 1, 1), dt.date(year + 1, 1, 1))[
        "environment.waste_tonnes"
    ] == pytest.approx(total)


def test_the_demo_aspects_drills_and_controls_as_their_pages_show_them(demo, db, client_for):
    client = client_for(User.objects.get(username="coordinator"))
    root = OrgUnit.objects.get(kind="organisation")
    now = Scope.of(root, timezone.localdate())
    analysis = client.get("/environment/aspects/analysis/")
    assert (
        measures.get("environment.significant_aspects").value(now)
        == analysis.context["significant"]
    )
    late = 0
    for situation in EmergencySituation.objects.active():
        late += client.get(f"/environment/emergencies/{situation.pk}/").context["drill_late"]
    assert measures.get("environment.drills_overdue").value(now) == late
    controls = IcpeSite.objects.active().filter(next_control_due__lte=timezone.localdate())
    assert measures.get("environment.icpe_controls_due").value(now) == controls.count()
