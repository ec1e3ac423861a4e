"""Browser journey of the indicators on the demo company: the production manager types this
month's on-time delivery rate in the grid, sees the point flagged by the control rules and the
alert in the top bar, and creates the action that answers the indicator in one click."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

INDICATOR = "Taux de service client"
ACTION_TITLE = "Relancer la planification à capacité finie"


def french(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


def test_value_breaking_a_rule_is_flagged_and_answered_by_an_action(new_page, demo, log_in):
    from amelio.actions.models import ActionLink
    from amelio.indicators.models import Indicator

    indicator = Indicator.objects.get(name=INDICATOR)
    today = timezone.localdate()
    period = dt.date(today.year, today.month, 1)
    page = new_page()
    log_in(page, "manager")
    page.goto(f"/indicators/indicators/{indicator.pk}/")
    page.fill(f"#value-{period.isoformat()}", "71,5")
    page.locator("#values-grid button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/indicators/indicators/{indicator.pk}/$"))

    expect(page.locator("#latest-value")).to_contain_text("71,5")
    expect(page.locator("#status [data-status=off_target]")).to_be_visible()
    flagged = page.locator("#violations tr[data-rule=we1]").first
    expect(flagged).to_contain_text(period.strftime("%m/%Y"))
    expect(page.locator("#indicator-control .scatterlayer")).to_be_visible()
    expect(page.locator("#alerts-bell .badge")).to_be_visible()

    page.locator("#create-action").click()
    page.wait_for_url(re.compile(r"/actions/actions/add/\?origin=indicators\.indicator"))
    page.fill("#id_title", ACTION_TITLE)
    page.select_option("#id_owner", str(demo.users["manager"].pk))
    page.fill("#id_due_date", (today + dt.timedelta(days=30)).isoformat())
    page.fill("#id_effectiveness_criterion", "Taux de service ≥ 95 % trois mois de suite")
    page.click("#record-form button[type=submit]")
    page.wait_for_url(re.compile(r"/actions/actions/\d+/$"))

    page.goto(f"/indicators/indicators/{indicator.pk}/")
    expect(page.locator("#actions").get_by_text(ACTION_TITLE)).to_be_visible()
    assert ActionLink.objects.filter(object_id=indicator.pk, action__title=ACTION_TITLE).exists()
