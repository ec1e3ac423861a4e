"""Browser journey of a nonconformity on the demo company: the QSE coordinator reports it,
qualifies it, asks the 5 whys, plans a corrective action, tries to close too early (refused
with the reason shown), verifies the action's effectiveness and closes the nonconformity."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TITLE = "Rayures profondes sur les brides B-99 livrées"
ACTION_TITLE = "Poser des intercalaires dans les bacs de brides"


def french(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


def do(page, label: str, comment: str = "") -> None:
    """Press a workflow button (filling its reason first when it asks for one)."""
    form = page.locator("form", has=page.get_by_role("button", name=french(label), exact=True))
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    with page.expect_navigation():
        form.get_by_role("button", name=french(label), exact=True).click()


def report(page, demo) -> str:
    page.goto("/nonconformities/nonconformities/add/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_org_unit", str(demo.units["LYO-USI"].pk))
    page.fill("#id_product", "Bride B-99")
    page.fill("#id_defect_type", "Rayures")
    page.fill("#id_qqoqccp_what", "Rayures de 2 mm sur la face d'appui")
    page.click("#record-form button[type=submit]")
    page.wait_for_url(re.compile(r"/nonconformities/nonconformities/\d+/$"))
    expect(page.locator("h1")).to_contain_text(TITLE)
    return page.url


def five_whys(page) -> None:
    page.get_by_role("link", name=french("Edit the 5 whys")).click()
    page.wait_for_url(re.compile(r"/whys/$"))
    page.fill("#id_question_1", "Pourquoi les brides sont-elles rayées ?")
    page.fill("#id_answer_1", "Elles frottent entre elles dans le bac")
    page.fill("#id_question_2", "Pourquoi frottent-elles ?")
    page.fill("#id_answer_2", "Le bac n'a pas d'intercalaire")
    with page.expect_navigation():
        page.click("#whys-form button[type=submit]")
    expect(page.locator("#root-cause")).to_contain_text("Le bac n'a pas d'intercalaire")


def corrective_action(page, demo, nc_url: str) -> None:
    page.locator("#actions").get_by_role("link", name=french("New action")).click()
    page.wait_for_url(re.compile(r"/actions/actions/add/\?origin=nonconformities\."))
    page.fill("#id_title", ACTION_TITLE)
    page.select_option("#id_owner", str(demo.users["manager"].pk))
    page.fill("#id_due_date", (timezone.localdate() + dt.timedelta(days=30)).isoformat())
    page.fill("#id_effectiveness_criterion", "Aucune rayure sur 3 livraisons")
    page.click("#record-form button[type=submit]")
    page.wait_for_url(re.compile(r"/actions/actions/\d+/$"))


def test_report_analyse_act_and_close(demo, new_page, log_in):
    from amelio.actions.models import Action
    from amelio.nonconformities.models import Nonconformity

    page = new_page({"width": 1280, "height": 1000})
    log_in(page, "coordinator")
    nc_url = report(page, demo)
    do(page, "Qualify")
    do(page, "Start the analysis")
    five_whys(page)
    do(page, "Plan the actions")
    corrective_action(page, demo, nc_url)
    action_url = page.url
    do(page, "Mark as done")
    page.goto(nc_url)
    expect(page.locator("#actions")).to_contain_text(ACTION_TITLE)
    do(page, "Start the actions")
    do(page, "Check effectiveness")

    close = page.locator("#r-close").locator("xpath=..").get_by_role("button")
    expect(close).to_be_disabled()
    expect(page.locator("#r-close")).to_contain_text(
        french(
            "Every linked action must be verified effective before closure; "
            "some are not verified yet."
        )
    )
    nc = Nonconformity.objects.get(title=TITLE)
    assert (nc.status, nc.closed_on) == ("effectiveness_check", None)

    page.goto(action_url)
    do(page, "Effective: close", "Trois livraisons sans rayure")
    assert Action.objects.get(title=ACTION_TITLE).status == "verified"

    page.goto(nc_url)
    do(page, "Close the nonconformity")
    nc.refresh_from_db()
    assert (nc.status, nc.closed_on) == ("closed", timezone.localdate())
    assert nc.root_cause == "Le bac n'a pas d'intercalaire"
