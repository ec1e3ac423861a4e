"""Each input of the pack shows the same figures as its module's page for the same period and
scope: the nonconformity analysis page, the safety rates page, the audit indicators page, on
hand-built records and on the demo (whose last review is held, its pack frozen)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from amelio.core.models import OrgUnit, User
from amelio.reviews import services_management as review_services
from amelio.reviews.models import ManagementReview
from amelio.safety import services as safety_services
from tests.measures.test_environment import page_figures
from tests.measures.test_nonconformities import NOW, TYPES, _analysis, records  # noqa: F401
from tests.measures.test_safety import RATES, accident, hours
from tests.reviews.management.test_pack import make_review


def figures_of(review, key: str) -> dict[str, float | None]:
    found = next(s for s in review_services.pack(review) if s["key"] == key)
    return {f["key"]: f["value"] for f in found["figures"]}


@pytest.mark.django_db
def test_nonconformities_input_equals_the_analysis_page(org, records, coordinator, client_for):  # noqa: F811
    client = client_for(coordinator)
    with time_machine.travel(NOW, tick=False):
        for unit in (org["root"], org["a"], org["b"]):
            review = make_review(
                coordinator, unit, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
            )
            mine = figures_of(review, "nonconformities")
            page = _analysis(client, unit, dt.date(2026, 3, 1), dt.date(2026, 4, 1))
            assert mine["nonconformities.ncs"] == page["total"], unit
            assert mine["nonconformities.cost"] == float(page["total_cost"]), unit
            for nc_type in TYPES:
                typed = _analysis(
                    client, unit, dt.date(2026, 3, 1), dt.date(2026, 4, 1), nc_type=nc_type
                )
                assert mine[f"nonconformities.ncs.{nc_type}"] == typed["total"], nc_type
            suppliers = figures_of(review, "suppliers")
            assert suppliers["nonconformities.ncs.supplier"] == mine["nonconformities.ncs.supplier"]
        site = make_review(
            coordinator, org["a"], start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
        )
        assert figures_of(site, "nonconformities")["nonconformities.cost"] == 675.5


@pytest.mark.django_db
def test_safety_input_equals_the_rates_page(org, coordinator, client_for):
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, tzinfo=dt.UTC), tick=False):
        hours(org, coordinator, 2025, 250_000, headcount=Decimal(160))
        hours(org, coordinator, 2024, 200_000, headcount=Decimal(150))
        for index in range(3):
            start = dt.date(2025, 2 + 2 * index, 3)
            event = accident(org, coordinator, start)
            safety_services.lost_time_add(
                event=event,
                user=coordinator,
                kind="initial",
                start=start + dt.timedelta(days=1),
                end=start + dt.timedelta(days=11),
            )
        accident(org, coordinator, dt.date(2024, 5, 2), kind="no_lost_time")
        review = make_review(coordinator, org["a"])
        mine = figures_of(review, "safety")
        page = client_for(coordinator).get("/safety/events/rates/", {"year": 2025})
    row = next(r for r in page.context["rows"] if r["label"] == "Site A" and r["year"] == 2025)
    assert mine["safety.tf1"] == float(row["rates"]["tf1"]) == 12.0
    assert mine["safety.tf2"] == float(row["rates"]["tf2"])
    assert mine["safety.tg"] == float(row["rates"]["tg"])
    assert mine["safety.lost_time_accidents"] == row["counts"].lost_time == 3
    assert mine["safety.days_lost"] == row["counts"].days_lost
    section = next(s for s in review_services.pack(review) if s["key"] == "safety")
    tf1 = next(f for f in section["figures"] if f["key"] == "safety.tf1")
    assert (tf1["value"], tf1["previous"], tf1["trend"]) == (12.0, 0.0, "worse")
    assert tf1["url"] == "/safety/events/rates/"


# --- The demo ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_company):
    return demo_company


def _reviews():
    today = timezone.localdate()
    last = ManagementReview.objects.get(period_start=dt.date(today.year - 1, 1, 1))
    current = ManagementReview.objects.get(period_start=dt.date(today.year, 1, 1))
    return last, current


def test_the_demo_reviews_one_held_with_its_decisions_one_in_preparation(demo, db):
    last, current = _reviews()
    assert (last.status, current.status) == ("held", "preparation")
    assert last.held_on == last.planned_on
    assert last.inputs.count() == current.inputs.count() == 16
    assert all(item.snapshot is not None for item in last.inputs.all())
    assert not any(item.snapshot for item in current.inputs.all())
    assert last.inputs.exclude(comment="").count() == 12
    decisions = list(last.decisions.select_related("action"))
    assert len(decisions) == 5 and all(d.action for d in decisions)
    assert sorted(d.action.status for d in decisions) == [
        "done",
        "done",
        "in_progress",
        "planned",
        "planned",
    ]
    follow_up = figures_of(current, "actions")
    assert follow_up["reviews.previous_actions"] == 5
    assert follow_up["reviews.actions_done"] == 2


def test_every_figure_the_pack_asks_for_is_published_by_a_module(demo, db):
    """Each measure key a section reads exists (compliance, suppliers, surveys, training,
    documents and indicators publish theirs): no figure of the frozen pack says "not
    published"."""
    last, _current = _reviews()
    keys, unpublished = set(), []

    def walk(node, section):
        if isinstance(node, dict):
            if "published" in node:
                keys.add(node["key"])
                if not node["published"]:
                    unpublished.append((section, node["key"]))
            for value in node.values():
                walk(value, section)
        elif isinstance(node, list):
            for value in node:
                walk(value, section)

    for item in last.inputs.all():
        walk(item.snapshot, item.key)
    assert unpublished == []
    assert {"customers.nps", "suppliers.on_time_delivery", "training.hours"} <= keys
    assert {"compliance.requirements_conform", "documents.reviews_overdue"} <= keys


