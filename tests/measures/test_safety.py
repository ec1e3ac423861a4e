"""The measures of health and safety equal the figures of the module's own pages: the rates
page's TF1, TG… for a site and a year, its events by type, the public reports, the DUERPs'
review dates and planned measures; and DOMAIN.md's worked example, value by value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from amelio.actions.models import Action, ActionLink
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.core.services import record_create
from amelio.safety import services
from amelio.safety.models import (
    Assessment,
    Duerp,
    DuerpVersion,
    EventType,
    HoursWorked,
    PublicReport,
    RiskFamily,
    SafetyEvent,
)
from amelio.scoring.models import ScoringMatrix

RATES = {
    "safety.tf1": "tf1",
    "safety.tf2": "tf2",
    "safety.tg": "tg",
    "safety.if": "if_",
    "safety.ig": "ig",
    "safety.ltifr": "tf1",  # the rates page shows LTIFR as TF1 (the same definition)
    "safety.trir": "trir",
}
FROZEN = dt.datetime(2026, 6, 15, 10, tzinfo=dt.UTC)
YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2026, 1, 1))


def value(key: str, unit, start: dt.date, end: dt.date) -> float | None:
    return measures.get(key).value(Scope(unit, start, end))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def accident(org, user, day: dt.date, kind: str = "lost_time", **fields) -> SafetyEvent:
    record = SafetyEvent(
        title=f"{kind} {day}",
        event_type=kind,
        occurred_at=at(day),
        org_unit=fields.pop("unit", org["a_unit"]),
        description="An accident.",
        victim_status="employee",
        **fields,
    )
    return record_create(record=record, user=user)


def hours(org, user, year: int, amount, month: int | None = None, unit=None, **fields):
    row = HoursWorked(
        org_unit=unit or org["a"], year=year, month=month, hours=Decimal(amount), **fields
    )
    return record_create(record=row, user=user)


# --- Worked examples ----------------------------------------------------------------------


@time_machine.travel(FROZEN, tick=False)
def test_domain_reference_case_rate_by_rate_and_as_the_rates_page_shows_it(
    org, coordinator, client_for
):
    """DOMAIN.md §1.3: 250,000 hours, 5 lost-time and 7 other accidents, 180 days lost,
    12 points of permanent incapacity, 160 FTE."""
    hours(org, coordinator, 2025, 250_000, headcount=Decimal(160))
    for index in range(5):
        start = dt.date(2025, 2 + 2 * index, 3)
        event = accident(org, coordinator, start, ip_rate=Decimal(12) if index == 0 else None)
        services.lost_time_add(
            event=event,
            user=coordinator,
            kind="initial",
            start=start + dt.timedelta(days=1),
            end=start + dt.timedelta(days=36),
        )
    for index in range(7):
        accident(org, coordinator, dt.date(2025, 3, 2 + index), kind="no_lost_time")
    accident(org, coordinator, dt.date(2025, 3, 20), kind="commuting")  # never in the rates
    expected = {
        "safety.tf1": 20.0,
        "safety.tf2": 48.0,
        "safety.tg": 0.72,
        "safety.if": 31.25,
        "safety.ig": 48.0,
        "safety.ltifr": 20.0,
        # Every accident at work is recordable in Amelio: 12 x 200,000 / 250,000.
        "safety.trir": 9.6,
    }
    for unit in (org["a"], org["root"]):
        assert {key: value(key, unit, *YEAR_2025) for key in expected} == expected
    assert value("safety.lost_time_accidents", org["a"], *YEAR_2025) == 5
    assert value("safety.days_lost", org["a"], *YEAR_2025) == 180
    page = client_for(coordinator).get("/safety/events/rates/", {"year": 2025})
    row = next(r for r in page.context["rows"] if r["label"] == "Site A" and r["year"] == 2025)
    for key, name in RATES.items():
        assert value(key, org["a"], *YEAR_2025) == float(row["rates"][name]), key
    assert value("safety.days_lost", org["a"], *YEAR_2025) == row["counts"].days_lost


@time_machine.travel(FROZEN, tick=False)
def test_a_month_counts_its_own_accidents_days_and_hours(org, coordinator):
    for month, amount in ((1, 10_000), (2, 12_000), (3, 8_000)):
        hours(org, coordinator, 2025, amount, month=month, unit=org["a_dept"])
    december = accident(org, coordinator, dt.date(2024, 12, 20))
    services.lost_time_add(
        event=december,
        user=coordinator,
        kind="initial",
        start=dt.date(2024, 12, 21),
        end=dt.date(2025, 1, 9),
    )
    accident(org, coordinator, dt.date(2025, 2, 10))
    january = Scope.of(org["a"], dt.date(2025, 1, 1))
    # No accident in January, but 9 days off from December's.
    assert measures.get("safety.days_lost").value(january) == 9
    assert measures.get("safety.tf1").value(january) == 0.0
    assert measures.get("safety.tg").value(january) == 0.9  # 9 x 1,000 / 10,000
    february = Scope.of(org["a"], dt.date(2025, 2, 1))
    assert measures.get("safety.tf1").value(february) == pytest.approx(1e6 / 12_000)
    first_quarter = Scope.of(org["a"], dt.date(2025, 2, 1), "quarterly")
    assert measures.get("safety.tf1").value(first_quarter) == pytest.approx(1e6 / 30_000)
    assert measures.get("safety.lost_time_accidents").value(first_quarter) == 1
    # April has no hours: no rate, but its counts.
    april = Scope.of(org["a"], dt.date(2025, 4, 1))
    assert measures.get("safety.tf1").value(april) is None
    assert measures.get("safety.lost_time_accidents").value(april) == 0


@time_machine.travel(FROZEN, tick=False)
def test_a_relapse_years_after_the_accident_counts_its_days_where_they_fall(
    org, coordinator, client_for
):
    hours(org, coordinator, 2025, 100_000)
    old = accident(org, coordinator, dt.date(2017, 5, 2))
    services.lost_time_add(
        event=old,
        user=coordinator,
        kind="initial",
        start=dt.date(2017, 5, 3),
        end=dt.date(2017, 5, 12),
    )
    services.lost_time_add(
        event=old,
        user=coordinator,
        kind="relapse",
        start=dt.date(2025, 3, 10),
        end=dt.date(2025, 3, 19),
    )
    assert value("safety.days_lost", org["a"], *YEAR_2025) == 10
    assert value("safety.lost_time_accidents", org["a"], *YEAR_2025) == 0
    assert value("safety.tg", org["a"], *YEAR_2025) == 0.1  # 10 x 1,000 / 100,000
    page = client_for(coordinator).get("/safety/events/rates/", {"year": 2025})
    row = next(r for r in page.context["rows"] if r["label"] == "Site A" and r["year"] == 2025)
    assert row["counts"].days_lost == 10


@time_machine.travel(FROZEN, tick=False)
def test_a_yearly_figure_gives_no_rate_for_a_month_or_a_quarter(org, coordinator):
    """A year's hours are not shared out between its months: with a unit's yearly figure
    only, a month or a quarter has no rate (the whole year has one)."""
    hours(org, coordinator, 2025, 120_000)
    hours(org, coordinator, 2025, 5_000, month=3, unit=org["a_dept"])
    accident(org, coordinator, dt.date(2025, 3, 4))
    for frequency in ("monthly", "quarterly"):
        scope = Scope.of(org["a"], dt.date(2025, 3, 1), frequency)
        assert measures.get("safety.tf1").value(scope) is None, frequency
        assert measures.get("safety.lost_time_accidents").value(scope) == 1
    # The department (the accident's work unit is in it) entered its months.
    march = Scope.of(org["a_dept"], dt.date(2025, 3, 1))
    assert measures.get("safety.tf1").value(march) == 200.0  # 1 x 1,000,000 / 5,000
    assert value("safety.tf1", org["a"], *YEAR_2025) == pytest.approx(1e6 / 125_000)


@time_machine.travel(FROZEN, tick=False)
def test_near_misses_and_public_reports_of_the_period(org, coordinator):
    for day in (dt.date(2025, 3, 3), dt.date(2025, 3, 20), dt.date(2025, 4, 2)):
        accident(org, coordinator, day, kind="near_miss")
    accident(org, coordinator, dt.date(2025, 3, 5), kind="dangerous")
    archived = accident(org, coordinator, dt.date(2025, 3, 6), kind="near_miss")
    SafetyEvent.objects.filter(pk=archived.pk).update(archived_at=at(dt.date(2025, 3, 7)))
    march = Scope.of(org["root"], dt.date(2025, 3, 1))
    assert measures.get("safety.near_misses").value(march) == 2
    assert measures.get("safety.near_misses").value(Scope.of(org["b"], dt.date(2025, 3, 1))) == 0
    link = services.reporting_link(org["a"], coordinator)
    for day in (dt.date(2025, 2, 28), dt.date(2025, 3, 1), dt.date(2025, 3, 31)):
        report = services.report_submit(
            link=link, data={"kind": "hazard", "description": "Oil on the floor"}
        )
        PublicReport.objects.filter(pk=report.pk).update(created_at=at(day, 23))
    assert measures.get("safety.reports").value(march) == 2


@pytest.fixture
def duerp(org, coordinator):
    return record_create(
        record=Duerp(title="DUERP Site A", org_unit=org["a"], owner=coordinator), user=coordinator
    )


def _line(duerp, org, coordinator) -> Assessment:
    line = Assessment(
        duerp=duerp,
        org_unit=org["a_unit"],
        activity="Stamping",
        family=RiskFamily.objects.get(code="noise"),
        hazard="Press noise",
        situation="Operators near the presses all day",
        matrix=ScoringMatrix.objects.get(code="PG-4x4", status="in_use"),
        gross_likelihood=3,
        gross_severity=2,
    )
    return record_create(record=line, user=coordinator)


def _measure(lines, coordinator, org, status: str, done_on: dt.date | None = None) -> Action:
    action = Action(
        title=f"Measure {status}",
        org_unit=org["a"],
        action_type="preventive",
        owner=coordinator,
        due_date=dt.date(2025, 12, 31),
        effectiveness_criterion="Noise below 80 dB(A) at the presses",
    )
    record_create(record=action, user=coordinator)
    Action.objects.filter(pk=action.pk).update(
        status=status, done_on=done_on, created_at=at(dt.date(2025, 1, 10))
    )
    kind = ContentType.objects.get_for_model(Assessment)
    for line in lines:
        ActionLink.objects.create(
            action=action, content_type=kind, object_id=line.pk, role="preventive"
        )
    return action


@time_machine.travel(FROZEN, tick=False)
def test_share_of_the_duerps_planned_measures_done_by_the_end_of_the_period(
    org, coordinator, duerp
):
    noise, cut = _line(duerp, org, coordinator), _line(duerp, org, coordinator)
    _measure([noise, cut], coordinator, org, "done", dt.date(2025, 3, 10))  # counted once
    _measure([noise], coordinator, org, "verified", dt.date(2025, 5, 2))
    _measure([cut], coordinator, org, "planned")
    _measure([cut], coordinator, org, "cancelled")
    rate = measures.get("safety.duerp_actions_done_rate")
    assert rate.value(Scope.of(org["a"], dt.date(2025, 3, 1))) == pytest.approx(100 / 3)
    assert rate.value(Scope.of(org["root"], dt.date(2025, 1, 1), "yearly")) == pytest.approx(
        200 / 3
    )
    assert rate.value(Scope.of(org["b"], dt.date(2025, 1, 1), "yearly")) is None
    assert rate.value(Scope.of(org["a"], dt.date(2024, 1, 1), "yearly")) is None  # none yet


@time_machine.travel(FROZEN, tick=False)
def test_a_duerp_is_overdue_a_year_after_its_last_version_published_by_then(
    org, coordinator, duerp
):
    for number, day in ((1, dt.date(2024, 11, 10)), (2, dt.date(2025, 12, 20))):
        DuerpVersion(
            duerp=duerp,
            org_unit=org["a"],
            number=number,
            published_at=at(day),
            published_by=coordinator,
            author_name="Coordinator",
            reason="annual",
            data={},
        ).save()
    Duerp.objects.filter(pk=duerp.pk).update(last_published_on=dt.date(2025, 12, 20))
    overdue = measures.get("safety.duerp_reviews_overdue")
    # Version 1 calls for an update by 10 November 2025; version 2 came on 20 December.
    assert overdue.value(Scope.of(org["a"], dt.date(2025, 10, 1))) == 0
    assert overdue.value(Scope(org["a"], dt.date(2025, 11, 1), dt.date(2025, 11, 11))) == 0
    assert overdue.value(Scope.of(org["a"], dt.date(2025, 11, 1))) == 1
    assert overdue.value(Scope(org["root"], dt.date(2025, 12, 1), dt.date(2025, 12, 20))) == 1
    assert overdue.value(Scope.of(org["root"], dt.date(2025, 12, 1))) == 0
    assert overdue.value(Scope.of(org["b"], dt.date(2025, 11, 1))) == 0


# --- On the demo --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_company):
    return demo_company


@pytest.fixture
def demo_coordinator(demo, db):
    return User.objects.get(username="coordinator")


def test_the_demo_rates_of_each_site_and_year_are_the_rates_pages(
    demo, demo_coordinator, client_for
):
    year = timezone.localdate().year - 1
    page = client_for(demo_coordinator).get("/safety/events/rates/", {"year": year + 1})
    rows = [r for r in page.context["rows"] if r["year"] == year]
    assert len(rows) == 2
    for code in ("LYO", "ROA"):
        site = OrgUnit.objects.get(code=code)
        row = next(r for r in rows if r["label"] == site.name)
        assert not row["missing_hours"]
        period = (dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
        for key, name in RATES.items():
            assert value(key, site, *period) == float(row["rates"][name]), (code, key)
        counts = row["counts"]
        assert value("safety.lost_time_accidents", site, *period) == counts.lost_time
        assert value("safety.days_lost", site, *period) == counts.days_lost
    total = next(r for r in page.context["totals"] if r["year"] == year)
    root = OrgUnit.objects.get(kind="organisation")
    assert value("safety.tf1", root, dt.date(year, 1, 1), dt.date(year + 1, 1, 1)) == float(
        total["rates"]["tf1"]
    )


def test_the_demo_near_misses_reports_and_duerps_as_their_pages_show_them(
    demo, demo_coordinator, client_for
):
    client = client_for(demo_coordinator)
    today = timezone.localdate()
    page = client.get("/safety/events/rates/", {"year": today.year})
    root = OrgUnit.objects.get(kind="organisation")
    three_years = (dt.date(today.year - 2, 1, 1), dt.date(today.year + 1, 1, 1))
    # The page lists (label, count) in the order of the event types.
    counts = [n for _label, n in page.context["type_counts"]]
    by_type = dict(zip(EventType.values, counts, strict=True))
    near_misses = by_type["near_miss"]
    assert value("safety.near_misses", root, *three_years) == near_misses == 8
    inbox = client.get("/safety/reports/")
    assert value("safety.reports", root, *three_years) == inbox.context["page"].paginator.count
    assert value("safety.reports", root, *three_years) == 4
    overdue, planned = 0, {}
    for duerp in Duerp.objects.active():
        detail = client.get(f"/safety/duerp/{duerp.pk}/")
        overdue += detail.context["review_late"]
        for _unit, lines in detail.context["groups"]:
            planned.update({a.pk: a for line in lines for a in line.planned})
    now = Scope.of(root, today)
    assert measures.get("safety.duerp_reviews_overdue").value(now) == overdue == 0
    kept = [a for a in planned.values() if a.status != "cancelled"]
    done = [a for a in kept if a.status in ("done", "verified")]
    assert measures.get("safety.duerp_actions_done_rate").value(now) == pytest.approx(
        100 * len(done) / len(kept)
    )
