"""Specifications and the selection of offers: weights checked, the grid saved all at once,
ties shown as ties, the decision and the lock it sets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from amelio.core import services as core
from amelio.core.models import TransitionLog
from amelio.suppliers import services_specifications as services
from amelio.suppliers.models import Offer, OfferScore, Specification, Supplier

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
WEIGHTS = [
    ("Qualité", "quality", 35),
    ("Délai", "delivery", 25),
    ("Prix", "price", 20),
    ("RSE", "csr", 10),
    ("Sécurité", "safety", 10),
]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


def _rows(items):
    return [
        services.Row(None, {"name": n, "family": f, "weight": D(w), "order": i})
        for i, (n, f, w) in enumerate(items)
    ]


def _requirement(mandatory=True):
    return services.Row(None, {"kind": "quality", "text": "ISO 9001", "mandatory": mandatory})


def _spec(org, user, criteria=WEIGHTS, consult=True) -> Specification:
    spec = Specification(title="Heat treatment", subject="Flanges", org_unit=org["a"])
    core.record_create(record=spec, user=user)
    services.specification_content_save(
        specification=spec, requirements=[_requirement()], criteria=_rows(criteria), user=user
    )
    if consult:
        core.record_transition(record=spec, user=user, name="consult")
    return Specification.objects.get(pk=spec.pk)


def _offer(spec, user, name, met=True) -> Offer:
    supplier = Supplier.objects.create(name=name, org_unit=spec.org_unit)
    offer = Offer(
        specification=spec,
        supplier=supplier,
        org_unit=spec.org_unit,
        received_on=dt.date(2026, 6, 1),
        mandatory_met=met,
        gaps="" if met else "No temperature recording.",
    )
    core.record_create(record=offer, user=user)
    return offer


def _score(spec, user, offer, marks):
    entries = {
        (offer.pk, c.pk): (None if m is None else D(m), "")
        for c, m in zip(spec.criteria.all(), marks, strict=True)
    }
    services.scores_save(specification=spec, entries=entries, user=user)


def _four(spec, user):
    """Four offers: B and C tied at 73.5, A at 72.5, D at 72.5 but missing a mandatory
    requirement (the demo's case)."""
    offers = {
        "A": _offer(spec, user, "A"),
        "B": _offer(spec, user, "B"),
        "C": _offer(spec, user, "C"),
        "D": _offer(spec, user, "D", met=False),
    }
    for key, marks in (
        ("A", [8, 7, 6, 7, 8]),
        ("B", [9, 6, 5, 8, 9]),
        ("C", [7, 8, 8, 6, 7]),
        ("D", [6, 9, 9, 5, 6]),
    ):
        _score(spec, user, offers[key], marks)
    return offers


# --- Weights -------------------------------------------------------------------------------


def test_the_consultation_waits_for_weights_summing_to_100(org, coordinator):
    spec = _spec(org, coordinator, WEIGHTS[:4], consult=False)
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=spec, user=coordinator, name="consult")
    assert refused.value.messages == [
        "The weights of the criteria sum to 90 %: they must sum to 100 %."
    ]
    assert Specification.objects.get(pk=spec.pk).status == "draft"
    services.specification_content_save(
        specification=spec,
        requirements=[],
        criteria=_rows([("Sécurité", "safety", 10)]),
        user=coordinator,
    )
    core.record_transition(record=spec, user=coordinator, name="consult")
    assert Specification.objects.get(pk=spec.pk).status == "consultation"


def test_the_consultation_needs_requirements_and_criteria(org, coordinator):
    spec = Specification(title="Gloves", subject="EPI", org_unit=org["a"])
    core.record_create(record=spec, user=coordinator)
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=spec, user=coordinator, name="consult")
    assert refused.value.messages == ["Write the requirements before starting the consultation."]
    services.specification_content_save(
        specification=spec, requirements=[_requirement()], criteria=[], user=coordinator
    )
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=spec, user=coordinator, name="consult")
    assert refused.value.messages == ["Add the selection criteria and their weights."]


def test_weights_stay_at_100_during_the_consultation(org, coordinator):
    spec = _spec(org, coordinator)
    quality = spec.criteria.get(name="Qualité")
    change = services.Row(quality.pk, {"weight": D("40.5")})
    with pytest.raises(ValidationError) as refused:
        services.specification_content_save(
            specification=spec, requirements=[], criteria=[change], user=coordinator
        )
    assert refused.value.messages == [
        "The weights of the criteria sum to 105.5 %: they must sum to 100 %."
    ]
    assert spec.criteria.get(pk=quality.pk).weight == D(35)


# --- Grid, totals and ranking --------------------------------------------------------------


def test_totals_and_ranking_with_a_tie_and_an_excluded_offer(org, coordinator):
    spec = _spec(org, coordinator)
    offers = _four(spec, coordinator)
    grid = services.comparison(spec, list(Offer.objects.filter(specification=spec).order_by("pk")))
    by_name = {o.supplier.name: o for o in grid.offers}
    assert {n: o.total for n, o in by_name.items()} == {
        "A": D("72.50"),
        "B": D("73.50"),
        "C": D("73.50"),
        "D": D("72.50"),
    }
    assert [o.supplier.name for o in grid.offers] == ["B", "C", "A", "D"]
    assert [(o.place.rank, o.place.tied) for o in grid.offers[:3]] == [
        (1, True),
        (1, True),
        (3, False),
    ]
    assert by_name["D"].place is None
    assert grid.weights_complete
    assert offers["D"].pk not in grid.places


