"""The minutes in PDF, French and English, and who reaches a meeting."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from amelio.reviews.models import AgendaItem, Attendance, Decision
from tests.reviews.meetings.helpers import action_of, meeting, pdf_text

pytest.importorskip("pypdf")
NOON = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)


def _minutes(org, coordinator, manager):
    january = meeting(org["a"], coordinator, "2026-01-15")
    action_of(january, manager, "Former les caristes", "2026-03-01", "in_progress")
    march = meeting(
        org["a"], coordinator, "2026-03-12", minutes="Séance levée à 11 h.", place="Salle Rhône"
    )
    march.title = "Comité QSE de mars"
    march.save()
    Attendance.objects.create(meeting=march, user=manager, presence="excused")
    item = AgendaItem.objects.create(
        meeting=march, title="Sécurité", notes="Deux presque-accidents."
    )
    decision = Decision.objects.create(meeting=march, item=item, text="Baliser le quai 2")
    decision.action = action_of(march, manager, "Balisage quai 2", "2026-04-30")
    decision.save()
    return march


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Compte rendu de réunion",
                "Excusé",
                "Actions de la réunion précédente",
                "En retard",
                "Décision",
                "Participants",
            ],
        ),
        (
            "en",
            [
                "Minutes of the meeting",
                "Excused",
                "Actions from the previous meeting",
                "Late",
                "Decision",
                "Attendance",
            ],
        ),
    ],
)
def test_minutes_pdf(org, coordinator, manager, client_for, language, expected):
    march = _minutes(org, coordinator, manager)
    response = client_for(manager).get(f"/reviews/meetings/{march.pk}/minutes.pdf?lang={language}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split()).lower()
    for words in [
        *expected,
        "Comité QSE de mars",
        "Former les caristes",
        "Baliser le quai 2",
        "Balisage quai 2",
        "Deux presque-accidents.",
        "Séance levée à 11 h.",
    ]:
        assert words.lower() in text, words


@time_machine.travel(NOON, tick=False)
def test_meeting_page_opens_with_the_previous_actions(org, coordinator, manager, client_for):
    march = _minutes(org, coordinator, manager)
    page = client_for(manager).get(f"/reviews/meetings/{march.pk}/").content.decode()
    assert page.index("Actions de la réunion précédente") < page.index("Salle Rhône")
    assert "Former les caristes" in page
    assert 'data-state="late"' in page


def test_another_sites_user_gets_404(org, coordinator, manager, outsider, client_for):
    march = _minutes(org, coordinator, manager)
    decision = march.decisions.get()
    client = client_for(outsider)
    for url in [
        f"/reviews/meetings/{march.pk}/",
        f"/reviews/meetings/{march.pk}/minutes.pdf",
        f"/reviews/meetings/{march.pk}/agenda/",
        f"/reviews/meetings/{march.pk}/attendance/",
        f"/reviews/meetings/{march.pk}/decisions/",
        f"/reviews/meetings/{march.pk}/decisions/{decision.pk}/action/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/reviews/meetings/{march.pk}/agenda-from-previous/").status_code == 404


def test_a_reader_sees_but_does_not_change(org, coordinator, manager, reader, client_for):
    march = _minutes(org, coordinator, manager)
    client = client_for(reader)
    page = client.get(f"/reviews/meetings/{march.pk}/").content.decode()
    assert f"/reviews/meetings/{march.pk}/agenda/" not in page
    assert "Baliser le quai 2" in page
    assert client.get(f"/reviews/meetings/{march.pk}/agenda/").status_code == 403
