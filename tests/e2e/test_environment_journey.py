"""Browser journey of the ICPE file: the QSE coordinator opens the Vénissieux site, declared
with periodic control, adds a store of flammable liquids above the registration threshold and
sees the site become registered, its periodic control no longer due; then looks at the
environmental analysis."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def french(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


def test_an_installation_above_a_threshold_changes_the_site_regime(demo, new_page, log_in):
    from amelio.environment.models import IcpeSite, Installation

    site = IcpeSite.objects.get(org_unit=demo.units["LYO"])
    assert site.regime == "DC"
    page = new_page()
    log_in(page, "coordinator")
    page.goto("/environment/icpe/")
    page.get_by_role("link", name=site.reference).click()
    page.wait_for_url(re.compile(rf"/environment/icpe/{site.pk}/$"))
    expect(page.locator("[data-regime]")).to_have_text(
        french("Declaration with periodic control (DC)")
    )
    expect(page.locator("#periodic-control")).to_be_visible()

    page.get_by_role("link", name=french("Add an installation")).click()
    page.wait_for_url(re.compile(r"/environment/installations/add/"))
    page.fill("#id_name", "Stockage vrac de solvants usagés")
    page.fill("#id_rubrique", "4331")
    page.fill("#id_quantity", "120")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/environment/installations/\d+/$"))
    added = Installation.objects.get(name="Stockage vrac de solvants usagés")
    assert (added.regime, added.alinea, added.site) == ("E", "2", site)

    page.goto(f"/environment/icpe/{site.pk}/")
    expect(page.locator("[data-regime]")).to_have_text(french("Registration (E)"))
    expect(page.locator("#periodic-control")).to_have_count(0)
    expect(page.locator("#classification")).to_contain_text("4331-2")
    site.refresh_from_db()
    assert (site.regime, site.next_control_due) == ("E", None)

    page.goto("/environment/aspects/analysis/")
    expect(page.locator("#aspect-heatmap td[data-count]").first).to_be_visible()
