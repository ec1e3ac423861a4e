"""The journey map page: stages left to right in their order, the touchpoints under their
stage with their measure and their indicator's latest value (only an indicator the reader
may see), the experience curve; scoping of a site's journey; the PDF."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from amelio.customers.models import CustomerSegment, Journey, JourneyStage, Touchpoint
from amelio.indicators.models import Indicator


@pytest.fixture(autouse=True)
def _in_english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def journey(org):
    """A journey of site A: three stages made out of order, touchpoints under two of them."""
    site = org["a"]
    segment = CustomerSegment.objects.create(name="Tier 1", org_unit=org["root"])
    journey = Journey.objects.create(name="Quote to delivery", org_unit=site, segment=segment)
    delivery = JourneyStage.objects.create(journey=journey, org_unit=site, order=3, name="Delivery")
    quote = JourneyStage.objects.create(journey=journey, org_unit=site, order=1, name="Quote")
    JourneyStage.objects.create(journey=journey, org_unit=site, order=2, name="Order")
    indicator = Indicator.objects.create(
        name="On-time delivery",
        org_unit=site,
        unit="%",
        latest_value=93.0,
        latest_status="alert",
    )
    secret = Indicator.objects.create(
        name="Margin per customer", org_unit=org["b"], latest_value=41.0
    )
    Touchpoint.objects.create(
        stage=quote,
        org_unit=site,
        name="Quote sent",
        channel="email",
        rating=2,
        measure="Days to send the quote",
        pain_points="Eight days on welded parts",
    )
    Touchpoint.objects.create(
        stage=quote,
        org_unit=site,
        name="Follow-up call",
        channel="phone",
        rating=3,
        indicator=secret,
    )
    Touchpoint.objects.create(
        stage=delivery,
        org_unit=site,
        name="Delivery on the confirmed date",
        channel="delivery",
        rating=4,
        indicator=indicator,
        measure="Orders on time / orders",
    )
    return journey


def _map(client, journey):
    return client.get(f"/customers/journeys/{journey.pk}/")


def test_stages_in_their_order_with_their_touchpoints(journey, client_for, coordinator):
    page = _map(client_for(coordinator), journey)
    assert page.status_code == 200
    columns = page.context["columns"]
    assert [c["stage"].name for c in columns] == ["Quote", "Order", "Delivery"]
    assert [[t.name for t in c["touchpoints"]] for c in columns] == [
        ["Quote sent", "Follow-up call"],
        [],
        ["Delivery on the confirmed date"],
    ]
    assert [c["mean"] for c in columns] == [2.5, None, 4.0]
    html = page.content.decode()
    # Left to right in the page too, each touchpoint after its stage's heading.
    positions = [html.index(f'data-stage="{n}"') for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert positions[0] < html.index("Quote sent") < positions[1]
    assert positions[2] < html.index("Delivery on the confirmed date")
    assert "Days to send the quote" in html and "Eight days on welded parts" in html
    assert "No touchpoint at this stage yet." in html


def test_the_latest_indicator_value_shows_only_to_who_may_see_it(
    journey, client_for, coordinator, manager
):
    as_manager = _map(client_for(manager), journey)
    html = as_manager.content.decode()
    assert "93.0 %" in html and 'data-status="alert"' in html
    # The indicator of site B stays hidden from site A's manager, its touchpoint does not.
    assert "Follow-up call" in html and "Margin per customer" not in html
    as_coordinator = _map(client_for(coordinator), journey).content.decode()
    assert "Margin per customer" in as_coordinator


def test_the_experience_curve_follows_the_stages(journey, client_for, coordinator):
    page = _map(client_for(coordinator), journey)
    figure = page.context["experience_figure"]
    line = figure["data"][0]
    assert list(line["x"]) == ["Quote", "Order", "Delivery"]
    assert list(line["y"]) == [2.5, None, 4.0]
    json.dumps(figure)


def test_the_map_is_offered_to_add_stages_and_touchpoints(journey, client_for, manager):
    page = _map(client_for(manager), journey)
    stage = JourneyStage.objects.get(name="Quote")
    assert page.context["add_stage_url"] == (
        f"/customers/stages/add/?journey={journey.pk}&org_unit={journey.org_unit_id}&order=4"
    )
    assert page.context["columns"][0]["add_url"] == (
        f"/customers/touchpoints/add/?stage={stage.pk}&org_unit={journey.org_unit_id}"
    )
    form = client_for(manager).get(page.context["columns"][0]["add_url"])
    assert form.context["form"]["stage"].value() in (stage.pk, str(stage.pk))


def test_a_user_of_another_site_gets_404(journey, client_for, outsider):
    client = client_for(outsider)
    stage = journey.stages.first()
    touchpoint = Touchpoint.objects.first()
    assert _map(client, journey).status_code == 404
    assert client.get(f"/customers/stages/{stage.pk}/").status_code == 404
    assert client.get(f"/customers/touchpoints/{touchpoint.pk}/").status_code == 404
    assert client.get(f"/customers/journeys/{journey.pk}/pdf/").status_code == 404


def test_the_map_prints(journey, client_for, coordinator):
    response = client_for(coordinator).get(f"/customers/journeys/{journey.pk}/pdf/")
    if response.status_code == 302:  # this server cannot print PDFs
        pytest.skip("WeasyPrint unavailable")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_rating_stays_between_1_and_5(journey, client_for, manager):
    stage = JourneyStage.objects.get(name="Order")
    data = {
        "stage": stage.pk,
        "org_unit": journey.org_unit_id,
        "name": "Portal",
        "channel": "portal",
        "rating": 6,
    }
    page = client_for(manager).post("/customers/touchpoints/add/", data)
    assert page.status_code == 200
    assert "rating" in page.context["form"].errors
    assert not Touchpoint.objects.filter(name="Portal").exists()