def test_the_demo_frozen_pack_equals_the_modules_pages(demo, db, client_for):
    last, current = _reviews()
    client = client_for(User.objects.get(username="coordinator"))
    root = OrgUnit.objects.get(parent__isnull=True)
    year = last.period_start.year
    period = (dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
    ncs = figures_of(last, "nonconformities")
    page = _analysis(client, root, *period)
    assert ncs["nonconformities.ncs"] == page["total"] > 0
    assert ncs["nonconformities.cost"] == float(page["total_cost"])
    rates = client.get("/safety/events/rates/", {"year": year + 1}).context
    total = next(r for r in rates["totals"] if r["year"] == year)
    safety = figures_of(last, "safety")
    for key, name in RATES.items():
        if key in safety:
            assert safety[key] == float(total["rates"][name]), key
    audits = client.get(reverse("audits:audit_indicators")).context
    completion = next((p for y, _t, _d, p in audits["per_year"] if y == year), None)
    assert figures_of(last, "audits")["audits.programme_completion"] == completion
    waste = 0.0
    for code in ("LYO", "ROA"):
        site = OrgUnit.objects.get(code=code)
        page = client.get(
            "/environment/register/indicators/",
            {"start": f"{year}-01-01", "end": f"{year}-12-31", "site": site.pk},
        )
        waste += page_figures(page.context["summary"])["environment.waste_tonnes"]
    environment = figures_of(last, "environment")
    assert environment["environment.waste_tonnes"] == pytest.approx(waste)
    assert waste > 0
    # The live pack of this year follows the same pages.
    this_year = (dt.date(year + 1, 1, 1), dt.date(year + 2, 1, 1))
    assert (
        figures_of(current, "nonconformities")["nonconformities.ncs"]
        == _analysis(client, root, *this_year)["total"]
    )


def test_the_demo_pack_page_and_pdf(demo, db, client_for):
    last, current = _reviews()
    client = client_for(User.objects.get(username="coordinator"))
    for review in (last, current):
        page = client.get(f"/reviews/management-reviews/{review.pk}/")
        assert page.status_code == 200
        assert len(page.context["sections"]) == 16
    assert (
        "Installer deux tables élévatrices"
        in client.get(f"/reviews/management-reviews/{last.pk}/").content.decode()
    )
