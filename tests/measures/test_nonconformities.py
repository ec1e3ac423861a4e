"""The nonconformities measures give the figures of the analysis page for the same unit and
dates (count, count by type, cost of nonquality), on the demo and on hand-built records with
exact values; the 8D reports closed on time on a worked example."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from amelio.core import services
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.nonconformities import computations as calc
from amelio.nonconformities.models import EightD, Nonconformity

NOW = dt.datetime(2026, 7, 15, 10, 0, tzinfo=dt.UTC)
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 4, 1))
APRIL = (dt.date(2026, 4, 1), dt.date(2026, 5, 1))
MAY = (dt.date(2026, 5, 1), dt.date(2026, 6, 1))
TYPES = [t for t, _label in Nonconformity.Type.choices]


def value(key: str, unit, start: dt.date, end: dt.date):
    return measures.get(key).value(Scope(unit, start, end))


def _nc(user, unit, nc_type: str, day: dt.date, **costs) -> Nonconformity:
    record = Nonconformity(
        title=f"{nc_type} on {day}",
        org_unit=unit,
        nc_type=nc_type,
        detected_on=day,
        **{f"cost_{kind}": Decimal(amount) for kind, amount in costs.items()},
    )
    return services.record_create(record=record, user=user)


@pytest.fixture
def records(org, coordinator):
    """March 2026 on site A: an internal NC (150 €), a customer complaint in the work unit
    (525.50 €), an audit NC cancelled (no cost); outside: an internal NC archived (1 000 €),
    a supplier NC in April (10 €), a regulatory NC of site B (7 €)."""
    with time_machine.travel(NOW, tick=False):
        internal = _nc(coordinator, org["a"], "internal", dt.date(2026, 3, 5), scrap=100, rework=50)
        complaint = _nc(
            coordinator,
            org["a_unit"],
            "customer",
            dt.date(2026, 3, 20),
            penalties=500,
            handling="25.50",
        )
        audit = _nc(coordinator, org["a"], "audit", dt.date(2026, 3, 31))
        services.record_transition(record=audit, user=coordinator, name="cancel", comment="Twice")
        archived = _nc(coordinator, org["a"], "internal", dt.date(2026, 3, 10), scrap=1000)
        services.record_archive(record=archived, user=coordinator)
        supplier = _nc(coordinator, org["a"], "supplier", dt.date(2026, 4, 2), scrap=10)
        regulatory = _nc(coordinator, org["b"], "regulatory", dt.date(2026, 3, 15), scrap=7)
        yield {
            "internal": internal,
            "complaint": complaint,
            "audit": audit,
            "supplier": supplier,
            "regulatory": regulatory,
        }


@pytest.mark.django_db
def test_one_count_per_type():
    published = {m.key for m in measures if m.key.startswith("nonconformities.ncs.")}
    assert (
        published
        == {f"nonconformities.ncs.{t}" for t in TYPES}
        == {
            "nonconformities.ncs.internal",
            "nonconformities.ncs.customer",
            "nonconformities.ncs.supplier",
            "nonconformities.ncs.audit",
            "nonconformities.ncs.regulatory",
        }
    )


@pytest.mark.django_db
def test_counts_and_cost_with_exact_values(org, records):
    site = org["a"]
    assert value("nonconformities.ncs", site, *MARCH) == 3
    by_type = {t: value(f"nonconformities.ncs.{t}", site, *MARCH) for t in TYPES}
    assert by_type == {"internal": 1, "customer": 1, "supplier": 0, "audit": 1, "regulatory": 0}
    assert value("nonconformities.cost", site, *MARCH) == 675.5
    assert value("nonconformities.ncs", org["root"], *MARCH) == 4
    assert value("nonconformities.ncs.regulatory", org["root"], *MARCH) == 1
    assert value("nonconformities.cost", org["root"], *MARCH) == 682.5
    assert value("nonconformities.ncs", org["a_dept"], *MARCH) == 1
    assert value("nonconformities.ncs", site, *APRIL) == 1
    assert value("nonconformities.cost", org["b"], *APRIL) == 0


def _analysis(client, unit, start: dt.date, end: dt.date, **filters):
    last = end - dt.timedelta(days=1)
    query = {
        "org_unit": unit.pk,
        "detected_on_after": start.isoformat(),
        "detected_on_before": last.isoformat(),
        **filters,
    }
    return client.get(reverse("nonconformities:nonconformity_analysis"), query).context


@pytest.mark.django_db
def test_measures_equal_the_analysis_page(org, records, coordinator, client_for):
    client = client_for(coordinator)
    for unit in (org["root"], org["a"], org["b"]):
        context = _analysis(client, unit, *MARCH)
        assert value("nonconformities.ncs", unit, *MARCH) == context["total"]
        assert value("nonconformities.cost", unit, *MARCH) == float(context["total_cost"])
        for nc_type in TYPES:
            typed = _analysis(client, unit, *MARCH, nc_type=nc_type)
            assert value(f"nonconformities.ncs.{nc_type}", unit, *MARCH) == typed["total"]
    assert _analysis(client, org["a"], *MARCH)["total_cost"] == Decimal("675.50")


def test_on_time_rate_counts_the_target_day_as_on_time():
    day = dt.date(2026, 4, 10)
    assert calc.on_time_rate([]) is None
    assert calc.on_time_rate([(day, day), (day + dt.timedelta(days=1), day)]) == 50


@pytest.mark.django_db
def test_eight_d_closed_on_time(org, records):
    """April on site A: one 8D closed before its target, one after, one without a target
    (not counted): 50 %. With site B's, closed on time: 2 of 3."""

    def report(nc, target, closed):
        EightD.objects.create(nonconformity=nc, target_on=target, closed_on=closed)

    report(records["internal"], dt.date(2026, 4, 30), dt.date(2026, 4, 20))
    report(records["complaint"], dt.date(2026, 4, 10), dt.date(2026, 4, 15))
    report(records["supplier"], None, dt.date(2026, 4, 5))
    report(records["regulatory"], dt.date(2026, 4, 30), dt.date(2026, 4, 30))
    report(records["audit"], dt.date(2026, 6, 1), dt.date(2026, 5, 2))
    key = "nonconformities.eight_d_on_time_rate"
    assert value(key, org["a"], *APRIL) == 50
    assert value(key, org["root"], *APRIL) == pytest.approx(200 / 3)
    assert value(key, org["a"], *MAY) == 100
    assert value(key, org["a"], *MARCH) is None


