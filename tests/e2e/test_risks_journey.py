"""Browser journey of risks on the demo company: the QSE coordinator assesses a new risk, sees
it on the inherent heatmap, adds a residual assessment after treatment, sees it move on the
residual heatmap, follows the cell to the filtered list, and records a review."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TITLE = "Chute de hauteur lors du nettoyage des cabines de peinture"


def assess(page, demo) -> None:
    """Fill the add form: likelihood 4, severity 4 on the default 4x4 matrix."""
    page.goto("/risks/risks/add/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_org_unit", str(demo.units["LYO-PEI"].pk))
    page.check("#id_domain_safety")
    page.fill("#id_event", "Chute depuis l'escabeau en nettoyant le plafond de la cabine")
    page.fill("#id_inherent_likelihood", "4")
    page.fill("#id_inherent_severity", "4")
    page.select_option("#id_treatment", "reduce")
    page.click("#record-form button[type=submit]")
    page.wait_for_url(re.compile(r"/risks/risks/\d+/$"))
    expect(page.locator("[data-assessment=inherent]")).to_contain_text("16")


def heatmap_cell(page, prefix: str, cell: str):
    return page.locator(f"#heatmap-{prefix} [data-cell='{cell}']")


def open_heatmap(page) -> None:
    page.goto("/risks/risks/heatmap/")
    search = page.locator("form.amelio-filters input[name=q]")
    search.fill("nettoyage des cabines")
    with page.expect_navigation():
        search.press("Enter")


def test_assess_treat_and_see_the_risk_move(demo, new_page, log_in):
    from amelio.risks.models import Risk

    page = new_page({"width": 1280, "height": 1000})
    log_in(page, "coordinator")
    assess(page, demo)
    risk = Risk.objects.get(title=TITLE)
    assert (risk.inherent_score, risk.inherent_level, risk.residual_score) == (16, "critical", None)

    open_heatmap(page)
    expect(heatmap_cell(page, "inherent", "4-4")).to_have_attribute("data-count", "1")
    expect(page.locator("#heatmap-residual [data-count='1']")).to_have_count(0)

    page.goto(f"/risks/risks/{risk.pk}/edit/")
    page.fill("#id_residual_likelihood", "2")
    page.fill("#id_residual_severity", "2")
    page.fill("#id_treatment_description", "Nacelle et ligne de vie installées")
    page.click("#record-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/risks/risks/{risk.pk}/$"))
    expect(page.locator("[data-assessment=residual]")).to_contain_text("4")
    risk.refresh_from_db()
    assert (risk.residual_score, risk.residual_level) == (4, "medium")

    open_heatmap(page)
    expect(heatmap_cell(page, "inherent", "4-4")).to_have_attribute("data-count", "1")
    expect(heatmap_cell(page, "residual", "2-2")).to_have_attribute("data-count", "1")
    expect(heatmap_cell(page, "residual", "4-4")).to_have_attribute("data-count", "0")

    with page.expect_navigation():
        heatmap_cell(page, "residual", "2-2").locator("a").click()
    assert "residual_likelihood=2" in page.url
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text(TITLE)

    page.goto(f"/risks/risks/{risk.pk}/")
    page.fill("#id_review_comment", "Vérifié sur le terrain")
    with page.expect_navigation():
        page.click("#review-form button[type=submit]")
    expect(page.locator("#reviews")).to_contain_text("Vérifié sur le terrain")
    page.wait_for_selector("#risk-evolution .main-svg")
    assert risk.reviews.get().residual_score == 4
