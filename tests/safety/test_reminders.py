"""The 48-hour declaration reminders: who gets them, when, in which language, and that a
declared accident or a near miss is never reminded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from amelio.core.services import record_create
from amelio.safety.models import SafetyEvent
from amelio.safety.reminders import declarations_due, run_declaration_reminders

# Wednesday 2 December 2026, 10:00 Paris time.
ACCIDENT = timezone.make_aware(dt.datetime(2026, 12, 2, 10))


@pytest.fixture
def accident(org, coordinator, manager):
    coordinator.email = "claire@example.com"
    coordinator.language = "fr"
    coordinator.save()
    manager.email = "julien@example.com"
    manager.language = "en"
    manager.save()
    event = SafetyEvent(
        title="Chute dans l'escalier",
        event_type="lost_time",
        occurred_at=ACCIDENT,
        org_unit=org["a_unit"],
        description="Glissade sur une marche mouillée.",
        owner=manager,
    )
    return record_create(record=event, user=coordinator)


def test_reminded_within_a_day_of_the_deadline(accident):
    # Due Friday 4 December at 10:00.
    assert declarations_due(ACCIDENT + dt.timedelta(hours=12)) == []
    due = declarations_due(ACCIDENT + dt.timedelta(hours=30))
    assert [d.event for d in due] == [accident]
    assert timezone.localtime(due[0].due).replace(tzinfo=None) == dt.datetime(2026, 12, 4, 10)


def test_the_lead_and_the_coordinators_get_one_mail_each_in_their_language(accident):
    sent = run_declaration_reminders(now=ACCIDENT + dt.timedelta(hours=30))
    assert sorted(sent) == [
        ("claire@example.com", "Amelio\u00a0: 1 accident à déclarer"),
        ("julien@example.com", "Amelio: 1 accident to declare"),
    ]
    english = next(m for m in mail.outbox if m.to == ["julien@example.com"])
    assert f"{accident.reference} Chute dans l'escalier" in english.body
    assert f"/safety/events/{accident.pk}/" in english.body
    assert "due by" in english.body


def test_declared_accidents_and_near_misses_are_not_reminded(accident, org, coordinator):
    near_miss = SafetyEvent(
        title="Near miss",
        event_type="near_miss",
        occurred_at=ACCIDENT,
        org_unit=org["a"],
        description="Nothing happened.",
    )
    record_create(record=near_miss, user=coordinator)
    accident.declared_on = dt.date(2026, 12, 3)
    accident.save()
    assert run_declaration_reminders(now=ACCIDENT + dt.timedelta(hours=47)) == []
    assert mail.outbox == []


def test_the_remind_command_sends_them_too(accident):
    from io import StringIO

    out = StringIO()
    call_command("remind", "--today", "2026-12-04", "--dry-run", stdout=out)
    assert "julien@example.com: Amelio: 1 accident to declare" in out.getvalue()
    assert mail.outbox == []
