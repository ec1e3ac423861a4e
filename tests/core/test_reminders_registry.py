"""Every module's reminders go through one registry: `amelio remind` and the Celery task run
them all, for one fixed moment, without importing the modules."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from amelio.core import registry
from amelio.core.registry import Reminder, ReminderReport


@pytest.fixture
def registered():
    """The registry as it was, put back after the test."""
    saved = list(registry.reminders)
    yield registry.reminders
    registry.reminders[:] = saved


@pytest.fixture
def spy(registered):
    """A module's reminder that records how it was run, beside the real ones."""
    calls = []

    def run(*, now, dry_run, options):
        calls.append((now, dry_run, options.get("days")))
        return ReminderReport(
            sent=(("spy@example.com", "Spy subject"),), summary="Spy: 1", data={"spied": 1}
        )

    registry.add_reminder(Reminder("tests.spy", run, order=99))
    return calls


def test_the_registry_holds_each_modules_reminder():
    keys = [reminder.key for reminder in registry.reminders]
    assert keys[:2] == ["actions", "safety.declarations"]
    assert registry.reminders[0].add_arguments is not None


def test_remind_dry_run_runs_them_all_for_one_moment(db, spy, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    with translation.override("en"):
        call_command("remind", "--today", "2026-12-04", "--dry-run", "--days", "3", stdout=out)
    now = timezone.make_aware(dt.datetime(2026, 12, 4, 8))
    assert spy == [(now, True, 3)]
    lines = out.getvalue().splitlines()
    assert "spy@example.com: Spy subject" in lines
    assert lines[-2].startswith("Dry run, nothing sent. E-mails: 0; actions: 0")
    assert lines[-1] == "Spy: 1"
    assert mail.outbox == []


def test_the_celery_task_runs_every_reminder(db, spy):
    from amelio.core.tasks import send_reminders

    result = send_reminders.apply(kwargs={"today": "2026-12-04"}).get()
    assert set(result) == {
        "actions",
        "safety.declarations",
        "compliance.evaluations",
        "compliance.inspections",
        "documents.library",
        "documents.retention",
        "training.competences",
        "training.sessions",
        "suppliers.evaluations",
        "riskanalysis.controls",
        "tests.spy",
    }
    assert result["tests.spy"] == {"spied": 1}
    assert result["safety.declarations"] == {"declarations": 0}
    assert result["compliance.evaluations"] == {"evaluations": 0}
    assert spy[0][:2] == (timezone.make_aware(dt.datetime(2026, 12, 4, 8)), False)


def test_adding_a_reminder_again_replaces_it(registered):
    registry.add_reminder(Reminder("x", run=None))
    registry.add_reminder(Reminder("x", run=print))
    assert [r.run for r in registry.reminders if r.key == "x"] == [print]
