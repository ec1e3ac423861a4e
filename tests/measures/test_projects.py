"""The projects measures equal what the projects pages count: "projects.running" the list
filtered on "Running on" the period's last day, "projects.lessons" the lessons-learned library
filtered on the period's dates, for the same unit; on hand-built records with exact values
and on the demo."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from amelio.core import services
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.projects.models import Project
from tests.projects.conftest import NOW, make_lesson, make_project

MAR, APR = dt.date(2026, 3, 1), dt.date(2026, 4, 1)


def value(key: str, unit, start: dt.date, end: dt.date):
    return measures.get(key).value(Scope(unit, start, end))


def _listed(client, url: str, **params) -> int:
    return client.get(url, params).context["page"].paginator.count


@pytest.fixture
def portfolio(org, coordinator):
    """Site A: a project running since January, one closed on 31 March, one proposed, one
    started in April; its department: one running; site B: one running. Lessons: two in
    March on site A (one in its department), one in February, one in March on site B."""
    with time_machine.travel(NOW, tick=False):

        def started(unit, **fields):
            project = make_project(coordinator, unit, **fields)
            services.record_transition(record=project, user=coordinator, name="start")
            return project

        started(org["a"])
        closed = started(org["a"], results_achieved="Objectif atteint")
        services.record_transition(record=closed, user=coordinator, name="close")
        Project.objects.filter(pk=closed.pk).update(actual_end=dt.date(2026, 3, 31))
        make_project(coordinator, org["a"])
        started(org["a"], start_date=dt.date(2026, 4, 2))
        started(org["a_dept"])
        started(org["b"])
        for unit, day in [
            (org["a"], dt.date(2026, 3, 2)),
            (org["a_dept"], dt.date(2026, 3, 31)),
            (org["a"], dt.date(2026, 2, 27)),
            (org["b"], dt.date(2026, 3, 15)),
        ]:
            make_lesson(coordinator, unit, f"Leçon du {day}", recorded_on=day)


@pytest.mark.django_db
def test_running_projects_and_lessons_with_exact_values(org, portfolio):
    assert value("projects.running", org["a"], MAR, APR) == 3
    assert value("projects.running", org["root"], MAR, APR) == 4
    assert value("projects.running", org["a"], APR, dt.date(2026, 5, 1)) == 3
    assert value("projects.lessons", org["a"], MAR, APR) == 2
    assert value("projects.lessons", org["root"], MAR, APR) == 3
    assert value("projects.lessons", org["a"], dt.date(2026, 2, 1), MAR) == 1


@pytest.mark.django_db
def test_the_measures_equal_the_filtered_lists(org, portfolio, coordinator, client_for):
    client = client_for(coordinator)
    for unit in (org["root"], org["a"], org["b"]):
        for start, end in [(MAR, APR), (APR, dt.date(2026, 5, 1))]:
            scope = Scope(unit, start, end)
            with time_machine.travel(NOW, tick=False):
                running = _listed(
                    client,
                    "/projects/projects/",
                    org_unit=unit.pk,
                    running_on=scope.as_of.isoformat(),
                )
            assert value("projects.running", unit, start, end) == running
            lessons = _listed(
                client,
                "/projects/lessons/",
                org_unit=unit.pk,
                recorded_on_after=start.isoformat(),
                recorded_on_before=scope.last_day.isoformat(),
            )
            assert value("projects.lessons", unit, start, end) == lessons


@pytest.fixture(scope="module")
def demo(demo_company):
    return demo_company


def test_the_demo_measures_equal_the_lists(demo, db, client):
    client.force_login(User.objects.get(username="coordinator"))
    organisation = OrgUnit.objects.get(parent__isnull=True)
    from django.utils import timezone

    today = timezone.localdate()
    year = Scope(organisation, dt.date(today.year - 1, 1, 1), dt.date(today.year, 1, 1))
    assert value("projects.lessons", organisation, year.start, year.end) == _listed(
        client,
        "/projects/lessons/",
        recorded_on_after=year.start.isoformat(),
        recorded_on_before=year.last_day.isoformat(),
    )
    month = Scope.of(organisation, today)
    assert value("projects.running", organisation, month.start, month.end) == 1
    assert _listed(client, "/projects/projects/", running_on=month.as_of.isoformat()) == 1
