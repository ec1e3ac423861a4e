"""`amelio remind`: who gets which e-mail, with which subject, items and language.

The run is pinned to TODAY with --today; N = 7 days ahead, escalation after M = 14 days late.
Owners: "employee" (French), "coordinator" (English); both report to "manager" (English), who
gets the escalations. French text comes from the catalogue when it has it, so French subjects
are built here with the same msgids, and the French check relies on Django's own month names
and the statuses already translated.
"""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from amelio.actions.models import Action
from amelio.actions.reminders import (
    Digest,
    Item,
    digest_subject,
    open_actions_due,
    plan_reminders,
    recipient_language,
    run_reminders,
)

TODAY = dt.date(2026, 3, 10)
BASE_URL = "https://qse.example.com"
REFERENCE = re.compile(r"ACT-\d{4}-\d{4}")


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def make_action(owner, unit, due: dt.date, title: str = "Guard the press", **extra) -> Action:
    return Action.objects.create(
        title=title, org_unit=unit, owner=owner, due_date=due, action_type="improvement", **extra
    )


def set_profile(user, *, language: str, email: str = "", manager=None):
    user.language = language
    user.email = email or f"{user.username}@example.com"
    user.manager = manager
    user.save()
    return user


@pytest.fixture(autouse=True)
def _reminder_settings(settings):
    settings.AMELIO_BASE_URL = BASE_URL + "/"
    settings.AMELIO_REMINDER_DAYS = 7
    settings.AMELIO_ESCALATION_DAYS = 14
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def team(org, manager, employee, coordinator):
    """employee (fr) and coordinator (en) report to manager (en)."""
    boss = set_profile(manager, language="en")
    return {
        "boss": boss,
        "fr": set_profile(employee, language="fr", manager=boss),
        "en": set_profile(coordinator, language="en", manager=boss),
    }


@pytest.fixture
def actions(org, team):
    """Open actions that must be reminded, and others that must not."""
    unit, fr, en = org["a"], team["fr"], team["en"]
    listed = {
        "fr_late_20": make_action(fr, unit, day(-20), "Fix the guard & rail"),
        "fr_late_3": make_action(fr, unit, day(-3), status="in_progress"),
        "fr_soon_5": make_action(fr, unit, day(5), status="not_effective"),
        "en_today": make_action(en, unit, day(0)),
        "en_late_15": make_action(en, unit, day(-15)),
        "en_late_14": make_action(en, unit, day(-14)),
    }
    ignored = {
        "far_future": make_action(fr, unit, day(8)),
        "verified": make_action(fr, unit, day(-30), status="verified"),
        "cancelled": make_action(en, unit, day(-30), status="cancelled"),
        "done": make_action(en, unit, day(-30), status="done"),
        "archived": make_action(fr, unit, day(-30), archived_at=timezone.now()),
    }
    return {**listed, **ignored}


def refs(actions, *names) -> list[str]:
    return [actions[name].reference for name in names]


