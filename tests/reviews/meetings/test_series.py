"""The series of a meeting, its previous meeting, and the review of that meeting's actions
(live, then frozen when the minutes are sent)."""

from __future__ import annotations

import datetime as dt

import time_machine

from amelio.processes.models import Process
from amelio.reviews import services_meetings as services
from tests.reviews.meetings.helpers import action_of, meeting

NOON = dt.datetime(2026, 6, 20, 12, tzinfo=dt.UTC)


def test_previous_meeting_is_the_latest_before_of_the_same_kind_unit_and_process(org, coordinator):
    a = org["a"]
    january = meeting(a, coordinator, "2026-01-15")
    march = meeting(a, coordinator, "2026-03-12")
    may = meeting(a, coordinator, "2026-05-14")
    # Not of the series: another kind, another unit, a process, cancelled, archived.
    meeting(a, coordinator, "2026-04-10", kind="cssct")
    meeting(org["b"], coordinator, "2026-04-11")
    meeting(org["a_dept"], coordinator, "2026-04-12")
    cancelled = meeting(a, coordinator, "2026-04-13", status="cancelled")
    archived = meeting(a, coordinator, "2026-04-14")
    archived.archived_at = NOON
    archived.save()
    process = Process.objects.create(org_unit=a, name="Achats", code="ACH")
    with_process = meeting(a, coordinator, "2026-04-15", process=process)

    assert services.previous_meeting(january) is None
    assert services.previous_meeting(march) == january
    assert services.previous_meeting(may) == march
    assert services.previous_meeting(cancelled) == march
    assert services.previous_meeting(with_process) is None
    assert list(services.series(may)) == [january, march, may]


def test_two_meetings_at_the_same_moment_follow_their_creation(org, coordinator):
    first = meeting(org["a"], coordinator, "2026-02-05")
    second = meeting(org["a"], coordinator, "2026-02-05")
    assert services.previous_meeting(second) == first
    assert services.previous_meeting(first) is None


def test_action_state_on_a_day():
    from amelio.actions.models import Action

    day = dt.date(2026, 3, 12)

    def state(status, due):
        return services.action_state(Action(status=status, due_date=dt.date(2026, 3, due)), day)

    assert state("verified", 1) == "done"
    assert state("done", 30) == "done"
    assert state("cancelled", 1) == "cancelled"
    assert state("planned", 11) == "late"
    assert state("in_progress", 12) == "open"
    assert state("not_effective", 1) == "late"
    assert state("planned", 13) == "open"


@time_machine.travel(NOON, tick=False)
def test_review_lists_the_previous_meetings_actions_with_their_state(org, coordinator, manager):
    a = org["a"]
    january = meeting(a, coordinator, "2026-01-15")
    march = meeting(a, coordinator, "2026-03-12")
    action_of(january, manager, "Affichage consignes", "2026-02-28", "verified")
    action_of(january, manager, "Former les caristes", "2026-03-01", "in_progress")
    action_of(january, manager, "Audit 5S", "2026-03-12", "planned")
    action_of(march, manager, "Not reviewed in March", "2026-01-01")

    review = services.previous_review(march)

    assert review["meeting"] == {
        "pk": january.pk,
        "reference": january.reference,
        "title": "Comité 2026-01-15",
        "day": "2026-01-15",
    }
    assert review["on"] == "2026-03-12"
    assert [(r["title"], r["status"], r["state"], r["due_date"]) for r in review["actions"]] == [
        ("Affichage consignes", "verified", "done", "2026-02-28"),
        ("Former les caristes", "in_progress", "late", "2026-03-01"),
        ("Audit 5S", "planned", "open", "2026-03-12"),
    ]
    shown = services.review_display(review)
    assert shown["counts"] == {"done": 1, "late": 1, "open": 1, "cancelled": 0}
    assert shown["on"] == dt.date(2026, 3, 12)
    assert services.previous_review(january) is None


@time_machine.travel(NOON, tick=False)
def test_a_meeting_to_come_judges_the_actions_today(org, coordinator, manager):
    june = meeting(org["a"], coordinator, "2026-06-10")
    september = meeting(org["a"], coordinator, "2026-09-10")
    action_of(june, manager, "Due before the meeting", "2026-07-01")
    review = services.previous_review(september)
    assert review["on"] == "2026-06-20"
    assert review["actions"][0]["state"] == "open"


def test_the_review_only_shows_actions_the_user_may_see(org, coordinator, manager, outsider):
    january = meeting(org["a"], coordinator, "2026-01-15")
    march = meeting(org["a"], coordinator, "2026-03-12")
    elsewhere = action_of(january, outsider, "Site B action", "2026-02-01")
    elsewhere.org_unit = org["b"]
    elsewhere.save()
    action_of(january, manager, "Site A action", "2026-02-01")
    titles = [r["title"] for r in services.previous_review(march, manager)["actions"]]
    assert titles == ["Site A action"]
    assert len(services.previous_review(march)["actions"]) == 2


@time_machine.travel(NOON, tick=False)
def test_sending_the_minutes_freezes_the_review(org, coordinator, manager):
    from amelio.core.services import record_transition

    january = meeting(org["a"], coordinator, "2026-01-15")
    march = meeting(org["a"], coordinator, "2026-03-12", minutes="RAS", status="held")
    late = action_of(january, manager, "Former les caristes", "2026-03-01", "in_progress")

    record_transition(record=march, user=coordinator, name="send_minutes")
    march.refresh_from_db()
    frozen = march.previous_review
    assert [(r["title"], r["state"]) for r in frozen["actions"]] == [
        ("Former les caristes", "late")
    ]

    # Later changes do not rewrite the minutes: the action closed, a new one linked.
    late.status = "verified"
    late.save()
    action_of(january, manager, "Added afterwards", "2026-05-01")
    assert services.previous_review(march) == frozen
    assert services.previous_review(march)["actions"][0]["status"] == "in_progress"


def test_sending_the_minutes_of_a_first_meeting_freezes_an_empty_review(org, coordinator):
    from amelio.core.services import record_transition

    first = meeting(org["a"], coordinator, "2026-01-15", minutes="RAS", status="held")
    record_transition(record=first, user=coordinator, name="send_minutes")
    first.refresh_from_db()
    assert first.previous_review == {}
    # A meeting inserted before it later does not give it a review.
    meeting(org["a"], coordinator, "2026-01-05")
    assert services.previous_review(first) is None


def test_each_project_has_its_own_steering_series_listed_on_its_page(
    org, coordinator, client_for, outsider
):
    from amelio.projects.models import Project

    a = org["a"]
    ovens = Project.objects.create(org_unit=a, title="Gaz des fours", owner=coordinator)
    sorting = Project.objects.create(org_unit=a, title="Tri des déchets", owner=coordinator)
    first = meeting(a, coordinator, "2026-02-05", kind="steering", project=ovens)
    meeting(a, coordinator, "2026-03-05", kind="steering", project=sorting)
    second = meeting(a, coordinator, "2026-04-05", kind="steering", project=ovens)

    assert services.previous_meeting(second) == first
    assert list(services.series(second)) == [first, second]
    page = client_for(coordinator).get(f"/projects/projects/{ovens.pk}/").content.decode()
    listed = page.split('id="project-meetings"')[1].split('id="project-lessons"')[0]
    assert second.reference in listed and first.reference in listed
    assert listed.index(second.reference) < listed.index(first.reference)
    assert "Tri des déchets" not in listed
    assert f"project={ovens.pk}" in listed and "kind=steering" in listed
    assert client_for(outsider).get(f"/projects/projects/{ovens.pk}/").status_code == 404
