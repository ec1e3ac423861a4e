"""What a finding raises and when; the checklist's count after an answer; a signed-off audit's
findings stay as reported (the generic rule is tested over every register in
tests/core/test_locks.py; here, the audit's own pages)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from amelio.audits import services
from amelio.audits.models import Audit, Finding
from amelio.core import services as core
from amelio.nonconformities.models import Nonconformity


@pytest.fixture
def audit(org, auditor, coordinator):
    """An audit planned on 10-11 June 2026, its checklist built and started."""
    audit = Audit.objects.create(
        title="Audit du magasin",
        org_unit=org["a"],
        planned_start=dt.date(2026, 6, 10),
        planned_end=dt.date(2026, 6, 11),
        lead_auditor=auditor,
        created_by=coordinator,
    )
    core.record_transition(record=audit, user=coordinator, name="prepare")
    services.question_add(audit=audit, user=auditor, question="Les stocks sont-ils identifiés ?")
    services.question_add(audit=audit, user=auditor, question="Les FIFO sont-ils tenus ?")
    return core.record_transition(record=audit, user=auditor, name="start")


def _major(audit, auditor) -> Finding:
    return services.finding_add(
        audit=audit, user=auditor, values={"grade": "major", "title": "Stock non identifié"}
    )


def test_a_finding_recorded_before_the_planned_dates_is_detected_that_day(audit, auditor):
    with time_machine.travel(dt.datetime(2026, 5, 20, 15, 0, tzinfo=dt.UTC), tick=False):
        _major(audit, auditor)
    assert Nonconformity.objects.get().detected_on == dt.date(2026, 5, 20)


def test_a_finding_recorded_during_or_after_the_audit_is_detected_on_its_first_day(audit, auditor):
    with time_machine.travel(dt.datetime(2026, 6, 11, 9, 0, tzinfo=dt.UTC), tick=False):
        _major(audit, auditor)
    with time_machine.travel(dt.datetime(2026, 7, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        _major(audit, auditor)
    detected = list(Nonconformity.objects.order_by("pk").values_list("detected_on", flat=True))
    assert detected == [dt.date(2026, 6, 10), dt.date(2026, 6, 10)]


def test_saving_an_answer_sends_the_new_count_with_the_question(client_for, audit, auditor):
    first, second = audit.checklist.order_by("position")
    client = client_for(auditor)
    url = reverse("audits:audit_item_answer", args=[audit.pk, first.pk])
    response = client.post(
        url, {"answer": "conform", "notes": ""}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="q{first.pk}"' in html
    progress = re.search(r'<div[^>]*id="progress"[^>]*>(.*?)</div>\s*$', html, re.S)
    assert progress is not None
    assert 'hx-swap-oob="true"' in progress.group(0)
    assert "1 of 2 questions answered" in progress.group(1)
    assert 'aria-valuenow="1"' in progress.group(1)
    url = reverse("audits:audit_item_answer", args=[audit.pk, second.pk])
    again = client.post(url, {"answer": "na"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert "2 of 2 questions answered" in again.content.decode()
    page = client.get(reverse("audits:audit_checklist", args=[audit.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "2 of 2 questions answered" in page.content.decode()
    assert 'hx-swap-oob="true"' not in page.content.decode()


def _signed_off(audit, coordinator, auditor) -> Audit:
    for item in audit.checklist.all():
        services.checklist_answer(item=item, user=auditor, answer="conform", notes="")
    values = {
        "closing_at": dt.datetime(2026, 6, 11, 16, 0, tzinfo=dt.UTC),
        "summary": "Bonne tenue",
        "conclusion": "Conforme",
    }
    services.conduct_save(audit=audit, user=auditor, values=values, expected_version=None)
    core.record_transition(record=audit, user=auditor, name="report")
    return core.record_transition(record=audit, user=coordinator, name="sign_off")


def test_a_signed_off_audit_keeps_its_findings_on_its_own_pages(
    client_for, audit, coordinator, auditor
):
    finding = services.finding_add(
        audit=audit, user=auditor, values={"grade": "observation", "title": "Allées encombrées"}
    )
    audit = _signed_off(audit, coordinator, auditor)
    client = client_for(coordinator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    reason = (
        f"{audit.reference} is “Closed”: its audit findings can no longer be added, changed "
        "or archived."
    )
    page = client.get(reverse("audits:finding_detail", args=[finding.pk]))
    assert reason in page.content.decode()
    edit = client.get(reverse("audits:finding_edit", args=[finding.pk]), follow=True)
    assert reason in [str(m) for m in edit.context["messages"]]
    audit_page = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert reverse("audits:audit_finding_add", args=[audit.pk]) not in audit_page
    refused = client.post(
        reverse("audits:audit_finding_add", args=[audit.pk]),
        {"grade": "minor", "title": "Ajout après signature"},
    )
    assert refused.status_code == 403
    assert Finding.objects.count() == 1
    assert Finding.objects.get().version == 1
