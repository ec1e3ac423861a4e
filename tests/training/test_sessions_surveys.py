"""The surveys of a training session answered on a phone: the signed link that needs no login,
answered once, a changed or expired link, a survey not open yet, the measures the session
publishes, "my surveys to answer", the links page, and the reminder of the effectiveness
survey."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from amelio.core import services as core
from amelio.training import reminders_sessions, services
from amelio.training.evaluations import make_token
from amelio.training.models import SessionEvaluation, TrainingSession
from tests.training.session_helpers import attend, make_session, person

PARIS = ZoneInfo("Europe/Paris")
# The session is on Tuesday 10 March 2026; its satisfaction survey is open until 9 April,
# its effectiveness survey (after 8 weeks) from 5 May to 4 June.
SESSION_DAY = dt.datetime(2026, 3, 10, 17, 0, tzinfo=PARIS)
HOT = [4, 3, 4, 3, 4]
HOT_OTHER = [2, 3, 3, 2, 3]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def held(org, manager, employee):
    """A held session on 10 March: Karim and the employee present, Nadia absent."""
    manager.email = "manager@example.com"
    manager.save()
    with time_machine.travel(SESSION_DAY, tick=False):
        karim = person("kbenali", "Karim", "Benali", org["a_unit"], email="karim@example.com")
        nadia = person("nfaure", "Nadia", "Faure", org["a_unit"])
        session = make_session(org["a"], manager, owner=manager)
        rows = attend(
            session,
            [karim, nadia, employee],
            manager,
            kbenali=(True, None),
            nfaure=(False, None),
            employee=(True, None),
        )
        core.record_transition(record=session, user=manager, name="hold")
    return {"session": session, "karim": rows[0], "nadia": rows[1], "employee": rows[2]}


def _answers(scores: list[int], comment: str = "") -> dict:
    return {**{f"q{i}": str(s) for i, s in enumerate(scores, start=1)}, "comment": comment}


def _url(attendance, kind: str) -> str:
    return f"/training/survey/{make_token(attendance, kind)}/"


def test_the_link_opens_the_survey_without_a_login_and_is_answered_once(client, held):
    url = _url(held["karim"], "hot")
    with time_machine.travel(SESSION_DAY, tick=False):
        page = client.get(url)
        assert page.status_code == 200
        first = page.context["form"].question_fields[0]
        assert str(first.label) == "The content met my expectations."
        thanks = client.post(url, _answers(HOT, "Très concret."))
        assert thanks.context["code"] == "thanks"
        again = client.post(url, _answers([1, 1, 1, 1, 1]))
    assert again.status_code == 409
    assert again.context["code"] == "answered"
    evaluation = SessionEvaluation.objects.get()
    assert (evaluation.scores, evaluation.comment, evaluation.answered_by) == (
        HOT,
        "Très concret.",
        None,
    )
    session = TrainingSession.objects.get(pk=held["session"].pk)
    assert (session.satisfaction_average, session.hot_answers) == (Decimal("3.60"), 1)


def test_the_satisfaction_average_weighs_every_score_alike(held):
    with time_machine.travel(SESSION_DAY, tick=False):
        today = SESSION_DAY.date()
        services.evaluation_submit(attendance=held["karim"], kind="hot", scores=HOT, today=today)
        services.evaluation_submit(
            attendance=held["employee"], kind="hot", scores=HOT_OTHER, today=today
        )
    session = TrainingSession.objects.get(pk=held["session"].pk)
    # (18 + 13) / 10 scores
    assert (session.satisfaction_average, session.hot_answers) == (Decimal("3.10"), 2)


def test_the_effectiveness_rate_counts_the_answers_of_mean_three_or_more(held):
    opens = dt.date(2026, 5, 5)
    with pytest.raises(ValidationError) as early:
        services.evaluation_submit(
            attendance=held["karim"],
            kind="cold",
            scores=[4, 4, 4, 4],
            today=opens - dt.timedelta(days=1),
        )
    assert early.value.code == "not_yet"
    services.evaluation_submit(
        attendance=held["karim"], kind="cold", scores=[3, 3, 3, 2], today=opens
    )
    services.evaluation_submit(
        attendance=held["employee"], kind="cold", scores=[3, 3, 3, 3], today=opens
    )
    session = TrainingSession.objects.get(pk=held["session"].pk)
    # 2.75 is not effective, 3.00 is: one answer in two.
    assert (session.effectiveness_rate, session.cold_answers) == (Decimal("50.0"), 2)


def test_an_incomplete_answer_saves_nothing(client, held):
    with time_machine.travel(SESSION_DAY, tick=False):
        response = client.post(_url(held["karim"], "hot"), _answers([4, 4, 4]))
    assert response.status_code == 422
    assert "Choose an answer." in response.content.decode()
    assert SessionEvaluation.objects.count() == 0
    with pytest.raises(ValidationError) as error:
        services.evaluation_submit(
            attendance=held["karim"], kind="hot", scores=[4, 4, 4, 4, 5], today=SESSION_DAY.date()
        )
    assert error.value.messages == ["Answer every question with a score from 1 to 4."]
    assert SessionEvaluation.objects.count() == 0


def test_a_changed_link_an_expired_one_and_one_not_open_yet_say_so(client, held):
    token = make_token(held["karim"], "hot")
    with time_machine.travel(SESSION_DAY, tick=False):
        changed = client.get(f"/training/survey/{token[:-2]}xy/")
        not_yet = client.get(_url(held["karim"], "cold"))
    assert (changed.status_code, changed.context["code"]) == (404, "invalid")
    assert not_yet.context["code"] == "not_yet"
    assert "This survey opens on May 5, 2026." in not_yet.content.decode()
    with time_machine.travel(dt.datetime(2026, 4, 10, 9, 0, tzinfo=PARIS), tick=False):
        expired = client.get(f"/training/survey/{token}/")
    assert (expired.status_code, expired.context["code"]) == (410, "expired")
    assert SessionEvaluation.objects.count() == 0


def test_an_absent_attendee_has_no_survey(client, held):
    with time_machine.travel(SESSION_DAY, tick=False):
        page = client.get(_url(held["nadia"], "hot"))
        with pytest.raises(ValidationError):
            services.evaluation_submit(
                attendance=held["nadia"], kind="hot", scores=HOT, today=SESSION_DAY.date()
            )
    assert page.context["code"] == "unavailable"
    assert SessionEvaluation.objects.count() == 0


def test_my_surveys_lists_what_the_person_has_to_answer(held, employee, client_for):
    client = client_for(employee)
    with time_machine.travel(SESSION_DAY, tick=False):
        rows = client.get("/training/my-surveys/").context["rows"]
        assert [(r["attendance"].pk, r["kind"], r["closes"]) for r in rows] == [
            (held["employee"].pk, "hot", dt.date(2026, 4, 9))
        ]
        client.post(rows[0]["url"], _answers(HOT))
        assert client.get("/training/my-surveys/").context["rows"] == []
    assert SessionEvaluation.objects.get().answered_by == employee
    with time_machine.travel(dt.datetime(2026, 5, 5, 9, 0, tzinfo=PARIS), tick=False):
        rows = client.get("/training/my-surveys/").context["rows"]
    assert [(r["kind"], r["closes"]) for r in rows] == [("cold", dt.date(2026, 6, 4))]


def test_the_links_page_gives_each_person_present_their_links(held, manager, client_for):
    with time_machine.travel(SESSION_DAY, tick=False):
        page = client_for(manager).get(f"/training/sessions/{held['session'].pk}/survey-links/")
    assert page.status_code == 200
    rows = page.context["rows"]
    # By last name (the employee has none).
    assert [r["attendance"].person.username for r in rows] == ["employee", "kbenali"]
    assert [link["kind"] for link in rows[1]["links"]] == ["hot", "cold"]
    assert rows[1]["links"][0]["url"].startswith("http://testserver/training/survey/")
    assert rows[1]["links"][0]["qr"].startswith("<svg")


def test_the_session_page_shows_the_results_of_each_survey(held, manager, client_for):
    with time_machine.travel(SESSION_DAY, tick=False):
        today = SESSION_DAY.date()
        services.evaluation_submit(
            attendance=held["karim"], kind="hot", scores=HOT, comment="Bien.", today=today
        )
        page = client_for(manager).get(f"/training/sessions/{held['session'].pk}/")
    hot, cold = page.context["surveys"]
    assert (hot["kind"], hot["answers"], hot["expected"], hot["state"]) == ("hot", 1, 2, "open")
    assert [q["average"] for q in hot["questions"]] == [Decimal(s) for s in HOT]
    assert [e.comment for e in hot["comments"]] == ["Bien."]
    assert (cold["answers"], cold["state"]) == (0, "not_yet")


def test_the_effectiveness_survey_is_sent_when_it_opens(held, settings, mailoutbox):
    settings.AMELIO_BASE_URL = "https://amelio.example"
    opens = dt.datetime(2026, 5, 5, 7, 0, tzinfo=PARIS)
    report = reminders_sessions.remind(now=opens, dry_run=False, options={})
    # Karim has an e-mail; the employee has none: the organiser is told to hand the link.
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["karim@example.com"], "Amelio: what has “Gestes et postures” changed for you?"),
        (["manager@example.com"], "Amelio: 1 training session to follow up"),
    ]
    assert "https://amelio.example/training/survey/" in mailoutbox[0].body
    assert "The link is yours; it works until 06/04/2026." in mailoutbox[0].body
    assert "No e-mail, give them their link: Employee" in mailoutbox[1].body
    assert report.data == {"sessions": 2}
    # The day after, nothing; a reminder delay later, the attendee is reminded.
    assert reminders_sessions.messages_for(opens + dt.timedelta(days=1)) == []
    later = opens + dt.timedelta(days=settings.AMELIO_REMINDER_DAYS)
    assert [m.subject for m in reminders_sessions.messages_for(later)] == [
        "Reminder: Amelio: what has “Gestes et postures” changed for you?"
    ]
