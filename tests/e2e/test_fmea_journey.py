"""Browser journey of the FMEA worksheet on the demo company: the production manager opens
the machining FMEA's worksheet, starts a new line below the last one with Ctrl+Enter and
types it from the keyboard only (Tab from cell to cell); the line is created once its required
columns are filled and shows its RPN; Enter moves to the line below. On a phone the worksheet
scrolls inside its frame and the page is no wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

WIDE = {"width": 1440, "height": 900}


def test_a_line_typed_with_the_keyboard_only(demo, new_page, log_in):
    from amelio.riskanalysis.models import Fmea, FmeaLine

    fmea = Fmea.objects.get(title__startswith="AMDEC processus")
    last = FmeaLine.objects.filter(fmea=fmea).order_by("position").last()
    page = new_page(WIDE)
    log_in(page, "manager")
    page.goto(f"/riskanalysis/fmea/{fmea.pk}/worksheet/")
    expect(page.locator("#worksheet tbody tr")).to_have_count(30)
    page.locator(f"#line-{last.pk} .ws-cell").first.focus()
    page.keyboard.press("Control+Enter")
    draft = page.locator("#worksheet tbody tr.ws-draft")
    expect(draft).to_have_count(1)
    for text in (
        "Op. 130 Expédition",
        "Livrer le bon client",
        "Erreur d'adresse de livraison",
        "Lot livré sur un autre site du client",
        "6",
    ):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # class: none
    for text in ("Adresse saisie à la main", "Adresse issue de la commande", "2", "", "4"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    created = page.locator("#worksheet tbody tr").nth(30)
    expect(created).not_to_have_class("ws-draft")
    expect(created.locator('[data-score="rpn"]')).to_have_text("48")
    line = FmeaLine.objects.get(fmea=fmea, failure_mode="Erreur d'adresse de livraison")
    assert (line.initial_score, line.position > last.position) == (48, True)
    assert line.created_by.username == "manager"

    first = page.locator("#worksheet tbody tr").first.locator("[data-field=occurrence]")
    first.focus()
    page.keyboard.press("Enter")
    second = page.locator("#worksheet tbody tr").nth(1).locator("[data-field=occurrence]")
    expect(second).to_be_focused()


def test_on_a_phone_the_worksheet_scrolls_in_its_frame(demo, new_page, log_in):
    from amelio.riskanalysis.models import Fmea

    fmea = Fmea.objects.get(title__startswith="AMDEC processus")
    page = new_page(PHONE)
    log_in(page, "coordinator")
    page.goto(f"/riskanalysis/fmea/{fmea.pk}/worksheet/")
    expect(page.locator("#worksheet tbody tr").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
