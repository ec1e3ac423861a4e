"""Competences: expiry and status of a skill held, renewals, the qualifications of people
against what their jobs, work units and processes require."""

from __future__ import annotations

import datetime as dt

import time_machine

from amelio.core import services
from amelio.training import competences
from amelio.training.models import PersonSkill, Skill

NOON = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def _skill(org, coordinator, **extra) -> Skill:
    values = {
        "code": "CACES-R489-3",
        "name": "CACES R489 catégorie 3",
        "kind": "authorisation",
        "validity_months": 60,
        "levels_used": False,
        "reminder_days": 90,
    }
    values.update(extra)
    skill = Skill(org_unit=org["root"], **values)
    return services.record_create(record=skill, user=coordinator)


@time_machine.travel(NOON, tick=False)
def test_record_acquired_records_then_renews(db, org, coordinator, employee):
    skill = _skill(org, coordinator)
    first = competences.record_acquired(
        person=employee, skill=skill, obtained_on=dt.date(2021, 9, 1), user=coordinator
    )
    assert (first.obtained_on, first.expires_on, first.held_since) == (
        dt.date(2021, 9, 1),
        dt.date(2026, 9, 1),
        dt.date(2021, 9, 1),
    )
    assert first.status == "expiring"
    assert first.org_unit == org["a"]
    assert first.created_by == coordinator
    renewed = competences.record_acquired(
        person=employee, skill=skill, obtained_on=dt.date(2026, 6, 10), user=coordinator
    )
    assert renewed.pk == first.pk
    assert (renewed.obtained_on, renewed.expires_on, renewed.held_since, renewed.status) == (
        dt.date(2026, 6, 10),
        dt.date(2031, 6, 10),
        dt.date(2021, 9, 1),
        "valid",
    )
    assert PersonSkill.objects.count() == 1
