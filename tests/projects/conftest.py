"""Projects of the tests: one of site A built through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from amelio.core import services
from amelio.projects.models import BudgetLine, Lesson, Project

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def make_project(user, unit, **fields) -> Project:
    values = {
        "title": "Réduction de la consommation de gaz des fours",
        "objective": "Réduire de 10 % le gaz du four de polymérisation",
        "domain": "energy",
        "start_date": dt.date(2026, 1, 5),
        "planned_end": dt.date(2026, 12, 18),
        **fields,
    }
    project = Project(org_unit=unit, **values)
    services.record_create(record=project, user=user)
    return project


def make_lesson(user, unit, title: str, **fields) -> Lesson:
    values = {"domain": "energy", "recommendation": "Recommandation", **fields}
    lesson = Lesson(org_unit=unit, title=title, **values)
    services.record_create(record=lesson, user=user)
    return lesson


def budget_line(project, label, category, planned, committed, actual) -> BudgetLine:
    return BudgetLine.objects.create(
        project=project,
        label=label,
        category=category,
        planned=Decimal(planned),
        committed=Decimal(committed),
        actual=Decimal(actual),
    )


@pytest.fixture
def project(org, coordinator, frozen):
    return make_project(coordinator, org["a"])
