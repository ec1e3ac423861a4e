"""Decisions made into actions linked to the meeting, pre-filled from the decision; the
agenda prepared from the previous meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from amelio.actions.models import ActionLink
from amelio.reviews import services_meetings as services
from amelio.reviews.models import AgendaItem, Decision
from tests.reviews.meetings.helpers import meeting


def test_defaults_come_from_the_decision(org, coordinator, manager):
    record = meeting(org["a"], coordinator, "2026-03-12")
    item = AgendaItem.objects.create(meeting=record, title="Chariots", presenter=manager)
    on_item = Decision.objects.create(meeting=record, item=item, text="Refaire  le\nmarquage")
    general = Decision.objects.create(meeting=record, text="Prochain comité le 9 avril")
    assert services.action_defaults(on_item) == {
        "title": "Refaire le marquage",
        "owner": manager,
        "due_date": dt.date(2026, 4, 11),
    }
    assert services.action_defaults(general)["owner"] == coordinator


def test_a_decision_becomes_an_action_linked_to_the_meeting(org, coordinator, manager):
    record = meeting(org["a_dept"], coordinator, "2026-03-12")
    decision = Decision.objects.create(meeting=record, text="Refaire le marquage au sol")
    action = services.decision_to_action(
        decision=decision,
        user=coordinator,
        title="Marquage allée 3",
        owner=manager,
        due_date=dt.date(2026, 4, 30),
    )
    assert (action.title, action.owner, action.org_unit, action.due_date, action.action_type) == (
        "Marquage allée 3",
        manager,
        org["a_dept"],
        dt.date(2026, 4, 30),
        "improvement",
    )
    assert record.reference in action.description
    link = ActionLink.objects.get(action=action)
    assert (link.target, link.role) == (record, "improvement")
    assert Decision.objects.get(pk=decision.pk).action == action
    assert list(services.linked_actions(record)) == [action]

    with pytest.raises(ValidationError):
        services.decision_to_action(
            decision=decision,
            user=coordinator,
            title="",
            owner=manager,
            due_date=dt.date(2026, 4, 30),
        )
    assert ActionLink.objects.count() == 1


def test_make_it_an_action_page(org, coordinator, manager, client_for):
    record = meeting(org["a"], coordinator, "2026-03-12")
    decision = Decision.objects.create(meeting=record, text="Acheter deux extincteurs CO2")
    client = client_for(manager)
    url = f"/reviews/meetings/{record.pk}/decisions/{decision.pk}/action/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Acheter deux extincteurs CO2"' in page.content.decode()
    response = client.post(
        url, {"title": "Acheter deux extincteurs", "owner": manager.pk, "due_date": "2026-04-15"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.action.title == "Acheter deux extincteurs"
    detail = client.get(f"/reviews/meetings/{record.pk}/").content.decode()
    assert decision.action.reference in detail


def test_agenda_from_the_previous_meeting(org, coordinator, manager):
    january = meeting(org["a"], coordinator, "2026-01-15")
    AgendaItem.objects.create(
        meeting=january,
        order=1,
        title="Accidents",
        presenter=manager,
        duration_minutes=10,
        notes="RAS",
    )
    AgendaItem.objects.create(meeting=january, order=2, title="Indicateurs", duration_minutes=20)
    march = meeting(org["a"], coordinator, "2026-03-12")
    AgendaItem.objects.create(meeting=march, order=1, title="Tour de table")

    assert services.agenda_from_previous(meeting=march, user=coordinator) == 2
    assert [
        (i.order, i.title, i.presenter, i.duration_minutes, i.notes) for i in march.agenda.all()
    ] == [
        (1, "Tour de table", None, None, ""),
        (2, "Accidents", manager, 10, ""),
        (3, "Indicateurs", None, 20, ""),
    ]
    with pytest.raises(ValidationError):
        services.agenda_from_previous(meeting=january, user=coordinator)


def test_parts_pages_save_the_agenda_and_decisions(org, coordinator, client_for):
    record = meeting(org["a"], coordinator, "2026-03-12")
    client = client_for(coordinator)
    assert client.get(f"/reviews/meetings/{record.pk}/agenda/").status_code == 200
    response = client.post(
        f"/reviews/meetings/{record.pk}/agenda/",
        {
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-order": "1",
            "agenda-0-title": "Accidents du mois",
            "agenda-0-notes": "Un presque-accident au quai 2.",
        },
    )
    assert response.status_code == 302
    item = record.agenda.get()
    response = client.post(
        f"/reviews/meetings/{record.pk}/decisions/",
        {
            "decisions-TOTAL_FORMS": "1",
            "decisions-INITIAL_FORMS": "0",
            "decisions-0-item": str(item.pk),
            "decisions-0-text": "Baliser le quai 2",
        },
    )
    assert response.status_code == 302
    assert [(d.item, d.text) for d in record.decisions.all()] == [(item, "Baliser le quai 2")]
    response = client.post(
        f"/reviews/meetings/{record.pk}/attendance/",
        {
            "attendance-TOTAL_FORMS": "1",
            "attendance-INITIAL_FORMS": "0",
            "attendance-0-user": str(coordinator.pk),
            "attendance-0-presence": "present",
        },
    )
    assert response.status_code == 302
    assert list(record.attendances.values_list("user", "presence")) == [(coordinator.pk, "present")]