# --- The demo ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_company):
    return demo_company


def test_demo_year_equals_the_analysis_page(demo, db, client):
    """The twelve months up to today (the demo is dated from the day it is loaded)."""
    client.force_login(User.objects.get(username="coordinator"))
    today = timezone.localdate()
    year = (today - dt.timedelta(days=365), today + dt.timedelta(days=1))
    organisation = OrgUnit.objects.get(parent__isnull=True)
    for unit in [organisation, *OrgUnit.objects.filter(kind="site")]:
        context = _analysis(client, unit, *year)
        assert value("nonconformities.ncs", unit, *year) == context["total"], unit
        assert value("nonconformities.cost", unit, *year) == float(context["total_cost"]), unit
    for nc_type in TYPES:
        typed = _analysis(client, organisation, *year, nc_type=nc_type)
        assert value(f"nonconformities.ncs.{nc_type}", organisation, *year) == typed["total"]
    counts = {t: value(f"nonconformities.ncs.{t}", organisation, *year) for t in TYPES}
    assert counts == {"internal": 52, "customer": 14, "supplier": 34, "audit": 9, "regulatory": 3}
    assert value("nonconformities.ncs", organisation, *year) == 112
    sites = {
        u.code: value("nonconformities.ncs", u, *year) for u in OrgUnit.objects.filter(kind="site")
    }
    assert sites == {"LYO": 96, "ROA": 16}
    assert value("nonconformities.cost", organisation, *year) == 171_400
    # Every closed 8D of the demo was closed within its 60 days.
    assert value("nonconformities.eight_d_on_time_rate", organisation, *year) == 100
