"""Answering a customer survey without an account: the public link (one answer per browser,
rate-limited per address), the single-use invitation, a closed or not-yet-open campaign, a
failed submission that saves nothing, and a token that reads nothing else."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from amelio.customers import services_surveys as services
from amelio.customers.models import Answer, Invitation, Response
from tests.customers.survey_helpers import answers, make_campaign, make_survey, segment

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=PARIS)
OPENS, CLOSES = dt.date(2026, 6, 1), dt.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _english_and_frozen(settings):
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def campaign(org):
    survey = make_survey(org["a"])
    return make_campaign(survey, org["a"], OPENS, CLOSES, segment=segment(org["root"]))


def public_url(campaign) -> str:
    return f"/customers/s/{campaign.public_token}/"


def full(campaign, **overrides) -> dict:
    values = {"nps": 9, "csat": 4, "ces": 6, "yes_no": 1, "single": 1, "multiple": [0, 2]}
    values.update(overrides)
    return {**answers(campaign.survey, **values), "lang": "en"}


def invite(campaign, user, email: str = "achats@client.example") -> str:
    """Send one invitation; the token, read from the e-mail."""
    services.invitations_send(
        campaign=campaign,
        recipients=[services.Recipient(email)],
        user=user,
        link_for=lambda token: f"https://amelio.example/customers/i/{token}/",
    )
    return re.search(r"/customers/i/([\w-]+)/", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]


def test_a_public_link_takes_one_answer_per_browser(campaign):
    client = Client()
    page = client.get(public_url(campaign), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Would you recommend us?" in page.content.decode()
    response = client.post(public_url(campaign), full(campaign, text="Très bon suivi"))
    assert response.status_code == 200
    assert "Thank you for your answers" in response.content.decode()
    saved = Response.objects.get()
    assert (saved.nps_points, saved.csat_points, saved.ces_value) == (100, 100, 6.0)
    assert saved.segment == campaign.segment
    assert saved.language == "en"
    assert saved.submitted_on == dt.date(2026, 6, 15)
    assert saved.org_unit == campaign.org_unit
    assert saved.created_by is None
    by_kind = {a.question.kind: a for a in saved.answers.all()}
    assert by_kind["single"].choices == [1]
    assert by_kind["multiple"].choices == [0, 2]
    assert by_kind["yes_no"].number == 1
    assert by_kind["text"].text == "Très bon suivi"
    # The same browser again: refused, nothing more saved, nothing of the answers shown.
    again = client.post(public_url(campaign), full(campaign, nps=0))
    assert again.status_code == 409
    assert "Already answered" in again.content.decode()
    assert "Très bon suivi" not in again.content.decode()
    assert Response.objects.count() == 1
    assert "Already answered" in client.get(public_url(campaign)).content.decode()


def test_a_public_link_is_rate_limited_per_address(campaign, settings):
    settings.AMELIO_PUBLIC_REPORTS_PER_HOUR = 2
    for _index in range(2):
        assert Client().post(public_url(campaign), full(campaign)).status_code == 200
    third = Client().post(public_url(campaign), full(campaign))
    assert third.status_code == 429
    assert "Too many answers from this device" in third.content.decode()
    assert Response.objects.count() == 2


def test_the_page_speaks_the_browser_language_unless_the_visitor_chooses(campaign):
    french = Client().get(public_url(campaign), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert "Recommanderiez-vous nos services ?" in french.content.decode()
    assert "Envoyer" in french.content.decode() or "Send" not in french.content.decode()
    english = Client().get(public_url(campaign) + "?lang=en", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Would you recommend us?" in english.content.decode()
    # Choices follow the language, the stored answer is their position.
    assert "Purchasing" in english.content.decode()


def test_a_disabled_or_regenerated_public_link_no_longer_works(campaign, coordinator):
    old = public_url(campaign)
    services.public_link_regenerate(campaign=campaign, user=coordinator)
    assert Client().get(old).status_code == 404
    assert Client().get(public_url(campaign)).status_code == 200
    services.public_link_enable(campaign=campaign, user=coordinator, enabled=False)
    assert Client().post(public_url(campaign), full(campaign)).status_code == 404
    assert Response.objects.count() == 0


def test_an_invitation_answers_once_and_reads_nothing(campaign, coordinator):
    token = invite(campaign, coordinator)
    invitation = Invitation.objects.get()
    # Only the hash of the token is stored.
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.token_hash(token)
    url = f"/customers/i/{token}/"
    assert Client().get(url).status_code == 200
    done = Client().post(url, full(campaign, text="Délais tenus"))
    assert done.status_code == 200
    invitation.refresh_from_db()
    assert invitation.answered_at == NOW
    assert Response.objects.get().invitation == invitation
    # A second use, from any browser: "already answered", nothing of the answers.
    for method in ("get", "post"):
        again = getattr(Client(), method)(url, full(campaign, nps=0))
        assert "Already answered" in again.content.decode()
        assert "Délais tenus" not in again.content.decode()
        assert "Would you recommend us?" not in again.content.decode()
    assert Client().post(url, full(campaign)).status_code == 409
    assert Response.objects.count() == 1


def test_a_token_opens_nothing_else(campaign, coordinator, org):
    other = make_campaign(make_survey(org["a"], "Autre enquête"), org["a"], OPENS, CLOSES)
    token = invite(campaign, coordinator)
    client = Client()
    # Not the other campaign, not through the other kind of link, not the results.
    assert client.get(f"/customers/s/{token}/").status_code == 404
    assert client.get(f"/customers/i/{campaign.public_token}/").status_code == 404
    assert client.get(f"/customers/i/{token}x/").status_code == 404
    page = client.get(f"/customers/i/{token}/").content.decode()
    assert other.title not in page and "Autre enquête" not in page
    results = client.get(f"/customers/campaigns/results/?campaign={campaign.pk}")
    assert results.status_code == 302 and results.url.startswith("/accounts/login/")
    assert client.get(f"/customers/campaigns/{campaign.pk}/").status_code == 302
    assert client.get("/customers/responses/").status_code == 302


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (dt.datetime(2026, 7, 1, 9, 0, tzinfo=PARIS), "This survey is closed"),
        (dt.datetime(2026, 5, 31, 9, 0, tzinfo=PARIS), "This survey is not open yet"),
    ],
)
def test_a_closed_or_not_yet_open_campaign_says_so(campaign, coordinator, moment, words):
    token = invite(campaign, coordinator)
    with time_machine.travel(moment, tick=False):
        for url in (public_url(campaign), f"/customers/i/{token}/"):
            page = Client().get(url)
            assert words in page.content.decode()
            assert "Would you recommend us?" not in page.content.decode()
            assert Client().post(url, full(campaign)).status_code == 409
    assert Response.objects.count() == 0
    assert Invitation.objects.get().answered_at is None


def test_a_failed_submission_saves_nothing_and_says_why_on_the_field(campaign, coordinator):
    token = invite(campaign, coordinator)
    url = f"/customers/i/{token}/"
    missing = full(campaign)
    del missing[f"q{campaign.survey.questions.get(metric='nps').pk}"]
    response = Client().post(url, missing)
    assert response.status_code == 422
    form = response.context["form"]
    nps = campaign.survey.questions.get(metric="nps")
    assert form.errors[f"q{nps.pk}"] == ["Please answer this question."]
    wrong = Client().post(url, full(campaign, nps=11))
    assert wrong.status_code == 422
    assert wrong.context["form"].errors[f"q{nps.pk}"] == ["Choose among the options."]
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)
    assert Invitation.objects.get().answered_at is None


def test_a_failure_while_saving_rolls_everything_back(campaign, coordinator, monkeypatch):
    token = invite(campaign, coordinator)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Answer.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        Client(raise_request_exception=True).post(f"/customers/i/{token}/", full(campaign))
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)
    assert Invitation.objects.get().answered_at is None


def test_the_segment_is_the_customer_s_at_answer_time(campaign, coordinator, org):
    from amelio.customers.models import Customer

    tier1 = segment(org["root"], "Équipementiers de rang 1")
    customer = Customer.objects.create(
        name="Client A", org_unit=org["root"], segment=tier1, contact_email="qualite@a.example"
    )
    services.invitations_send(
        campaign=campaign,
        recipients=[services.Recipient(customer.contact_email, customer)],
        user=coordinator,
        link_for=lambda token: f"/customers/i/{token}/",
    )
    token = re.search(r"/customers/i/([\w-]+)/", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    Client().post(f"/customers/i/{token}/", full(campaign))
    customer.segment = None
    customer.save()
    saved = Response.objects.get()
    assert (saved.customer, saved.segment) == (customer, tier1)
