"""Browser smoke journey on the demo company: a coordinator adds a context issue, finds it in
the Threats quadrant of the SWOT board, switches the interface to English and finds it
remembered; then the same user opens the menu on a phone-size screen."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

ISSUE_TITLE = "Nouvelle taxe carbone aux frontières (MACF)"
TOPBAR_GREEN = "rgb(11, 93, 91)"  # --amelio-primary: proves app.css and Bootstrap loaded


def french(text: str) -> str:
    """`text` as the French interface shows it (the source text while no catalogue is
    compiled, so the checks hold whether or not the translations are done)."""
    with translation.override("fr"):
        return translation.gettext(text)


def expect_language(page, code: str) -> None:
    """The page is in language `code` and the top-bar button of `code` is the pressed one."""
    expect(page.locator("html")).to_have_attribute("lang", code)
    pressed = page.locator("button[name=language][aria-pressed=true]")
    expect(pressed).to_have_attribute("value", code)


def expect_styled(page) -> None:
    """Bootstrap and app.css are applied: the top bar has Amelio's colour."""
    colour = page.locator("nav.amelio-topbar").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert colour == TOPBAR_GREEN


def add_threat(page, demo) -> str:
    """Fill the context-issue form as an external legal threat; return the detail URL."""
    page.goto("/context/issues/add/")
    page.fill("#id_title", ISSUE_TITLE)
    page.select_option("#id_org_unit", str(demo.units["LYO"].pk))
    page.select_option("#id_origin", "external")
    page.select_option("#id_swot", "threat")
    page.select_option("#id_pestel", "legal")
    page.select_option("#id_domain", "environment")
    page.fill("#id_description", "Coût additionnel sur l'acier importé à partir de 2026.")
    page.select_option("#id_impact", "3")
    page.select_option("#id_trend", "worsening")
    page.check("#id_climate_related")
    page.select_option("#id_owner", str(demo.users["coordinator"].pk))
    page.fill("#id_review_date", "2030-06-30")
    page.click("#record-form button[type=submit]")
    page.wait_for_url(re.compile(r"/context/issues/\d+/$"))
    expect(page.locator("h1")).to_contain_text(ISSUE_TITLE)
    return page.url


def check_swot_board(page) -> None:
    """The new issue sits in the Threats quadrant, and only there."""
    page.goto("/context/issues/swot/")
    threats = page.locator("[data-quadrant=threat]")
    expect(threats.get_by_text(ISSUE_TITLE)).to_be_visible()
    for other in ("strength", "weakness", "opportunity"):
        expect(page.locator(f"[data-quadrant={other}]").get_by_text(ISSUE_TITLE)).to_have_count(0)
    expect(page.locator("h1")).to_have_text(french("SWOT board"))


def switch_to_english(page) -> None:
    """Press EN in the top bar; the same page comes back in English."""
    page.click("button[name=language][value=en]")
    page.wait_for_url(re.compile(r"/context/issues/swot/$"))
    expect_language(page, "en")
    expect(page.locator("h1")).to_have_text("SWOT board")
    expect(page.locator("[data-quadrant=threat] h2")).to_have_text("Threats")


def test_coordinator_journey(demo, new_page, log_in):
    """Add an issue, see it on the SWOT board, switch to English and keep it across logins."""
    from amelio.core.models import User

    page = new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h2")).to_have_text(french("Log in"))

    log_in(page, "coordinator")
    expect_styled(page)
    expect_language(page, "fr")
    expect(page.locator("#sidebar")).to_contain_text(french("My items"))

    add_threat(page, demo)
    check_swot_board(page)

    switch_to_english(page)
    assert User.objects.get(username="coordinator").language == "en"
    page.reload()
    expect_language(page, "en")

    page.click("nav.amelio-topbar .dropdown-toggle")
    page.click("text=Log out")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the cookie stays

    fresh = new_page()  # no cookie: the language comes from the profile
    log_in(fresh, "coordinator")
    expect_language(fresh, "en")
    expect(fresh.locator("#sidebar")).to_contain_text("My items")


def test_phone_menu(demo, new_page, log_in):
    """On a 390 x 844 screen the registers are in an off-canvas menu opened by "Menu"."""
    page = new_page(PHONE)
    log_in(page, "coordinator")
    expect_styled(page)
    sidebar = page.locator("#sidebar")
    expect(sidebar).not_to_be_visible()

    page.get_by_role("button", name=french("Menu")).click()
    expect(sidebar).to_be_visible()
    expect(sidebar).to_have_class(re.compile(r"\bshow\b"))
    sidebar.locator('[data-bs-target="#nav-steering"]').click()  # registers grouped by domain
    register_link = re.compile(re.escape(french("context issues")), re.IGNORECASE)
    sidebar.get_by_role("link", name=register_link).click()
    page.wait_for_url(re.compile(r"/context/issues/$"))
    expect(page.locator("h1")).to_be_visible()
    expect(sidebar).not_to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"


def test_invalid_form_shows_errors(demo, new_page, log_in):
    """Saving an internal threat without a title says what is wrong, without leaving the page."""
    page = new_page()
    log_in(page, "coordinator")
    page.goto("/context/issues/add/")
    page.select_option("#id_origin", "internal")
    page.select_option("#id_swot", "threat")
    page.click("#record-form button[type=submit]")
    expect(page.locator("#record-form .alert-danger")).to_be_visible(timeout=3_000)
    expect(page.locator("#id_swot_error")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/context/issues/add/$"))


def test_owner_filter_suggests_people_as_you_type(demo, new_page, log_in):
    """The owner filter is a search box: a few letters bring the person, picking filters."""
    page = new_page()
    log_in(page, "coordinator")
    page.goto("/context/issues/")
    page.click("button[data-bs-target='#more-filters']")
    owner = page.locator("#id_owner")
    owner.press_sequentially("mart", delay=50)
    suggestion = page.locator("#id_owner-people option[value=coordinator]")
    expect(suggestion).to_have_count(1, timeout=3_000)
    expect(suggestion).to_contain_text("Claire Martin")
    owner.fill("coordinator")
    owner.press("Enter")
    page.wait_for_url(re.compile(r"owner=coordinator"))
    owners = page.locator("#results tbody tr td:nth-child(7)")
    expect(owners.first).to_have_text("Claire Martin")
    assert set(owners.all_inner_texts()) == {"Claire Martin"}
