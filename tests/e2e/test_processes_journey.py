"""Browser journey of the process map on the demo company: the coordinator opens the map,
clicks a box to reach its sheet, adds an output that feeds another process, and sees the new
arrow on the map; the printed map keeps only the drawing."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def french(text: str) -> str:
    """`text` as the French interface shows it (the source text while untranslated)."""
    with translation.override("fr"):
        return translation.gettext(text)


def test_map_to_sheet_and_back_with_a_new_arrow(demo, new_page, log_in):
    from amelio.processes.models import Process

    painting = Process.objects.get(code="R-PEI")
    maintenance = Process.objects.get(code="S-MAI")
    page = new_page()
    log_in(page, "coordinator")
    page.goto("/processes/map/")
    arrows = page.locator("path.pm-arrow")
    before = arrows.count()
    assert before == 19  # with the arrow of Roanne's surface treatment
    expect(
        page.locator(f'[data-source="{painting.pk}"][data-target="{maintenance.pk}"]')
    ).to_have_count(0)

    page.locator(f'a[data-process="{painting.pk}"]').click()
    page.wait_for_url(f"**/processes/processes/{painting.pk}/")
    expect(page.locator("h1")).to_contain_text("Peinture poudre")

    page.get_by_role("link", name=french("Edit inputs and outputs")).click()
    page.select_option("select[name=flows-1-direction]", "output")
    page.fill("input[name=flows-1-label]", "Demandes d'intervention sur la ligne")
    page.select_option("select[name=flows-1-counterpart_process]", str(maintenance.pk))
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"**/processes/processes/{painting.pk}/")
    expect(page.locator("table.pm-flows").last).to_contain_text(
        "Demandes d'intervention sur la ligne"
    )

    page.goto("/processes/map/")
    expect(arrows).to_have_count(before + 1)
    expect(
        page.locator(f'[data-source="{painting.pk}"][data-target="{maintenance.pk}"]')
    ).to_have_count(1)

    page.emulate_media(media="print")
    expect(page.locator(".amelio-sidebar")).to_be_hidden()
    expect(page.locator(".pm-filters")).to_be_hidden()
    expect(page.locator("svg.pm-svg")).to_be_visible()