def test_an_offer_not_fully_scored_is_not_ranked_and_says_how_many_are_missing(org, coordinator):
    spec = _spec(org, coordinator)
    offer = _offer(spec, coordinator, "A")
    _score(spec, coordinator, offer, [8, 7, None, None, 8])
    grid = services.comparison(spec, [offer])
    assert (grid.offers[0].total, grid.offers[0].missing) == (None, 2)
    assert grid.offers[0].place.rank is None


def test_the_grid_page_saves_every_score_at_once(org, coordinator, client_for):
    spec = _spec(org, coordinator)
    a, b = _offer(spec, coordinator, "A"), _offer(spec, coordinator, "B")
    criteria = list(spec.criteria.all())
    data = {f"score-{o.pk}-{c.pk}": "7,5" for o in (a, b) for c in criteria}
    data[f"comment-{a.pk}-{criteria[0].pk}"] = "Fours récents"
    response = client_for(coordinator).post(
        reverse("suppliers:specification_grid", args=[spec.pk]), data
    )
    assert response.status_code == 302
    assert OfferScore.objects.filter(offer__specification=spec).count() == 10
    assert set(OfferScore.objects.values_list("score", flat=True)) == {D("7.5")}
    assert OfferScore.objects.get(offer=a, criterion=criteria[0]).comment == "Fours récents"
    page = client_for(coordinator).get(reverse("suppliers:specification_grid", args=[spec.pk]))
    assert [o.total for o in page.context["grid"].offers] == [D(75), D(75)]
    assert "1 (tied)" in page.content.decode()


def test_a_bad_score_saves_nothing_and_names_the_cell(org, coordinator, client_for):
    spec = _spec(org, coordinator)
    a = _offer(spec, coordinator, "Forez Thermique")
    criteria = list(spec.criteria.all())
    data = {f"score-{a.pk}-{c.pk}": "8" for c in criteria}
    data[f"score-{a.pk}-{criteria[2].pk}"] = "11"
    data[f"score-{a.pk}-{criteria[3].pk}"] = "7.25"
    response = client_for(coordinator).post(
        reverse("suppliers:specification_grid", args=[spec.pk]), data
    )
    assert response.status_code == 400
    assert list(response.context["errors"].values()) == [
        "Forez Thermique, “Prix”: give a score from 0 to 10.",
        "Forez Thermique, “RSE”: give a score from 0 to 10.",
    ]
    assert 'value="11"' in response.content.decode()
    assert not OfferScore.objects.exists()


def test_a_reader_cannot_score_and_an_outsider_sees_nothing(
    org, coordinator, reader, outsider, client_for
):
    spec = _spec(org, coordinator)
    url = reverse("suppliers:specification_grid", args=[spec.pk])
    assert client_for(reader).get(url).context["may_score"] is False
    assert client_for(reader).post(url, {}).status_code == 403
    for name in (
        "specification_grid",
        "specification_pdf",
        "specification_grid_pdf",
        "specification_content",
    ):
        assert (
            client_for(outsider).get(reverse(f"suppliers:{name}", args=[spec.pk])).status_code
            == 404
        )


# --- Decision and lock ---------------------------------------------------------------------


def test_the_decision_needs_a_reason_and_an_eligible_scored_offer(org, coordinator):
    spec = _spec(org, coordinator)
    offers = _four(spec, coordinator)
    unscored = _offer(spec, coordinator, "E")
    cases = [
        (offers["B"], " ", "Give the reason for the choice."),
        (
            offers["D"],
            "Cheapest",
            f"{offers['D']} does not meet every mandatory requirement: it cannot be chosen.",
        ),
        (unscored, "Fast", f"Score {unscored} on every criterion before choosing it."),
    ]
    blocked = offers["C"].supplier
    blocked.status, blocked.status_reason = "blocked", "Repeated hardness drift."
    blocked.save()
    cases.append(
        (
            offers["C"],
            "Best price",
            f"{blocked} is blocked: it cannot be chosen until its status is reviewed.",
        )
    )
    for offer, reason, message in cases:
        with pytest.raises(ValidationError) as refused:
            services.specification_decide(
                specification=spec, offer=offer, reason=reason, user=coordinator
            )
        assert refused.value.messages == [message]
    stored = Specification.objects.get(pk=spec.pk)
    assert (stored.status, stored.chosen_offer_id) == ("consultation", None)


def test_the_plain_decide_button_sends_to_the_grid(org, coordinator):
    spec = _spec(org, coordinator)
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=spec, user=coordinator, name="decide")
    assert refused.value.messages == [
        "Choose the offer and give the reason on the comparison grid."
    ]


