"""The training measures: the completion of the training plan (sessions held among those
planned, cancelled ones included) and the trainee hours, as the year's training plan page adds
them up; on hand-built sessions with exact values and on the demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from amelio.core import services as core
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from tests.training.session_helpers import attend, make_session, person

NOW = dt.datetime(2026, 7, 15, 10, 0, tzinfo=dt.UTC)
D = dt.date


def value(key: str, unit, start: dt.date, end: dt.date) -> float | None:
    return measures.get(key).value(Scope(unit, start, end))


def _held(session, user, people, present) -> None:
    attend(session, people, user, **{p.username: (p.username in present, None) for p in people})
    session.refresh_from_db()
    core.record_transition(record=session, user=user, name="hold")


@pytest.fixture
def sessions(org, coordinator):
    """Site A: SST on 3 February (7 h, two of three present), held; CACES in its department
    on 12 May (14 h, one present), held; a session cancelled in April; one planned on 20 June
    not held; one archived. Site B: a 7-hour session on 10 February, one present, held. And a
    session of November 2025 at site A, held."""
    with time_machine.travel(NOW, tick=False):
        a, b = org["a"], org["b"]
        p1, p2, p3 = (person(f"p{i}", "Jean", f"Martin{i}", a) for i in (1, 2, 3))
        p4 = person("p4", "Anne", "Roux", b)
        sst = make_session(a, coordinator, title="SST", start_date=D(2026, 2, 3))
        _held(sst, coordinator, [p1, p2, p3], {"p1", "p2"})
        caces = make_session(
            org["a_dept"], coordinator, title="CACES", start_date=D(2026, 5, 12),
            duration_hours=Decimal(14),
        )  # fmt: skip
        _held(caces, coordinator, [p1], {"p1"})
        cancelled = make_session(a, coordinator, title="Pont roulant", start_date=D(2026, 4, 7))
        core.record_transition(
            record=cancelled, user=coordinator, name="cancel", comment="Reportée"
        )
        make_session(a, coordinator, title="Incendie", start_date=D(2026, 6, 20))
        archived = make_session(a, coordinator, title="Doublon", start_date=D(2026, 3, 1))
        core.record_archive(record=archived, user=coordinator)
        roanne = make_session(b, coordinator, title="Site B", start_date=D(2026, 2, 10))
        _held(roanne, coordinator, [p4], {"p4"})
        old = make_session(a, coordinator, title="2025", start_date=D(2025, 11, 4))
        _held(old, coordinator, [p2], {"p2"})
        yield org


YEAR = (D(2026, 1, 1), D(2027, 1, 1))


@pytest.mark.django_db
def test_training_measures_with_exact_values(sessions):
    a, root, b = sessions["a"], sessions["root"], sessions["b"]
    # 2026 at site A: 4 planned (cancelled included), 2 held; 14 + 14 trainee hours.
    assert value("training.completion_rate", a, *YEAR) == 50
    assert value("training.hours", a, *YEAR) == 28
    # The company adds site B: 3 held of 5, 35 hours.
    assert value("training.completion_rate", root, *YEAR) == 60
    assert value("training.hours", root, *YEAR) == 35
    # First quarter at site A: SST alone; second: CACES held, one cancelled, one not held.
    q1, q2, q3 = D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1)
    assert value("training.completion_rate", a, q1, q2) == 100
    assert value("training.hours", a, q1, q2) == 14
    assert value("training.completion_rate", a, q2, q3) == pytest.approx(100 / 3)
    assert value("training.hours", a, q2, q3) == 14
    # Nothing planned: no rate, no hours.
    assert value("training.completion_rate", b, q2, q3) is None
    assert value("training.hours", b, q2, q3) == 0
    assert value("training.hours", a, D(2025, 1, 1), D(2026, 1, 1)) == 7


@pytest.mark.django_db
def test_the_year_plan_page_gives_the_same_figures(sessions, coordinator, client_for):
    client = client_for(coordinator)
    with time_machine.travel(NOW, tick=False):
        for unit in (sessions["root"], sessions["a"], sessions["b"]):
            page = client.get("/training/sessions/plan/", {"year": 2026, "org_unit": unit.pk})
            totals = page.context["totals"]
            assert totals.completion_rate == value("training.completion_rate", unit, *YEAR)
            assert float(totals.trainee_hours) == value("training.hours", unit, *YEAR)
        page = client.get("/training/sessions/plan/", {"year": 2026})
        assert 'id="plan-completion"' in page.content.decode()


def test_demo_year_plan_and_measures_agree(demo_company, client_for):
    client = client_for(User.objects.get(username="coordinator"))
    year = timezone.localdate().year
    span = (D(year, 1, 1), D(year + 1, 1, 1))
    for unit in (OrgUnit.objects.get(parent=None), *OrgUnit.objects.filter(kind="site")):
        page = client.get("/training/sessions/plan/", {"year": year, "org_unit": unit.pk})
        totals = page.context["totals"]
        assert totals.completion_rate == value("training.completion_rate", unit, *span)
        assert float(totals.trainee_hours) == value("training.hours", unit, *span)
    root = OrgUnit.objects.get(parent=None)
    assert value("training.hours", root, *span) > 0
