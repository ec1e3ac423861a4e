"""Browser journey of the customer journey map on the demo company: the coordinator opens the
map, reads the six stages side by side at desktop width, adds a touchpoint from the link under
the "Offre" stage (the form comes set to that stage) and finds its card under that stage; on a
phone the stages are stacked, in their order, with no sideways scrolling."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

WIDE = {"width": 1440, "height": 900}


def french(text: str) -> str:
    """`text` as the French interface shows it (the source text while untranslated)."""
    with translation.override("fr"):
        return translation.gettext(text)


def _boxes(page) -> list[dict]:
    return [page.locator(f'[data-stage="{n}"]').bounding_box() for n in range(1, 7)]


def test_the_map_side_by_side_then_a_new_touchpoint_under_its_stage(demo, new_page, log_in):
    from amelio.customers.models import Journey, JourneyStage

    journey = Journey.objects.get(name="De la demande de devis à la livraison")
    offer = JourneyStage.objects.get(journey=journey, name="Offre")
    page = new_page(WIDE)
    log_in(page, "coordinator")
    page.goto(f"/customers/journeys/{journey.pk}/")
    boxes = _boxes(page)
    assert len({round(b["y"]) for b in boxes}) == 1
    assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    expect(page.locator("#experience-chart .main-svg").first).to_be_visible()

    page.locator('[data-stage="2"]').get_by_role("link", name=french("Add a touchpoint")).click()
    expect(page.locator("select[name=stage]")).to_have_value(str(offer.pk))
    page.fill("input[name=name]", "Visio de présentation de l'offre")
    page.select_option("select[name=channel]", "visit")
    page.fill("textarea[name=measure]", "Part des offres présentées en visio")
    page.fill("input[name=rating]", "4")
    page.get_by_role("button", name=french("Save")).click()
    page.locator(f'a[href="/customers/journeys/{journey.pk}/#journey-map"]').click()
    expect(page.locator('[data-stage="2"]')).to_contain_text("Visio de présentation de l'offre")
    expect(page.locator('[data-stage="3"]')).not_to_contain_text("Visio de présentation")


def test_on_a_phone_the_stages_are_stacked(demo, new_page, log_in):
    from amelio.customers.models import Journey

    journey = Journey.objects.get(name="De la demande de devis à la livraison")
    page = new_page(PHONE)
    log_in(page, "coordinator")
    page.goto(f"/customers/journeys/{journey.pk}/")
    boxes = _boxes(page)
    assert len({round(b["x"]) for b in boxes}) == 1
    assert [b["y"] for b in boxes] == sorted(b["y"] for b in boxes)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
