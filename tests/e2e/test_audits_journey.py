"""Browser journey of an audit on a phone: the lead auditor opens the checklist of an audit
of the demo company, answers a question with the evidence seen, records a finding with a photo
taken on the spot, and finds it under the question, its nonconformity raised."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
FINDING = "Pied à coulisse du poste 4 sans étiquette d'étalonnage"


def french(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


def _audit_in_progress(demo):
    """An audit of a process Sophie Leroy does not own, started, its checklist built."""
    from amelio.audits import services
    from amelio.audits.models import Audit
    from amelio.core import services as core
    from amelio.processes.models import Process

    auditor, coordinator = demo.users["auditor"], demo.users["coordinator"]
    process = (
        Process.objects.active()
        .exclude(owner=auditor)
        .exclude(deputy=auditor)
        .filter(code="R-USI")
        .first()
    ) or Process.objects.active().exclude(owner=auditor).exclude(deputy=auditor).first()
    audit = Audit.objects.create(
        title="Audit usinage — parcours e2e",
        org_unit=process.org_unit,
        planned_start=timezone.localdate(),
        lead_auditor=auditor,
        created_by=coordinator,
    )
    audit.processes.set([process])
    core.record_transition(record=audit, user=coordinator, name="prepare")
    services.checklist_build(audit=audit, user=auditor, from_processes=True)
    core.record_transition(record=audit, user=auditor, name="start")
    return audit


def test_fill_a_checklist_and_add_a_finding_with_a_photo_on_a_phone(
    demo, new_page, log_in, tmp_path
):
    from amelio.audits.models import Finding

    audit = _audit_in_progress(demo)
    item = audit.checklist.order_by("position").first()
    page = new_page(PHONE)
    log_in(page, "auditor")
    page.goto(f"/audits/audits/{audit.pk}/checklist/")
    question = page.locator(f"#q{item.pk}")
    expect(question).to_contain_text(item.question)
    # The page fits the phone's width: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    question.get_by_text(french("Conform"), exact=True).click()
    question.locator("textarea[name=notes]").fill("Revue de processus du 12/03 présentée")
    question.get_by_role("button", name=french("Save")).click()
    expect(page.locator(f"#q{item.pk}")).to_contain_text(french("Saved"))
    expect(page.locator("#progress")).to_be_visible()
    item.refresh_from_db()
    assert (item.answer, item.notes) == ("conform", "Revue de processus du 12/03 présentée")

    photo = tmp_path / "etiquette.png"
    photo.write_bytes(PNG)
    page.locator(f"#q{item.pk}").get_by_role("link", name=french("Finding")).click()
    page.wait_for_url(re.compile(r"/finding/\?item="))
    page.select_option("#id_grade", "minor")
    page.fill("#id_title", FINDING)
    page.fill("#id_evidence", "Constaté au poste 4 le jour de l'audit")
    page.set_input_files("#id_photo", str(photo))
    page.click("#finding-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/audits/audits/{audit.pk}/checklist/"))
    expect(page.locator(f"#q{item.pk}")).to_contain_text(FINDING)

    finding = Finding.objects.get(title=FINDING)
    assert finding.checklist_item == item
    assert finding.nonconformity is not None
    assert finding.nonconformity.nc_type == "audit"
    from amelio.core.models import Attachment

    assert Attachment.objects.filter(object_id=finding.pk, original_name="etiquette.png").exists()
