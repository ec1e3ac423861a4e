"""The life of a meeting: planned, held once minutes are written, minutes sent to the
attendees (each in their language), cancelled with a reason; closed minutes change no more."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from amelio.core.models import User
from amelio.core.services import record_transition
from amelio.reviews import services_meetings as services
from amelio.reviews.models import AgendaItem, Attendance, Decision
from tests.reviews.meetings.helpers import meeting

NOON = dt.datetime(2026, 3, 13, 12, tzinfo=dt.UTC)


def _person(username, email="", language=""):
    return User.objects.create_user(
        username=username, email=email, language=language, first_name=username.title()
    )


def test_a_meeting_is_numbered_and_planned(org, coordinator):
    with time_machine.travel(NOON, tick=False):
        record = meeting(org["a"], coordinator, "2026-03-12")
    assert record.reference == "MTG-2026-0001"
    assert record.status == "planned"


def test_held_needs_minutes(org, coordinator):
    record = meeting(org["a"], coordinator, "2026-03-12")
    with pytest.raises(ValidationError) as refused:
        record_transition(record=record, user=coordinator, name="hold")
    assert "compte rendu" in refused.value.messages[0]
    record.refresh_from_db()
    assert record.status == "planned"

    AgendaItem.objects.create(meeting=record, title="Accidents", notes="Aucun accident.")
    record = record_transition(record=record, user=coordinator, name="hold")
    assert record.status == "held"


def test_cancel_needs_a_reason(org, coordinator):
    record = meeting(org["a"], coordinator, "2026-03-12")
    with pytest.raises(ValidationError):
        record_transition(record=record, user=coordinator, name="cancel")
    record = record_transition(
        record=record, user=coordinator, name="cancel", comment="Audit client"
    )
    assert record.status == "cancelled"


@time_machine.travel(NOON, tick=False)
def test_sending_the_minutes_mails_each_attendee_in_their_language(org, coordinator):
    record = meeting(org["a"], coordinator, "2026-03-12", minutes="RAS", status="held")
    record.title = "Comité QSE de mars"
    record.save()
    french = _person("claire", "claire@example.org", "fr")
    english = _person("john", "john@example.org", "en")
    browser = _person("paul", "paul@example.org", "")
    no_mail = _person("nomail")
    for person, presence in [
        (french, "present"),
        (english, "excused"),
        (browser, "absent"),
        (no_mail, "present"),
    ]:
        Attendance.objects.create(meeting=record, user=person, presence=presence)

    record = record_transition(record=record, user=coordinator, name="send_minutes")

    assert record.status == "minutes_sent"
    assert record.minutes_sent_at == NOON
    sent = {m.to[0]: m for m in mail.outbox}
    assert sorted(sent) == ["claire@example.org", "john@example.org", "paul@example.org"]
    assert (
        sent["claire@example.org"].subject == "Compte rendu\u00a0: Comité QSE de mars du 12/03/2026"
    )
    assert (
        sent["paul@example.org"].subject == "Compte rendu\u00a0: Comité QSE de mars du 12/03/2026"
    )
    assert sent["john@example.org"].subject == "Minutes: Comité QSE de mars of 12/03/2026"
    assert f"/reviews/meetings/{record.pk}/" in sent["john@example.org"].body
    for message in mail.outbox:
        ((name, content, mimetype),) = message.attachments
        assert (name, mimetype) == (f"{record.reference}.pdf", "application/pdf")
        assert content.startswith(b"%PDF")


def test_minutes_sent_lock_the_parts(org, coordinator, client_for):
    record = meeting(org["a"], coordinator, "2026-03-12", minutes="RAS", status="held")
    item = AgendaItem.objects.create(meeting=record, title="Accidents")
    decision = Decision.objects.create(meeting=record, item=item, text="Refaire le marquage")
    record = record_transition(record=record, user=coordinator, name="send_minutes")

    with pytest.raises(ValidationError):
        services.agenda_from_previous(meeting=record, user=coordinator)
    with pytest.raises(ValidationError):
        services.decision_to_action(
            decision=decision,
            user=coordinator,
            title="x",
            owner=coordinator,
            due_date=dt.date(2026, 4, 1),
        )
    client = client_for(coordinator)
    data = {
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "1",
        "agenda-0-id": str(item.pk),
        "agenda-0-order": "1",
        "agenda-0-title": "Changed",
    }
    response = client.post(f"/reviews/meetings/{record.pk}/agenda/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Accidents"
    assert Decision.objects.get(pk=decision.pk).action is None


def test_state_names_in_french(org, coordinator):
    record = meeting(org["a"], coordinator, "2026-03-12")
    with translation.override("fr"):
        assert [str(label) for _name, label in record.workflow.choices()] == [
            "Planifiée",
            "Tenue",
            "Compte rendu envoyé",
            "Annulée",
        ]
