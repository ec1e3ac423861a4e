"""The figures of a project with exact values: budget totals, variance and share consumed,
milestones and actions progress, overdue actions, the projects running on a day, the lessons
of a period, and the lessons suggested by text similarity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.core import services
from amelio.core.similarity import similarity
from amelio.projects import figures
from amelio.projects.models import Lesson, Milestone, Project, StatusReport
from tests.projects.conftest import TODAY, budget_line, make_lesson, make_project

pytestmark = pytest.mark.django_db


def test_budget_totals_per_category_with_variance_and_share_consumed(project):
    budget_line(project, "Échangeur", "investment", "38000", "36200", "12000")
    budget_line(project, "Sous-compteurs", "investment", "4800.50", "4800.50", "0")
    budget_line(project, "Audit énergétique", "external", "6500", "6500", "6950.25")
    budget_line(project, "Heures maintenance", "internal", "5400", "0", "3150")
    with translation.override("fr"):
        result = figures.budget(project.budget_lines.all(), "Total")
        by_label = {str(row.label): row for row in result.categories}
    assert list(by_label) == ["Investissement", "Heures internes", "Prestations externes"]
    investment = by_label["Investissement"]
    assert (investment.planned, investment.committed, investment.actual) == (
        Decimal("42800.50"),
        Decimal("41000.50"),
        Decimal("12000.00"),
    )
    assert by_label["Prestations externes"].variance == Decimal("-450.25")
    assert by_label["Prestations externes"].consumed == Decimal("106.9")
    total = result.total
    assert (total.label, total.planned, total.committed, total.actual) == (
        "Total",
        Decimal("54700.50"),
        Decimal("47500.50"),
        Decimal("22100.25"),
    )
    assert total.variance == Decimal("32600.25")
    assert total.consumed == Decimal("40.4")  # 22 100.25 / 54 700.50 = 40.40 %
    assert total.engaged == Decimal("86.8")


def test_an_empty_budget_has_no_share():
    empty = figures.budget([])
    assert (empty.total.planned, empty.total.variance, empty.total.consumed) == (
        Decimal("0.00"),
        Decimal("0.00"),
        None,
    )


def test_milestone_progress_leaves_dropped_ones_out(project):
    for name, status, achieved in [
        ("Audit", "achieved", TODAY),
        ("Réglage", "achieved", TODAY),
        ("Compteurs", "planned", None),
        ("Salon", "dropped", None),
    ]:
        Milestone.objects.create(
            project=project, name=name, planned_on=TODAY, status=status, achieved_on=achieved
        )
    progress = figures.milestone_progress(project.milestones.all())
    assert (progress.done, progress.total, progress.rate) == (2, 3, Decimal("66.7"))


def _action(user, unit, title, due, steps=()):
    action = Action(
        title=title,
        org_unit=unit,
        owner=user,
        action_type="improvement",
        start_date=dt.date(2026, 5, 1),
        due_date=due,
    )
    services.record_create(record=action, user=user)
    for step in steps:
        services.record_transition(record=action, user=user, name=step, comment="Remplacée")
        action.refresh_from_db()
    return action


def test_dashboard_counts_the_project_actions_and_the_latest_report(
    org, project, coordinator, frozen
):
    unit = org["a"]
    late = dt.date(2026, 6, 1)
    linked = [
        _action(coordinator, unit, "Régler les brûleurs", late, ["start", "complete"]),
        _action(coordinator, unit, "Sous-compteurs", late, ["start"]),
        _action(coordinator, unit, "Échangeur", dt.date(2026, 9, 1)),
        _action(coordinator, unit, "Abandonnée", late, ["cancel"]),
    ]
    _action(coordinator, unit, "Autre projet", late)
    for action in linked:
        action_link(action=action, record=project, user=coordinator)
    Milestone.objects.create(project=project, name="Audit", planned_on=dt.date(2026, 6, 1))
    StatusReport.objects.create(
        project=project, reported_on=dt.date(2026, 5, 1), weather="on_track", progress=30
    )
    StatusReport.objects.create(
        project=project, reported_on=dt.date(2026, 6, 1), weather="late", progress=40
    )
    board = figures.dashboard(project, TODAY)
    assert (board.actions.progress.done, board.actions.progress.total) == (1, 3)
    assert board.actions.overdue == 1
    assert (board.milestones.done, board.milestones.total) == (0, 1)
    assert [m.name for m in board.overdue_milestones] == ["Audit"]
    assert (board.latest_report.weather, board.latest_report.progress) == ("late", 40)


def test_projects_running_on_a_day(org, coordinator, frozen):
    def moved(project, *steps, **fields):
        for step in steps:
            services.record_transition(record=project, user=coordinator, name=step, comment="x")
        Project.objects.filter(pk=project.pk).update(**fields)
        return project

    unit = org["a"]
    running = moved(make_project(coordinator, unit), "start")
    moved(make_project(coordinator, unit), "start", start_date=dt.date(2026, 7, 1))
    closed = moved(
        make_project(coordinator, unit, results_achieved="OK"),
        "start",
        "close",
        actual_end=dt.date(2026, 3, 31),
    )
    make_project(coordinator, unit)  # proposed
    moved(make_project(coordinator, unit), "start", "hold")
    everything = Project.objects.all()
    assert set(figures.running_on(everything, dt.date(2026, 3, 31))) == {running, closed}
    assert set(figures.running_on(everything, dt.date(2026, 4, 1))) == {running}
    assert set(figures.running_on(everything, dt.date(2026, 1, 4))) == set()


def test_lessons_recorded_in_a_period(org, coordinator, frozen):
    for day in (dt.date(2026, 2, 28), dt.date(2026, 3, 1), dt.date(2026, 3, 31)):
        make_lesson(coordinator, org["a"], f"Leçon {day}", recorded_on=day)
    march = figures.lessons_recorded(Lesson.objects.all(), dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    assert sorted(march.values_list("title", flat=True)) == [
        "Leçon 2026-03-01",
        "Leçon 2026-03-31",
    ]


def test_similar_lessons_are_ranked_by_text_and_scoped(org, coordinator, manager, frozen):
    project = make_project(
        coordinator,
        org["a"],
        title="Récupération de chaleur du four",
        objective="Récupérer la chaleur des fumées du four de peinture",
    )
    close = make_lesson(
        coordinator,
        org["a"],
        "Récupération de chaleur des fumées",
        keywords="four, fumées",
        recommendation="Mesurer les fumées du four avant de dimensionner",
    )
    shared = make_lesson(
        coordinator, org["root"], "Chaleur du four récupérée", recommendation="Récupérer"
    )
    make_lesson(coordinator, org["b"], "Récupération de chaleur du four", recommendation="B")
    make_lesson(coordinator, org["a"], "Tri des déchets métalliques", recommendation="Bacs")
    make_lesson(coordinator, org["a"], "Ancienne", project=project, recommendation="chaleur")
    found = figures.similar_lessons(project, manager)
    assert [lesson for lesson, _score in found] == [close, shared]
    text = project.search_text()
    assert [score for _lesson, score in found] == [
        round(similarity(text, lesson.search_text()) * 100) for lesson in (close, shared)
    ]