def test_a_reader_cannot_decide(org, coordinator, reader):
    spec = _spec(org, coordinator)
    offers = _four(spec, coordinator)
    with pytest.raises(PermissionDenied):
        services.specification_decide(
            specification=spec, offer=offers["B"], reason="Best", user=reader
        )


def test_the_decision_is_recorded_and_locks_offers_and_scores(org, coordinator, client_for):
    spec = _spec(org, coordinator)
    offers = _four(spec, coordinator)
    client = client_for(coordinator)
    response = client.post(
        reverse("suppliers:specification_decide", args=[spec.pk]),
        {"offer": offers["B"].pk, "reason": "Tied with C; better on quality."},
    )
    assert response.status_code == 302
    spec = Specification.objects.get(pk=spec.pk)
    assert (spec.status, spec.chosen_offer, spec.decided_by, spec.decided_at) == (
        "decided",
        offers["B"],
        coordinator,
        NOW,
    )
    assert spec.decision_reason == "Tied with C; better on quality."
    log = TransitionLog.objects.get(transition="decide")
    assert (log.user, log.comment) == (coordinator, "Tied with C; better on quality.")

    scores = sorted(OfferScore.objects.values_list("pk", "score"))
    criterion = spec.criteria.first()
    with pytest.raises(ValidationError):
        services.scores_save(
            specification=spec,
            entries={(offers["A"].pk, criterion.pk): (D(10), "")},
            user=coordinator,
        )
    grid_url = reverse("suppliers:specification_grid", args=[spec.pk])
    assert client.get(grid_url).context["may_score"] is False
    assert (
        client.post(grid_url, {f"score-{offers['A'].pk}-{criterion.pk}": "10"}).status_code == 403
    )
    with pytest.raises(ValidationError):
        services.specification_content_save(
            specification=spec, requirements=[_requirement(False)], criteria=[], user=coordinator
        )
    assert client.get(reverse("suppliers:specification_content", args=[spec.pk])).status_code == 302
    offer = Offer.objects.get(pk=offers["A"].pk)
    with pytest.raises(ValidationError):
        core.record_update(record=offer, user=coordinator, expected_version=offer.version)
    api = client.patch(
        f"/api/v1/suppliers/offers/{offer.pk}/",
        {"comments": "late"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert sorted(OfferScore.objects.values_list("pk", "score")) == scores
    assert spec.requirements.count() == 1


def test_no_offer_on_a_draft(org, coordinator):
    spec = _spec(org, coordinator, consult=False)
    with pytest.raises(ValidationError) as refused:
        _offer(spec, coordinator, "A")
    assert refused.value.message_dict == {
        "specification": [
            "This specification is still a draft: offers are recorded once its consultation "
            "has started."
        ]
    }


# --- Pages and PDFs ------------------------------------------------------------------------


def test_the_specification_page_shows_ranking_and_weights(org, coordinator, client_for):
    spec = _spec(org, coordinator)
    _four(spec, coordinator)
    page = client_for(coordinator).get(reverse("suppliers:specification_detail", args=[spec.pk]))
    text = page.content.decode()
    assert page.context["weight_refusal"] is None
    assert "Weights: 100 %" in text
    assert text.count("1 (tied)") == 2
    assert "Mandatory requirement not met" in text


@pytest.mark.parametrize("name", ["specification_pdf", "specification_grid_pdf"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pdfs_print(org, coordinator, client_for, name, lang):
    pytest.importorskip("weasyprint")
    spec = _spec(org, coordinator)
    _four(spec, coordinator)
    url = reverse(f"suppliers:{name}", args=[spec.pk]) + f"?lang={lang}"
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _formset(prefix, rows, extra=0):
    """A formset as the browser posts it: the empty extra lines keep their initial values
    (order 0, a requirement mandatory)."""
    data = {f"{prefix}-TOTAL_FORMS": len(rows) + extra, f"{prefix}-INITIAL_FORMS": 0}
    blank = {"order": 0, "mandatory": "on"} if prefix == "req" else {"order": 0}
    for index, row in enumerate([*rows, *[blank] * extra]):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def test_the_content_page_saves_requirements_and_criteria_together(org, coordinator, client_for):
    spec = Specification(title="Gloves", subject="EPI", org_unit=org["a"])
    core.record_create(record=spec, user=coordinator)
    url = reverse("suppliers:specification_content", args=[spec.pk])
    requirements = _formset(
        "req", [{"order": 1, "kind": "technical", "text": "Level F", "mandatory": "on"}], extra=2
    )
    criteria = _formset(
        "crit",
        [
            {"order": 1, "name": "Protection", "family": "safety", "weight": "60"},
            {"order": 2, "name": "Price", "family": "price", "weight": "40"},
        ],
    )
    response = client_for(coordinator).post(url, {**requirements, **criteria})
    assert response.status_code == 302, response.context["criteria"].errors
    assert list(spec.requirements.values_list("kind", "text", "mandatory")) == [
        ("technical", "Level F", True)
    ]
    assert list(spec.criteria.values_list("name", "weight")) == [
        ("Protection", D(60)),
        ("Price", D(40)),
    ]
    assert Specification.objects.get(pk=spec.pk).weight_refusal() is None
