"""The audits demo: an approved programme, audits in every state of a lived-in year, every
team independent of what it audits, and findings followed up."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from amelio.actions.models import Action
from amelio.audits import services
from amelio.audits.models import Audit, AuditProgramme, ChecklistTemplate, Finding
from amelio.nonconformities.models import Nonconformity
from amelio.processes.models import Process


@pytest.fixture(scope="module")
def demo(demo_company):
    """The demo company, loaded once for the whole run (tests/conftest.py)."""
    return demo_company


def test_the_programme_is_approved_with_every_process_and_its_clauses(demo, db):
    programme = AuditProgramme.objects.get()
    assert programme.status == "approved"
    assert programme.end_year - programme.start_year == 2
    assert programme.owner.username == "coordinator"
    assert programme.org_unit.code == "FMR"
    lines = {line.process.code: line for line in programme.process_lines.all()}
    assert set(lines) == set(Process.objects.values_list("code", flat=True))
    assert all(lines[code].risk_level == "high" for code in ("R-USI", "R-SOU", "R-PEI", "R-TS"))
    assert Counter(line.interval_months for line in lines.values()) == {12: 4, 24: 8, 36: 2}
    assert all(line.rationale for line in lines.values())
    assert programme.clauses.count() == 15
    assert programme.clauses.filter(standard="ISO 45001:2018").count() == 2


def test_audits_per_state_and_type(demo, db):
    assert Counter(Audit.objects.values_list("status", flat=True)) == {
        "closed": 9,
        "reported": 1,
        "prepared": 1,
        "planned": 5,
    }
    assert Counter(Audit.objects.values_list("audit_type", flat=True)) == {
        "process": 13,
        "system": 1,
        "supplier": 1,
        "product": 1,
    }
    supplier = Audit.objects.get(audit_type="supplier")
    assert supplier.third_party == "Aciéries du Forez"
    assert set(Audit.objects.values_list("report_language", flat=True)) == {"fr"}
    programme = AuditProgramme.objects.get()
    for audit in Audit.objects.all():
        assert audit.programme == programme
        assert programme.start_year <= audit.planned_start.year <= programme.end_year


def test_every_audit_team_is_independent(demo, db):
    for audit in Audit.objects.all():
        assert services.audit_independence_problems(audit) == [], audit.title
        assert audit.lead_auditor is not None


def test_done_audits_are_complete_and_dated_when_they_took_place(demo, db):
    today = timezone.localdate()
    for audit in Audit.objects.filter(status__in=["reported", "closed"]):
        assert audit.planned_start < today
        assert audit.checklist.exists()
        assert not audit.checklist.filter(answer="").exists()
        assert audit.findings.exists()
        assert audit.summary and audit.conclusion and audit.effectiveness
        assert audit.closing_at.date() == audit.planned_end
    for audit in Audit.objects.filter(status="closed"):
        assert audit.signed_off_by.username == "coordinator"
        assert audit.planned_end < audit.signed_off_on < today


def test_the_audit_in_preparation_has_its_checklist(demo, db):
    audit = Audit.objects.get(status="prepared")
    assert timezone.localdate() < audit.planned_start
    assert audit.checklist.exists()
    assert not audit.checklist.exclude(answer="").exists()
    for audit in Audit.objects.filter(status="planned"):
        assert timezone.localdate() < audit.planned_start
        assert not audit.checklist.exists()


def test_findings_raise_their_nonconformity_or_action(demo, db):
    grades = Counter(Finding.objects.values_list("grade", flat=True))
    assert grades == {"major": 1, "minor": 7, "observation": 9, "improvement": 5, "strength": 9}
    finding_type = ContentType.objects.get_for_model(Finding)
    for finding in Finding.objects.all():
        if finding.grade in ("major", "minor"):
            assert finding.nonconformity.nc_type == "audit"
            assert finding.nonconformity.severity == finding.grade
        linked = Action.objects.filter(
            links__content_type=finding_type, links__object_id=finding.pk
        )
        assert linked.exists() == (finding.grade == "improvement")
    raised = Nonconformity.objects.filter(nc_type="audit", audit_finding__isnull=False)
    assert Counter(raised.values_list("status", flat=True)) == {
        "closed": 6,
        "in_progress": 1,
        "draft": 1,
    }


def test_checklist_templates(demo, db):
    free, sheet = ChecklistTemplate.objects.order_by("id")
    assert free.title == "Audit de poste — 5S et sécurité"
    assert free.questions.count() == 8
    assert sheet.process.code == "R-SOU"
    assert sheet.questions.exists()