def run(*args: str) -> str:
    """The command's summary, read in English (the e-mails follow each recipient's language)."""
    out = StringIO()
    with translation.override("en"):
        call_command("remind", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def by_recipient() -> dict[str, mail.EmailMultiAlternatives]:
    return {message.to[0]: message for message in mail.outbox}


def html_of(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def french_subject(overdue: int, due: int) -> str:
    """The French owner's subject, from the same msgids as the code."""
    with translation.override("fr"):
        parts = [
            ngettext("%(count)d action overdue", "%(count)d actions overdue", overdue)
            % {"count": overdue},
            ngettext(
                "%(count)d action due within %(period)s",
                "%(count)d actions due within %(period)s",
                due,
            )
            % {"count": due, "period": ngettext("%(days)d day", "%(days)d days", 7) % {"days": 7}},
        ]
        return gettext("Amelio: %(summary)s") % {"summary": ", ".join(parts)}


def test_recipients_subjects_and_languages(actions, team):
    output = run()

    assert [message.to for message in mail.outbox] == [
        ["coordinator@example.com"],
        ["employee@example.com"],
        ["manager@example.com"],
    ]
    sent = by_recipient()
    assert sent["coordinator@example.com"].subject == (
        "Amelio: 2 actions overdue, 1 action due within 7 days"
    )
    assert sent["employee@example.com"].subject == french_subject(overdue=2, due=1)
    assert sent["manager@example.com"].subject == (
        "Amelio: 2 actions of your team overdue by more than 14 days"
    )
    assert {to: m.extra_headers["Content-Language"] for to, m in sent.items()} == {
        "coordinator@example.com": "en",
        "employee@example.com": "fr",
        "manager@example.com": "en",
    }
    assert output.strip().endswith(
        "E-mails sent: 3; actions: 6 (escalated: 2); "
        "users skipped (no e-mail address or inactive): 0."
    )


def test_owner_digest_items_most_late_first(actions, team):
    run()
    sent = by_recipient()

    assert REFERENCE.findall(sent["employee@example.com"].body) == refs(
        actions, "fr_late_20", "fr_late_3", "fr_soon_5"
    )
    assert REFERENCE.findall(sent["coordinator@example.com"].body) == refs(
        actions, "en_late_15", "en_late_14", "en_today"
    )


def test_owner_digest_lines_in_english(actions, team):
    run()
    body = by_recipient()["coordinator@example.com"].body

    late = actions["en_late_15"]
    assert f"- {late.reference} Guard the press\n" in body
    assert "Due Feb. 23, 2026: 15 days late (Planned)\n" in body
    assert f"  {BASE_URL}/actions/actions/{late.pk}/\n" in body
    assert "Due March 10, 2026: today (Planned)\n" in body
    assert body.startswith("Hello Coordinator,\n")
    owner = actions["en_today"].owner_id
    assert f"All your actions: {BASE_URL}/actions/actions/?owner={owner}\n" in body


def test_owner_digest_in_french(actions, team):
    run()
    message = by_recipient()["employee@example.com"]

    # Django's French month names, and statuses from Amelio's catalogue.
    for text in ["18 février 2026", "7 mars 2026", "15 mars 2026", "Planifiée", "En cours"]:
        assert text in message.body
        assert text in html_of(message)
    assert "February" not in message.body


def test_plain_text_is_not_html_escaped_and_html_is(actions, team):
    run()
    message = by_recipient()["employee@example.com"]

    assert "Fix the guard & rail" in message.body
    assert "Fix the guard &amp; rail" in html_of(message)
    late = actions["fr_late_20"]
    assert f'<a href="{BASE_URL}/actions/actions/{late.pk}/">{late.reference}</a>' in html_of(
        message
    )


def test_escalation_lists_reports_actions_grouped_by_owner(actions, team):
    run()
    message = by_recipient()["manager@example.com"]

    assert REFERENCE.findall(message.body) == refs(actions, "fr_late_20", "en_late_15")
    # Grouped under each owner, in order of the most late action.
    assert message.body.index("Employee <employee@example.com>") < message.body.index(
        actions["fr_late_20"].reference
    )
    assert message.body.index("Coordinator <coordinator@example.com>") < message.body.index(
        actions["en_late_15"].reference
    )
    assert "overdue by more than 14 days:" in message.body
    assert "Due Feb. 18, 2026: 20 days late (Planned)" in message.body


def test_escalation_only_beyond_the_limit(actions, team):
    run("--escalate-after", "15")

    message = by_recipient()["manager@example.com"]
    assert REFERENCE.findall(message.body) == refs(actions, "fr_late_20")
    assert message.subject == "Amelio: 1 action of your team overdue by more than 15 days"

    mail.outbox.clear()
    run("--escalate-after", "20")
    assert "manager@example.com" not in by_recipient()
    assert len(mail.outbox) == 2


def test_escalation_in_the_managers_language(actions, team):
    set_profile(team["boss"], language="fr")
    run()

    message = by_recipient()["manager@example.com"]
    assert message.extra_headers["Content-Language"] == "fr"
    assert "18 février 2026" in message.body


def test_days_option_widens_the_window(actions, team):
    run("--days", "8")

    body = by_recipient()["employee@example.com"].body
    assert REFERENCE.findall(body) == refs(
        actions, "fr_late_20", "fr_late_3", "fr_soon_5", "far_future"
    )


def test_days_zero_says_due_today(actions, team):
    run("--days", "0")

    assert by_recipient()["coordinator@example.com"].subject == (
        "Amelio: 2 actions overdue, 1 action due today"
    )


def test_users_without_email_are_skipped_and_counted(org, actions, team, reader):
    make_action(reader, org["a"], day(-30))
    team["boss"].email = ""
    team["boss"].save()

    output = run()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "coordinator@example.com",
        "employee@example.com",
    ]
    assert "users skipped (no e-mail address or inactive): 2." in output


def test_inactive_owner_gets_nothing(actions, team):
    team["en"].is_active = False
    team["en"].save()

    output = run()

    assert [message.to[0] for message in mail.outbox] == [
        "employee@example.com",
        "manager@example.com",
    ]
    assert REFERENCE.findall(by_recipient()["manager@example.com"].body) == refs(
        actions, "fr_late_20"
    )
    assert "E-mails sent: 2; actions: 3 (escalated: 1)" in output


def test_dry_run_sends_nothing(actions, team):
    output = run("--dry-run")

    assert mail.outbox == []
    assert "coordinator@example.com: Amelio: 2 actions overdue, 1 action due within 7 days\n" in (
        output
    )
    assert "Dry run, nothing sent. E-mails: 3; actions: 6 (escalated: 2)" in output


def test_running_twice_sends_the_same_emails(actions, team):
    run()
    first = [(m.to, m.subject, m.body) for m in mail.outbox]
    mail.outbox.clear()
    run()
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == first


def test_no_open_action_no_email(org, team):
    make_action(team["fr"], org["a"], day(30))

    output = run()

    assert mail.outbox == []
    assert "E-mails sent: 0; actions: 0" in output


def test_one_query_for_the_whole_run(actions, team, django_assert_num_queries):
    with django_assert_num_queries(1):
        summary = run_reminders(today=TODAY, days=7, escalate_after=14)
    assert summary.emails == 3


def test_selection_is_the_open_actions_in_the_window(actions):
    selected = list(open_actions_due(TODAY, 7))
    assert [a.reference for a in selected] == refs(
        actions, "fr_late_20", "en_late_15", "en_late_14", "fr_late_3", "en_today", "fr_soon_5"
    )


def test_plan_without_database(org, team):
    """plan_reminders works on actions in memory: lateness and escalation are arithmetic."""
    owner = team["en"]
    late = Action(pk=1, reference="ACT-2026-0001", owner=owner, due_date=day(-15))
    soon = Action(pk=2, reference="ACT-2026-0002", owner=owner, due_date=day(2))

    plan = plan_reminders([late, soon], today=TODAY, escalate_after=14)

    assert [(d.recipient, d.escalation) for d in plan.digests] == [
        (owner, False),
        (team["boss"], True),
    ]
    assert [(i.action.pk, i.days_late) for i in plan.digests[0].items] == [(1, 15), (2, -2)]
    assert [i.action.pk for i in plan.digests[1].items] == [1]
    assert plan.skipped == []


def test_no_escalation_to_oneself(team):
    boss = team["boss"]
    boss.manager = boss
    late = Action(pk=1, reference="ACT-2026-0001", owner=boss, due_date=day(-30))

    plan = plan_reminders([late], today=TODAY, escalate_after=14)

    assert [(d.recipient, d.escalation) for d in plan.digests] == [(boss, False)]


@pytest.mark.parametrize(
    ("overdue", "due", "subject"),
    [
        (1, 0, "Amelio: 1 action overdue"),
        (0, 1, "Amelio: 1 action due within 7 days"),
        (3, 2, "Amelio: 3 actions overdue, 2 actions due within 7 days"),
    ],
)
def test_subject_plurals(team, overdue, due, subject):
    items = [Item(Action(due_date=day(-1)), 1) for _ in range(overdue)]
    items += [Item(Action(due_date=day(1)), -1) for _ in range(due)]
    with translation.override("en"):
        assert digest_subject(Digest(team["en"], items), 7, 14) == subject


def test_subject_with_one_day(team):
    with translation.override("en"):
        subject = digest_subject(Digest(team["en"], [Item(Action(), -1)]), 1, 14)
    assert subject == "Amelio: 1 action due within 1 day"


def test_language_falls_back_to_the_site_language(settings, team):
    team["en"].language = ""
    settings.LANGUAGE_CODE = "en"
    assert recipient_language(team["en"]) == "en"
    assert recipient_language(team["fr"]) == "fr"


@pytest.mark.parametrize("args", [["--days", "-1"], ["--escalate-after", "x"], ["--today", "x"]])
def test_bad_options_are_refused(db, args):
    with pytest.raises(CommandError):
        call_command("remind", *args)


def test_celery_task_runs_the_same_job(actions, team):
    from amelio.core.tasks import send_reminders

    result = send_reminders.apply(kwargs={"today": TODAY.isoformat()}).get()["actions"]

    assert (result["emails"], result["actions"], result["escalated"]) == (3, 6, 2)
    assert len(mail.outbox) == 3


def test_beat_runs_the_task_every_day_at_half_past_six():
    from amelio.celery import app

    entry = app.conf.beat_schedule["reminders"]
    assert entry["task"] == "amelio.core.send_reminders"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {30})
    assert entry["schedule"].day_of_week == set(range(7))
    assert str(app.conf.timezone) == "Europe/Paris"
