"""The projects demo: two projects closed last year with their lessons, one running with its
team, milestones, budget, reports, actions, the gas indicator and the furnace risks, one
proposed, and lessons from elsewhere; the running project's page shows its dashboard and
lessons from similar projects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from amelio.core.models import User
from amelio.projects import figures
from amelio.projects.models import Lesson, Project

pytestmark = pytest.mark.django_db


def _project(title_start: str) -> Project:
    return Project.objects.get(title__startswith=title_start)


def test_the_demo_projects_and_their_states(demo_company):
    last_year = timezone.localdate().year - 1
    iso = _project("Certification ISO 45001")
    waste = _project("Tri à la source")
    gas = _project("Réduction de 10 %")
    week = _project("Semaine sécurité")
    assert (iso.status, iso.closed_on.year, iso.org_unit.code) == ("closed", last_year, "LYO")
    assert (waste.status, waste.closed_on.year, waste.org_unit.code) == ("closed", last_year, "ROA")
    assert (gas.status, week.status) == ("running", "proposed")
    assert iso.lessons.count() == 3
    assert waste.lessons.count() == 2
    assert Lesson.objects.filter(project__isnull=True).count() == 4


def test_the_running_project_dashboard(demo_company):
    gas = _project("Réduction de 10 %")
    board = figures.dashboard(gas, timezone.localdate())
    assert (board.milestones.done, board.milestones.total) == (2, 5)
    assert [m.name for m in board.overdue_milestones] == ["Sous-compteurs gaz par four en service"]
    assert (board.actions.progress.done, board.actions.progress.total) == (2, 4)
    assert board.actions.overdue == 1
    total = board.budget.total
    assert (total.planned, total.committed, total.actual) == (
        Decimal("57000.00"),
        Decimal("49800.00"),
        Decimal("23800.00"),
    )
    assert total.variance == Decimal("33200.00")
    assert total.consumed == Decimal("41.8")
    assert board.latest_report.weather == "at_risk"
    assert [i.name for i in gas.indicators.all()] == ["Consommation de gaz"]
    assert gas.risks.count() == 2
    assert gas.members.count() == 5


def test_the_running_project_page_suggests_lessons(demo_company, client):
    client.force_login(User.objects.get(username="coordinator"))
    gas = _project("Réduction de 10 %")
    response = client.get(f"/projects/projects/{gas.pk}/")
    assert response.status_code == 200
    suggested = [lesson.title for lesson, _score in response.context["similar_lessons"]]
    assert "Récupération de chaleur : dimensionner sur des mesures" in suggested
    assert response.context["timeline"] is not None
    assert [row["indicator"].name for row in response.context["indicator_rows"]] == [
        "Consommation de gaz"
    ]
    week = _project("Semaine sécurité")
    page = client.get(f"/projects/projects/{week.pk}/").context
    titles = [lesson.title for lesson, _score in page["similar_lessons"]]
    assert titles[0] == "Semaine sécurité : des ateliers courts au poste plutôt qu'en salle"
    closed = _project("Certification ISO 45001")
    assert client.get(f"/projects/projects/{closed.pk}/").context["similar_lessons"] == []
