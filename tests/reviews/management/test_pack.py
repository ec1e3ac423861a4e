"""The management review pack: its inputs per standard, live figures while it is prepared,
frozen once held, "no data" for an organisation without records, the decisions that become
actions followed up by the next review, the PDF and workbook, and permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from amelio.actions.models import Action
from amelio.core import services
from amelio.core.measures import Scope, measures
from amelio.nonconformities.models import Nonconformity
from amelio.reviews import services_management as review_services
from amelio.reviews.models import ManagementReview, ReviewDecision
from amelio.reviews.pack.figures import previous_scope

NOW = dt.datetime(2026, 2, 10, 10, tzinfo=dt.UTC)
YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def make_review(user, unit, start=YEAR_2025[0], end=YEAR_2025[1], **fields) -> ManagementReview:
    values = {
        "title": "Revue de direction 2025",
        "iso_9001": True,
        "iso_14001": True,
        "iso_45001": True,
        "iso_50001": True,
        "planned_on": dt.date(2026, 1, 20),
        "owner": user,
        **fields,
    }
    review = ManagementReview(org_unit=unit, period_start=start, period_end=end, **values)
    return services.record_create(record=review, user=user)


def nc(user, unit, day: dt.date, nc_type="internal", scrap=0) -> Nonconformity:
    record = Nonconformity(
        title=f"{nc_type} {day}",
        org_unit=unit,
        nc_type=nc_type,
        detected_on=day,
        cost_scrap=Decimal(scrap),
    )
    return services.record_create(record=record, user=user)


def section(review, key: str) -> dict:
    return next(s for s in review_services.pack(review) if s["key"] == key)


def value_of(section_data: dict, key: str):
    return next(f for f in section_data["figures"] if f["key"] == key)["value"]


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_inputs_are_those_the_standards_ask_for(org, coordinator):
    full = make_review(coordinator, org["root"])
    assert [i.key for i in full.inputs.all()] == [
        "actions",
        "context",
        "customers",
        "objectives",
        "processes",
        "nonconformities",
        "monitoring",
        "audits",
        "suppliers",
        "compliance",
        "risks",
        "safety",
        "environment",
        "energy",
        "resources",
        "improvement",
    ]
    assert full.reference == "RDD-2026-0001"
    quality = make_review(coordinator, org["a"], iso_14001=False, iso_45001=False, iso_50001=False)
    keys = [i.key for i in quality.inputs.all()]
    assert "energy" not in keys and "safety" not in keys and "compliance" not in keys
    assert keys[:3] == ["actions", "context", "customers"]
    assert full.inputs.get(key="customers").clauses.startswith("9001 9.3.2 c) 1)")


def test_the_previous_period_has_the_same_length(org):
    assert previous_scope(Scope(org["a"], dt.date(2025, 1, 1), dt.date(2026, 1, 1))) == Scope(
        org["a"], dt.date(2024, 1, 1), dt.date(2025, 1, 1)
    )
    assert previous_scope(Scope(org["a"], dt.date(2025, 4, 1), dt.date(2025, 7, 1))).start == (
        dt.date(2025, 1, 1)
    )
    days = previous_scope(Scope(org["a"], dt.date(2025, 1, 10), dt.date(2025, 1, 20)))
    assert (days.start, days.end) == (dt.date(2024, 12, 31), dt.date(2025, 1, 10))


def test_an_empty_organisation_shows_no_data_never_zero(org, coordinator, client_for):
    review = make_review(coordinator, org["root"])
    safety = section(review, "safety")
    tf1 = next(f for f in safety["figures"] if f["key"] == "safety.tf1")
    assert tf1["value"] is None and tf1["no_data"]
    with translation.override("en"):
        assert str(tf1["value_text"]) == "no data"
    customers = section(review, "customers")
    nps = next(f for f in customers["figures"] if f["key"] == "customers.nps")
    assert nps["no_data"] is True
    assert nps["published"] is ("customers.nps" in measures)
    objectives = section(review, "objectives")
    assert objectives["tables"][0]["rows"] == []
    client = client_for(coordinator)
    page = client.get(f"/reviews/management-reviews/{review.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert len(page.context["sections"]) == 16
    assert "no data" in page.content.decode()


def test_a_held_review_keeps_its_figures_a_review_in_preparation_follows_the_data(org, coordinator):
    nc(coordinator, org["a"], dt.date(2025, 3, 5), scrap=100)
    nc(coordinator, org["a_unit"], dt.date(2025, 6, 1), nc_type="supplier")
    nc(coordinator, org["b"], dt.date(2024, 6, 1))
    held = make_review(coordinator, org["root"])
    open_review = make_review(coordinator, org["root"], title="Autre revue")
    services.record_transition(record=held, user=coordinator, name="hold")
    held.refresh_from_db()
    assert held.status == "held" and held.held_on == dt.date(2026, 2, 10)
    before = section(held, "nonconformities")
    assert value_of(before, "nonconformities.ncs") == 2
    assert before["figures"][0]["previous"] == 1
    assert value_of(before, "nonconformities.ncs.supplier") == 1
    assert value_of(before, "nonconformities.cost") == 100
    # The data change after the review is held: an NC more, an action closed.
    nc(coordinator, org["a"], dt.date(2025, 9, 1), scrap=50)
    assert value_of(section(held, "nonconformities"), "nonconformities.ncs") == 2
    assert value_of(section(held, "nonconformities"), "nonconformities.cost") == 100
    assert section(held, "nonconformities") == before
    live = section(open_review, "nonconformities")
    assert value_of(live, "nonconformities.ncs") == 3
    assert value_of(live, "nonconformities.cost") == 150
    assert held.inputs.get(key="nonconformities").snapshot["figures"][0]["value"] == 2


def test_comments_are_kept_until_the_review_is_held(org, coordinator):
    review = make_review(coordinator, org["root"])
    item = review.inputs.get(key="audits")
    review_services.input_comment(item=item, user=coordinator, comment=" Programme tenu. ")
    item.refresh_from_db()
    assert item.comment == "Programme tenu."
    services.record_transition(record=review, user=coordinator, name="hold")
    with pytest.raises(ValidationError):
        review_services.input_comment(item=item, user=coordinator, comment="Changé")
    item.refresh_from_db()
    assert item.comment == "Programme tenu."


def test_decisions_become_actions_that_the_next_review_follows_up(org, coordinator):
    first = make_review(coordinator, org["a"], iso_14001=False, iso_45001=False, iso_50001=False)
    services.record_transition(record=first, user=coordinator, name="hold")
    first.refresh_from_db()
    decisions = [
        review_services.decision_add(
            review=first,
            user=coordinator,
            kind=kind,
            text=text,
            due_date=dt.date(2026, month, 1),
        )
        for kind, text, month in (
            ("improvement", "Automatiser le contrôle final", 3),
            ("resource", "Recruter un technicien qualité", 6),
            ("change", "Fusionner les procédures achats", 12),
        )
    ]
    actions = [review_services.decision_action(decision=d, user=coordinator) for d in decisions]
    assert [a.action_type for a in actions] == ["improvement"] * 3
    assert ReviewDecision.objects.filter(review=first, action__isnull=False).count() == 3
    with pytest.raises(ValidationError):
        review_services.decision_action(decision=decisions[0], user=coordinator)
    services.record_transition(record=actions[0], user=coordinator, name="start")
    services.record_transition(record=actions[0], user=coordinator, name="complete")
    second = make_review(
        coordinator,
        org["a"],
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        iso_14001=False,
        iso_45001=False,
        iso_50001=False,
        planned_on=dt.date(2027, 1, 20),
    )
    with time_machine.travel(dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC), tick=False):
        follow_up = section(second, "actions")
    assert follow_up["previous"] == first.reference
    counts = {f["key"]: f["value"] for f in follow_up["figures"]}
    assert counts == {
        "reviews.previous_actions": 3,
        "reviews.actions_done": 1,
        "reviews.actions_on_time": 1,
        "reviews.actions_late": 1,
    }
    assert [row[0] for row in follow_up["tables"][0]["rows"]] == [a.reference for a in actions]
    assert Action.objects.filter(links__object_id=first.pk).count() == 3


def test_another_sites_user_gets_404(org, coordinator, outsider, client_for):
    review = make_review(coordinator, org["a"])
    decision = review_services.decision_add(
        review=review, user=coordinator, kind="improvement", text="Former les équipes"
    )
    client = client_for(outsider)
    base = f"/reviews/management-reviews/{review.pk}"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}/pack.pdf").status_code == 404
    assert client.get(f"{base}/pack.xlsx").status_code == 404
    assert client.post(f"{base}/inputs/audits/comment/", {"comment": "x"}).status_code == 404
    assert client.post(f"{base}/decisions/add/", {"kind": "change", "text": "x"}).status_code == 404
    assert client.post(f"{base}/decisions/{decision.pk}/action/").status_code == 404
    assert ReviewDecision.objects.filter(review=review).count() == 1
    assert review.inputs.get(key="audits").comment == ""


def test_pages_comment_decide_and_export(org, coordinator, client_for):
    review = make_review(coordinator, org["a"])
    client = client_for(coordinator)
    base = f"/reviews/management-reviews/{review.pk}"
    response = client.post(f"{base}/inputs/audits/comment/", {"comment": "Trois audits menés"})
    assert response.status_code == 302
    assert review.inputs.get(key="audits").comment == "Trois audits menés"
    client.post(
        f"{base}/decisions/add/",
        {"kind": "resource", "text": "Budget formation", "owner": coordinator.pk},
    )
    decision = review.decisions.get()
    client.post(f"{base}/decisions/{decision.pk}/action/")
    decision.refresh_from_db()
    assert decision.action.title == "Budget formation"
    workbook = client.get(f"{base}/pack.xlsx")
    assert workbook.status_code == 200
    assert workbook["Content-Type"].startswith("application/vnd.openxml")
    for language in ("fr", "en"):
        pdf = client.get(f"{base}/pack.pdf", {"language": language})
        assert pdf.status_code in (200, 302)
        if pdf.status_code == 200:
            assert pdf["Content-Type"] == "application/pdf"
            assert pdf.content.startswith(b"%PDF")


def test_the_scope_and_period_of_a_held_review_stay(org, coordinator):
    review = make_review(coordinator, org["a"])
    services.record_transition(record=review, user=coordinator, name="hold")
    review.refresh_from_db()
    review.period_end = dt.date(2025, 6, 30)
    with pytest.raises(ValidationError) as error:
        services.record_update(record=review, user=coordinator, expected_version=None)
    assert set(error.value.message_dict) == {"period_end"}
    review.refresh_from_db()
    review.minutes = "Compte rendu de la revue"
    services.record_update(record=review, user=coordinator, expected_version=None)
    review.refresh_from_db()
    assert (review.period_end, review.minutes) == (
        dt.date(2025, 12, 31),
        "Compte rendu de la revue",
    )


def test_context_changes_of_the_period(org, coordinator):
    from amelio.context.models import ContextIssue, InterestedParty
    from amelio.core.registry import registry
    from tests.samples import make_record

    def record(model, created: dt.date, updated: dt.date):
        made = make_record(registry.for_model(model), org["a"], coordinator, "Ctx")
        moments = [
            timezone.make_aware(dt.datetime.combine(day, dt.time(10))) for day in (created, updated)
        ]
        model.objects.filter(pk=made.pk).update(created_at=moments[0], updated_at=moments[1])
        return made

    record(ContextIssue, dt.date(2025, 3, 1), dt.date(2026, 2, 1))  # created in the period
    record(ContextIssue, dt.date(2024, 3, 1), dt.date(2025, 7, 1))  # changed in the period
    record(ContextIssue, dt.date(2024, 3, 1), dt.date(2024, 7, 1))  # neither
    record(InterestedParty, dt.date(2025, 5, 1), dt.date(2025, 5, 1))
    found = section(make_review(coordinator, org["root"]), "context")
    counts = {f["key"]: f["value"] for f in found["figures"]}
    assert counts == {
        "reviews.issues_created": 1,
        "reviews.issues_changed": 1,
        "reviews.parties_created": 1,
        "reviews.parties_changed": 0,
        "context.reviews_overdue": 0,
    }
    assert len(found["tables"][0]["rows"]) == 3
