"""The demo meetings: QSE committees at Vénissieux, CSSCT at Roanne, the purchasing process
review, with decisions turned into actions reviewed at the next meeting."""

from __future__ import annotations

from amelio.reviews import services_meetings as services
from amelio.reviews.models import Decision, Meeting


def test_demo_meetings(demo_company):
    meetings = Meeting.objects.order_by("starts_at")
    qse = list(meetings.filter(kind="qse", org_unit__code="LYO"))
    cssct = list(meetings.filter(kind="cssct", org_unit__code="ROA"))
    review = meetings.get(kind="process_review")
    steering = list(meetings.filter(kind="steering"))
    assert [m.status for m in qse] == ["minutes_sent", "minutes_sent", "held", "planned"]
    assert [m.status for m in cssct] == ["minutes_sent", "minutes_sent"]
    assert review.process.code == "S-ACH"
    assert all(m.title.startswith("Comité QSE – ") for m in qse)

    # Each meeting of a series reviews the previous one's actions; the sent ones are frozen.
    assert services.previous_meeting(qse[1]) == qse[0]
    frozen = qse[1].previous_review
    assert sorted(r["state"] for r in frozen["actions"]) == ["done", "done", "late", "late"]
    assert sorted(r["state"] for r in cssct[1].previous_review["actions"]) == [
        "done",
        "late",
        "late",
    ]
    assert review.previous_review == {}
    live = services.previous_review(qse[2])
    assert live["meeting"]["reference"] == qse[1].reference
    assert sorted(r["state"] for r in live["actions"]) == ["done", "late", "late"]

    # The agendas of a series follow the previous one; every decision has its action.
    assert [i.title for i in qse[3].agenda.all()] == [i.title for i in qse[0].agenda.all()]
    assert not Decision.objects.filter(action__isnull=True).exists()
    assert Decision.objects.count() == 18
    assert cssct[0].attendances.filter(presence="excused").count() == 1
    assert "médecin du travail" in cssct[0].external_attendees

    # The gas project's two steering committees form its series; the first one's decisions
    # (burners tuned, heat exchangers consulted) are done when the second one opens.
    assert [m.status for m in steering] == ["minutes_sent", "held"]
    assert {m.project.title for m in steering} == {
        "Réduction de 10 % de la consommation de gaz des fours"
    }
    live = services.previous_review(steering[1])
    assert live["meeting"]["reference"] == steering[0].reference
    assert [r["state"] for r in live["actions"]] == ["done", "done"]
