"""Browser journey of public reporting on a phone: someone in the workshop scans the site's
QR code, reports a near miss with a photo without an account, gets its number; the QSE
coordinator finds it in the inbox and triages it into a safety event."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
WHAT = "Un chariot a reculé sans bip de recul, un collègue a dû s'écarter"


def french(text: str, context: str | None = None) -> str:
    with translation.override("fr"):
        if context:
            return translation.pgettext(context, text)
        return translation.gettext(text)


def test_report_a_near_miss_through_the_public_qr_form_on_a_phone(demo, new_page, log_in, tmp_path):
    from amelio.safety import services
    from amelio.safety.models import PublicReport, SafetyEvent

    site = demo.units["LYO"]
    link = services.reporting_link(site, demo.users["coordinator"])
    photo = tmp_path / "quai.png"
    photo.write_bytes(PNG)

    page = new_page(PHONE)
    page.goto(f"/safety/report/{link.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        french("Report a hazard, a near miss or an idea")
    )
    expect(page.locator("body")).to_contain_text(site.name)
    # The form fits the phone's width: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_text(french("Near miss"), exact=True).click()
    page.fill("#id_place", "Quai 2, expédition")
    page.fill("#id_description", WHAT)
    page.set_input_files("#id_photo", str(photo))
    page.get_by_role("button", name=french("Send")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        french("Thank you, your report is sent.")
    )
    report = PublicReport.objects.get(description=WHAT)
    expect(page.locator("body")).to_contain_text(report.reference)
    assert (report.kind, report.org_unit, report.status) == ("near_miss", site, "new")

    staff = new_page(PHONE)
    log_in(staff, "coordinator")
    staff.goto("/safety/reports/?status=new")
    staff.get_by_role("link", name=report.reference).click()
    staff.wait_for_url(re.compile(rf"/safety/reports/{report.pk}/$"))
    staff.fill("#id_title", "Chariot sans bip de recul au quai 2")
    staff.get_by_role("button", name=french("Create the event")).click()
    staff.wait_for_url(re.compile(r"/safety/events/\d+/$"))
    event = SafetyEvent.objects.get(title="Chariot sans bip de recul au quai 2")
    expect(staff.locator("body")).to_contain_text(event.reference)
    expect(staff.locator("body")).to_contain_text("quai.png")
    report.refresh_from_db()
    assert (report.status, report.event, event.event_type) == ("triaged", event, "near_miss")


def test_the_rates_and_waste_charts_are_drawn(demo, new_page, log_in):
    page = new_page()
    log_in(page, "coordinator")
    page.goto("/safety/events/rates/")
    expect(page.locator("#trend-chart .main-svg").first).to_be_visible()
    expect(page.locator("#body-chart .main-svg").first).to_be_visible()
    page.goto("/environment/register/indicators/")
    expect(page.locator("#sankey-chart .main-svg").first).to_be_visible()
    page.goto("/nonconformities/nonconformities/analysis/")
    expect(page.locator("#pareto-chart .main-svg").first).to_be_visible()
