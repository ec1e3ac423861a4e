"""Browser journey of the legal register: the QSE coordinator registers a steam generator at
Roanne; the site's page proposes the steam generator texts from that new fact; a rejection
without a reason is refused; the text is accepted, one of its requirements evaluated, and the
site's conformity follows. The same page on a phone stays within the screen."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e


def french(text: str, context: str = "") -> str:
    with translation.override("fr"):
        if context:
            return translation.pgettext(context, text)
        return translation.gettext(text)


def test_a_new_steam_generator_proposes_its_texts(demo, new_page, log_in):
    from amelio.compliance.models import Applicability, Evaluation, LegalText

    roanne = demo.units["ROA"]
    text = LegalText.objects.get(library_key="env-generateurs-vapeur")
    assert not Applicability.objects.filter(org_unit=roanne, text=text).exists()
    page = new_page()
    log_in(page, "coordinator")
    site_page = f"/compliance/register/sites/{roanne.pk}/"
    page.goto(site_page)
    expect(page.locator(f"#proposal-{text.pk}")).to_have_count(0)

    page.goto(f"/compliance/equipment/add/?org_unit={roanne.pk}")
    page.fill("#id_name", "Générateur de vapeur de la ligne de dégraissage")
    page.select_option("#id_category", label="Générateurs de vapeur")
    page.fill("#id_commissioned_on", "2024-02-01")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/compliance/equipment/\d+/$"))

    page.goto(site_page)
    proposal = page.locator(f"#proposal-{text.pk}")
    expect(proposal).to_be_visible()
    expect(proposal).to_contain_text(french("equipment to inspect"))
    # Rejected without a reason: refused, still proposed.
    proposal.get_by_role("button", name=french("Does not apply"), exact=True).click()
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text(
        french("Say why the text does not apply to this site.")
    )
    assert not Applicability.objects.filter(org_unit=roanne, text=text).exists()
    page.locator(f"#proposal-{text.pk}").get_by_role(
        "button", name=french("Applies"), exact=True
    ).click()
    expect(page.locator(f"#proposal-{text.pk}")).to_have_count(0)
    row = Applicability.objects.get(org_unit=roanne, text=text)
    assert (row.decision, row.conformity) == ("applicable", "not_evaluated")

    page.goto(f"/compliance/register/{row.pk}/")
    page.locator("#conformity").get_by_role("link", name=french("Evaluate")).first.click()
    page.wait_for_url(re.compile(r"/compliance/evaluations/add/"))
    page.select_option("#id_result", "partial")
    page.locator("form button[type=submit]").last.click()
    # A gap needs its description: the form says so on the field.
    expect(page.locator("#record-form")).to_contain_text(french("Describe the gap found."))
    page.fill("#id_evidence", "Carnet de chaufferie incomplet en janvier.")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/compliance/evaluations/\d+/$"))
    assert Evaluation.objects.filter(requirement__text=text, org_unit=roanne).count() == 1
    row.refresh_from_db()
    assert row.conformity == "partial"

    phone = new_page(PHONE)
    log_in(phone, "coordinator")
    phone.goto(site_page)
    expect(phone.locator("#register")).to_contain_text(text.title)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
