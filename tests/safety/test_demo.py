"""The health and safety demo: fifteen work units assessed in two DUERPs with their published
versions, three years of hours worked and events whose rates look like a metalworking SME's,
a cause tree and the public reporting inbox."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from amelio.actions.models import Action, ActionLink
from amelio.core.models import OrgUnit, TransitionLog, User
from amelio.safety import computations as calc
from amelio.safety import services
from amelio.safety.models import (
    Assessment,
    CauseFact,
    CauseLink,
    Duerp,
    HoursWorked,
    LostTime,
    PublicReport,
    SafetyEvent,
    Victim,
)


@pytest.fixture(scope="module")
def demo(demo_company):
    """The demo company, loaded once for the whole run (tests/conftest.py)."""
    return demo_company


@pytest.fixture
def coordinator(demo, db):
    return User.objects.get(username="coordinator")


def _years() -> list[int]:
    """The years with hours worked: the last two and the current one once it has a month."""
    today = timezone.localdate()
    years = [today.year - 2, today.year - 1]
    return [*years, today.year] if today.month > 1 else years


def test_fifteen_work_units_each_assessed(demo, db):
    units = OrgUnit.objects.filter(kind="work_unit")
    assert units.count() == 15
    assert {"LYO-MMEC", "LYO-CAR", "LYO-LAB", "ROA-MGS", "ROA-BUR"} <= set(
        units.values_list("code", flat=True)
    )
    for unit in units:
        count = Assessment.objects.active().filter(org_unit=unit).count()
        assert 2 <= count <= 4, unit.code
        assert unit.site.code == unit.code[:3]


def test_the_duerps_and_their_published_versions(demo, db):
    today = timezone.localdate()
    lyo, roa = Duerp.objects.get(org_unit__code="LYO"), Duerp.objects.get(org_unit__code="ROA")
    assert lyo.title == "DUERP – Site de Vénissieux"
    assert (lyo.status, lyo.update_reason) == ("draft", "accident")
    assert roa.status == "published"
    for duerp in (lyo, roa):
        assert duerp.owner.username == "coordinator"
        assert duerp.method and duerp.participants and duerp.cse_consulted_on
    v2, v1 = lyo.versions.all()
    (only,) = roa.versions.all()
    assert [v1.number, v2.number, only.number] == [1, 2, 1]
    assert [v1.reason, v2.reason, only.reason] == ["first", "annual", "first"]
    published = [timezone.localtime(v.published_at).date() for v in (v1, v2, only)]
    assert published == [today - dt.timedelta(days=n) for n in (395, 30, 120)]
    assert lyo.last_published_on == published[1]
    assert roa.last_published_on == published[2]
    assert all(v.intact and v.published_by.username == "coordinator" for v in (v1, v2, only))
    assert [len(v.data["lines"]) for v in (v1, v2, only)] == [34, 35, 12]
    assert lyo.cse_consulted_on < published[1]
    # The annual update rated the welding fumes again once the extracting torches were in.
    fumes = {
        v.number: next(r for r in v.data["lines"] if "Fumées" in r["hazard"]) for v in (v1, v2)
    }
    assert (fumes[1]["score"], fumes[2]["score"]) == (12, 6)
    assert fumes[1]["actions"][0]["status"] != fumes[2]["actions"][0]["status"]
    # Since: one line added after the press brake accident, not yet published.
    assert services.duerp_lines(lyo).count() == 36


def test_assessment_lines(demo, db):
    lines = Assessment.objects.active()
    assert lines.count() == 48
    assert set(lines.values_list("matrix__code", flat=True)) == {"PG-4x4"}
    assert Counter(lines.values_list("gross_level", flat=True)) == {
        "critical": 8,
        "high": 17,
        "medium": 21,
        "low": 2,
    }
    assert lines.filter(gross_score=16).count() == 1
    assert lines.filter(pregnant_workers=True).count() == 4
    assert lines.filter(young_workers=True).count() == 1
    assert lines.filter(temporary_workers=True).count() == 5
    for line in lines:
        assert line.activity and line.hazard and line.situation and line.damage
        assert line.existing_measures and line.principle_numbers() and line.exposed


def test_planned_measures(demo, db):
    kind = ContentType.objects.get_for_model(Assessment)
    ids = ActionLink.objects.filter(content_type=kind, role="preventive").values("action")
    actions = Action.objects.filter(pk__in=ids)
    assert Counter(actions.values_list("status", flat=True)) == {
        "planned": 11,
        "in_progress": 5,
        "done": 2,
        "verified": 3,
    }
    today = timezone.localdate()
    for action in actions:
        assert action.action_type == "preventive"
        assert action.effectiveness_criterion and action.planned_cost is not None
        if action.status in ("done", "verified"):
            assert action.done_on < today
    assert actions.filter(status="planned", due_date__lt=today).count() == 1


def test_hours_worked(demo, coordinator):
    today = timezone.localdate()
    assert HoursWorked.objects.count() == 2 * (24 + today.month - 1)
    counts = services.rate_counts(user=coordinator, years=_years())
    for site in OrgUnit.objects.sites():
        for year in _years():
            hours = counts[(site.pk, year)].hours
            months = 12 if year < today.year else today.month - 1
            assert 115 * site.headcount * months < hours < 150 * site.headcount * months


def test_events(demo, db):
    events = SafetyEvent.objects.all()
    assert Counter(events.values_list("event_type", flat=True)) == {
        "lost_time": 9,
        "no_lost_time": 7,
        "commuting": 2,
        "disease": 1,
        "first_aid": 6,
        "near_miss": 8,
        "dangerous": 6,
        "incident": 3,
    }
    assert Counter(events.values_list("status", flat=True)) == {
        "closed": 36,
        "analysis": 3,
        "reported": 3,
    }
    now = timezone.now()
    start = timezone.make_aware(dt.datetime(timezone.localdate().year - 2, 1, 1))
    for event in events:
        assert start <= event.occurred_at <= now, event.title
        assert event.org_unit.kind == "work_unit"
        assert event.description
    accidents = events.filter(event_type__in=["lost_time", "no_lost_time", "commuting"])
    assert not accidents.filter(declared_on__isnull=True).exists()
    assert Victim.objects.count() == 19
    assert Victim.objects.get(person__username="employee").name == "Karim Benali"
    assert events.filter(ip_rate=8).count() == 1
    for event in events.filter(event_type="lost_time"):
        assert event.lost_times.exists() and event.days_lost > 0
    (open_stop,) = LostTime.objects.filter(end__isnull=True)
    assert open_stop.event.status == "analysis"
    assert LostTime.objects.filter(kind="relapse").count() == 1
    assert not LostTime.objects.filter(event__status="closed", end__isnull=True).exists()


def test_cause_tree_of_the_press_brake_accident(demo, db):
    event = SafetyEvent.objects.get(facts__is_final=True)
    assert event.event_type == "lost_time"
    assert event.org_unit.code == "LYO-TOL"
    facts = list(event.facts.all())
    assert len(facts) == 8
    links = list(CauseLink.objects.filter(cause__event=event).values_list("cause", "effect"))
    assert len(links) == 8
    layout = calc.tree_layout([f.pk for f in facts], links)
    final = next(f for f in facts if f.is_final)
    assert final.text.startswith("Les doigts gauches")
    assert layout.conjunctions and len(layout.disjunctions) == 1
    answered = CauseFact.objects.filter(event=event, action__isnull=False)
    assert answered.count() == 2
    kind = ContentType.objects.get_for_model(SafetyEvent)
    assert ActionLink.objects.filter(content_type=kind, object_id=event.pk).count() == 2


def test_public_reports(demo, db):
    reports = PublicReport.objects.all()
    assert Counter(reports.values_list("status", flat=True)) == {
        "new": 2,
        "triaged": 1,
        "rejected": 1,
    }
    assert Counter(reports.values_list("kind", flat=True)) == {
        "hazard": 2,
        "near_miss": 1,
        "idea": 1,
    }
    assert reports.filter(reporter_name="").count() == 2
    triaged = reports.get(status="triaged")
    assert triaged.event.event_type == "dangerous"
    assert triaged.event.org_unit.code == "LYO-TOL"
    assert triaged.event.occurred_at == triaged.created_at
    rejected = reports.get(status="rejected")
    kind = ContentType.objects.get_for_model(PublicReport)
    log = TransitionLog.objects.get(content_type=kind, object_id=rejected.pk)
    assert log.comment


def test_rates_look_like_a_metalworking_sme(demo, coordinator):
    current = timezone.localdate().year
    years = [current - 2, current - 1, current]
    counts = services.rate_counts(user=coordinator, years=years)
    lyo, roa = OrgUnit.objects.get(code="LYO"), OrgUnit.objects.get(code="ROA")
    lost_time = {s.code: sum(counts[(s.pk, year)].lost_time for year in years) for s in (lyo, roa)}
    assert lost_time == {"LYO": 7, "ROA": 2}
    total = calc.rates(calc.add_counts(counts[(lyo.pk, year)] for year in _years()))
    assert 10 < total.tf1 < 30
    assert 0 < total.tg < 2
