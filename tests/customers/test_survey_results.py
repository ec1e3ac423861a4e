"""The results of a campaign (NPS, CSAT, CES, by segment, every question, the comments found
without accents, the workbook), the computed indicators that give the same figures, the
builder (a question with answers keeps its kind), the invitations (a dry count, then hashed
tokens e-mailed) and the responses register nobody fills in by hand."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import translation
from openpyxl import load_workbook

from amelio.customers import services_surveys as services
from amelio.customers.models import Invitation, Question, Response
from tests.customers.survey_helpers import make_campaign, make_survey, segment

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=PARIS)
OPENS, CLOSES = dt.date(2026, 6, 1), dt.date(2026, 6, 30)
# NPS, CSAT, CES and comment of each response: 5 promoters, 4 passives, 1 detractor -> 40;
# CSAT 4 or 5 for 8 of 10 -> 80 %; CES mean 5.5.
ROWS = [
    (10, 5, 7, "Équipe réactive"),
    (10, 5, 6, ""),
    (10, 4, 6, "Sécurité des livraisons à revoir"),
    (9, 4, 5, ""),
    (9, 4, 5, ""),
    (8, 4, 6, ""),
    (8, 4, 5, ""),
    (7, 4, 5, ""),
    (7, 3, 5, "Délais trop longs"),
    (3, 2, 5, ""),
]


@pytest.fixture(autouse=True)
def _english_and_frozen(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def answered(org):
    survey = make_survey(org["a"])
    oem, tier1 = segment(org["root"]), segment(org["root"], "Équipementiers de rang 1")
    campaign = make_campaign(survey, org["a"], OPENS, CLOSES, segment=oem)
    values = {q.pk: q for q in survey.questions.all()}
    by = {q.metric or q.kind: q.pk for q in values.values()}
    for index, (nps, csat, ces, text) in enumerate(ROWS):
        response = services.response_submit(
            campaign=campaign,
            values={
                by["nps"]: str(nps),
                by["csat"]: str(csat),
                by["ces"]: str(ces),
                by["text"]: text,
            },
            language="fr",
        )
        if index % 2:
            Response.objects.filter(pk=response.pk).update(segment=tier1)
    return campaign


def results(client, campaign, **query):
    return client.get("/customers/campaigns/results/", {"campaign": campaign.pk, **query})


def test_the_results_page_gives_nps_csat_and_ces(answered, client_for, coordinator):
    page = results(client_for(coordinator), answered)
    assert page.status_code == 200
    figures = page.context["figures"]
    assert (figures.count, figures.nps.value, figures.csat, figures.ces) == (10, 40, 80.0, 5.5)
    assert (figures.nps.promoters, figures.nps.passives, figures.nps.detractors) == (5, 4, 1)
    text = page.content.decode()
    assert "+40" in text and "50.0\u00a0% promoters" in text and "80.0\u00a0%" in text
    # By segment: the even rows (automotive) and the odd ones (tier 1).
    segments = {str(s): f for s, f in page.context["segments"]}
    assert segments["Constructeurs automobiles"].nps.value == 60  # 10 10 9 8 7 -> 3P 0D
    assert segments["Équipementiers de rang 1"].nps.value == 20  # 10 9 8 7 3 -> 2P 1D
    nps = next(r for r in page.context["questions"] if r.question.metric == "nps")
    assert nps.counts == [0, 0, 0, 1, 0, 0, 0, 2, 2, 2, 3]


def test_comments_are_searched_without_accents(answered, client_for, coordinator):
    page = results(client_for(coordinator), answered, q="securite")
    comments = next(r for r in page.context["questions"] if r.question.kind == "text")
    assert [a.text for a in comments.texts] == ["Sécurité des livraisons à revoir"]
    everything = results(client_for(coordinator), answered)
    comments = next(r for r in everything.context["questions"] if r.question.kind == "text")
    assert len(comments.texts) == 3


def test_an_empty_campaign_says_no_answers_yet(org, client_for, coordinator):
    campaign = make_campaign(make_survey(org["a"]), org["a"], OPENS, CLOSES)
    page = results(client_for(coordinator), campaign)
    assert page.status_code == 200
    assert page.context["figures"].nps is None
    assert page.context["figures"].csat is None
    text = page.content.decode()
    assert "No answers yet" in text
    assert "+0" not in text and "0.0\u00a0%" not in text


def test_an_indicator_average_of_the_points_equals_the_results(answered, client_for, coordinator):
    from amelio.indicators.models import Indicator
    from amelio.indicators.sources import compute, definition_errors

    def indicator(field):
        return Indicator(
            org_unit=answered.org_unit,
            name=field,
            owner=coordinator,
            source="computed",
            source_register="customers.response",
            aggregation="average",
            source_field=field,
            source_date_field="submitted_on",
            source_filter=f"campaign={answered.pk}",
        )

    assert definition_errors(indicator("nps_points")) == {}
    page = results(client_for(coordinator), answered)
    figures = page.context["figures"]
    june = dt.date(2026, 6, 1)
    assert compute(indicator("nps_points"), june) == figures.nps.exact == 40.0
    assert compute(indicator("csat_points"), june) == figures.csat == 80.0
    assert compute(indicator("ces_value"), june) == figures.ces == 5.5
    # A response without an NPS answer is left out of the mean, not counted as 0.
    assert Response.objects.filter(campaign=answered, nps_points__isnull=True).count() == 0


def test_the_answers_workbook(answered, client_for, coordinator):
    response = results(client_for(coordinator), answered, export="xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Reference",
        "Submitted on",
        "Language",
        "Segment",
        "Customer",
        "Would you recommend us?",
    )
    assert len(rows) == 11
    assert rows[1][5] == 10


def test_results_of_another_site_are_not_found(answered, client_for, outsider):
    assert results(client_for(outsider), answered).status_code == 404


def test_a_question_with_answers_keeps_its_kind(answered, client_for, coordinator):
    nps = answered.survey.questions.get(metric="nps")
    url = f"/customers/surveys/{answered.survey_id}/builder/"
    data = {
        "kind": "scale_5",
        "text_fr": nps.text_fr,
        "text_en": "",
        "metric": "",
        "required": "on",
    }
    refused = client_for(coordinator).post(f"{url}?edit={nps.pk}", data)
    assert refused.status_code == 422
    assert "its kind cannot change" in str(refused.context["form"].errors["kind"])
    assert Question.objects.get(pk=nps.pk).kind == "scale_10"
    # Its wording may still be corrected.
    data.update(kind="scale_10", metric="nps", text_fr="Recommanderiez-vous notre entreprise ?")
    assert client_for(coordinator).post(f"{url}?edit={nps.pk}", data).status_code == 302
    assert Question.objects.get(pk=nps.pk).text_fr == "Recommanderiez-vous notre entreprise ?"


def test_the_builder_adds_checks_and_moves_questions(org, client_for, coordinator):
    campaign = make_campaign(make_survey(org["a"]), org["a"], OPENS, CLOSES)
    survey = campaign.survey
    url = f"/customers/surveys/{survey.pk}/builder/"
    client = client_for(coordinator)
    assert client.get(url).status_code == 200
    wrong = client.post(
        url, {"kind": "scale_5", "text_fr": "Recommanderiez-vous ?", "metric": "nps"}
    )
    assert wrong.context["form"].errors["metric"] == ["The NPS is read from a question on 0 to 10."]
    single = client.post(url, {"kind": "single", "text_fr": "Canal ?", "choices_fr": "Web"})
    assert "at least two choices" in str(single.context["form"].errors["choices_fr"])
    added = client.post(url, {"kind": "yes_no", "text_fr": "Reviendriez-vous ?", "required": "on"})
    assert added.status_code == 302
    last = survey.questions.last()
    assert (last.text_fr, last.order) == ("Reviendriez-vous ?", 8)
    client.post(f"/customers/surveys/{survey.pk}/questions/{last.pk}/move/", {"direction": "up"})
    assert [q.text_fr for q in survey.questions.all()][-2:] == [
        "Reviendriez-vous ?",
        "Un commentaire ?",
    ]


def test_invitations_are_counted_before_they_are_sent(org, client_for, coordinator):
    from amelio.customers.models import Customer

    oem = segment(org["root"])
    campaign = make_campaign(make_survey(org["a"]), org["a"], OPENS, CLOSES, segment=oem)
    with_mail = Customer.objects.create(
        name="A", org_unit=org["root"], segment=oem, contact_email="a@x.example"
    )
    Customer.objects.create(name="B", org_unit=org["root"], segment=oem)
    url = f"/customers/campaigns/{campaign.pk}/invite/"
    client = client_for(coordinator)
    page = client.get(url)
    assert list(page.context["form"].fields["customers"].queryset) == [with_mail]
    data = {"emails": "b@x.example; a@x.example\nnot-an-address", "customers": [with_mail.pk]}
    bad = client.post(url, data)
    assert bad.status_code == 422
    assert "not-an-address" in str(bad.context["form"].errors["emails"])
    data["emails"] = "b@x.example; A@x.example"
    dry = client.post(url, data)
    assert dry.context["dry_count"] == 2
    assert (len(mail.outbox), Invitation.objects.count()) == (0, 0)
    sent = client.post(url, {**data, "confirm": "send"})
    assert sent.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["A@x.example", "b@x.example"] or sorted(
        m.to[0] for m in mail.outbox
    ) == ["a@x.example", "b@x.example"]
    assert "/customers/i/" in mail.outbox[0].body
    assert "Enquête de satisfaction" in mail.outbox[0].subject
    for invitation in Invitation.objects.all():
        assert invitation.token_hash not in mail.outbox[0].body
    # Again: nobody is invited twice.
    again = client.post(url, data)
    assert again.context["dry_count"] == 0


def test_nobody_adds_a_response_by_hand(org, client_for, manager, coordinator):
    assert client_for(manager).get("/customers/responses/add/").status_code == 403
    page = client_for(manager).get("/customers/responses/")
    assert page.status_code == 200
    assert page.context["can_add"] is False
