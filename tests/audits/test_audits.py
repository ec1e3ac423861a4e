"""Audits: the independence check, the workflow and its refusals, the checklist, findings
raising nonconformities and actions, scoping, the coverage matrix and the indicators."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from amelio.actions.models import Action
from amelio.audits import services
from amelio.audits.models import Audit, AuditProgramme, ChecklistItem, Finding
from amelio.core import services as core
from amelio.core.models import Attachment
from amelio.nonconformities.models import Nonconformity
from amelio.processes.models import Process, ProcessFlow

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def process(org, manager):
    process = Process.objects.create(
        process_type="operational",
        code="R-USI",
        name="Usinage",
        purpose="Usiner les pièces conformes",
        resources="Centres d'usinage\nRégleurs formés",
        kpis="Taux de rebut",
        org_unit=org["a"],
        owner=manager,
    )
    ProcessFlow.objects.create(process=process, direction="input", label="Plans clients")
    ProcessFlow.objects.create(process=process, direction="output", label="Pièces usinées")
    return process


@pytest.fixture
def audit(org, process, auditor, coordinator):
    audit = Audit.objects.create(
        title="Audit du processus usinage",
        org_unit=org["a"],
        planned_start=dt.date(2026, 6, 10),
        planned_end=dt.date(2026, 6, 11),
        lead_auditor=auditor,
        created_by=coordinator,
    )
    audit.processes.set([process])
    return audit


def _started(audit, coordinator, auditor):
    core.record_transition(record=audit, user=coordinator, name="prepare")
    services.checklist_build(audit=audit, user=auditor, from_processes=True)
    return core.record_transition(record=audit, user=auditor, name="start")


def test_the_form_refuses_a_lead_auditor_who_owns_the_audited_process(
    client_for, org, process, manager
):
    response = client_for(manager).post(
        reverse("audits:audit_add"),
        {
            "title": "Audit usinage",
            "audit_type": "process",
            "org_unit": org["a"].pk,
            "processes": [process.pk],
            "lead_auditor": manager.pk,
            "planned_start": "2026-06-10",
            "report_language": "fr",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lead_auditor"] == [
        "Manager cannot audit R-USI Usinage: they own or deputise on that process."
    ]
    assert Audit.objects.count() == 0


def test_sending_the_plan_is_refused_once_the_lead_auditor_owns_a_process(
    audit, process, auditor, coordinator
):
    process.deputy = auditor
    process.save()
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=audit, user=coordinator, name="prepare")
    assert refused.value.messages == [
        "Auditor cannot audit R-USI Usinage: they own or deputise on that process."
    ]
    audit.refresh_from_db()
    assert (audit.status, audit.version) == ("planned", 1)


def test_the_checklist_is_built_from_the_process_sheet(audit, coordinator, auditor):
    core.record_transition(record=audit, user=coordinator, name="prepare")
    items = services.checklist_build(audit=audit, user=auditor, from_processes=True)
    questions = [i.question for i in items]
    assert len(items) == 7
    assert questions[1] == "Input “Plans clients”: is it received as needed, and checked?"
    assert questions[2] == (
        "Output “Pièces usinées”: does it meet the requirements of those who receive it?"
    )
    assert questions[3] == "Resource “Centres d'usinage”: is it available, maintained, competent?"
    assert questions[5] == "Indicator “Taux de rebut”: is it measured, on target, and acted upon?"
    assert {i.section for i in items} == {"R-USI Usinage"}
    assert [i.position for i in items] == [1, 2, 3, 4, 5, 6, 7]


def test_starting_needs_a_checklist_and_the_team(audit, coordinator, auditor, employee):
    core.record_transition(record=audit, user=coordinator, name="prepare")
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=audit, user=auditor, name="start")
    assert refused.value.messages == ["Build the checklist before starting the audit."]
    services.checklist_build(audit=audit, user=auditor, from_processes=True)
    with pytest.raises(ValidationError):
        core.record_transition(record=audit, user=employee, name="start")
    audit.refresh_from_db()
    assert audit.status == "prepared"
    assert core.record_transition(record=audit, user=auditor, name="start").status == "in_progress"


def test_an_auditor_off_the_team_may_not_fill_the_checklist(audit, coordinator, org):
    from amelio.core.models import RoleAssignment, User

    other = User.objects.create_user(username="other", password="pw")
    RoleAssignment.objects.create(user=other, org_unit=org["root"], role="auditor")
    _started(audit, coordinator, audit.lead_auditor)
    item = audit.checklist.first()
    with pytest.raises(PermissionDenied):
        services.checklist_answer(item=item, user=other, answer="conform", notes="Vu")
    item.refresh_from_db()
    assert (item.answer, item.notes) == ("", "")


def test_reporting_needs_every_answer_and_the_closing_meeting(audit, coordinator, auditor):
    _started(audit, coordinator, auditor)
    items = list(audit.checklist.all())
    services.checklist_answer(item=items[0], user=auditor, answer="conform", notes="Revue 2026")
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=audit, user=auditor, name="report")
    assert refused.value.messages == [
        "Answer every question of the checklist (or mark it not applicable) before "
        "reporting; 6 are left."
    ]
    for item in items[1:]:
        services.checklist_answer(item=item, user=auditor, answer="na", notes="")
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=audit, user=auditor, name="report")
    assert refused.value.messages == ["Record the closing meeting before reporting."]
    services.conduct_save(
        audit=audit,
        user=auditor,
        values={"closing_at": dt.datetime(2026, 6, 11, 16, tzinfo=dt.UTC)},
        expected_version=None,
    )
    assert core.record_transition(record=audit, user=auditor, name="report").status == "reported"


def test_sign_off_is_the_coordinators_and_needs_the_report_text(audit, coordinator, auditor):
    _started(audit, coordinator, auditor)
    for item in audit.checklist.all():
        services.checklist_answer(item=item, user=auditor, answer="conform", notes="")
    audit.refresh_from_db()
    services.conduct_save(
        audit=audit,
        user=auditor,
        values={"closing_at": dt.datetime(2026, 6, 11, 16, tzinfo=dt.UTC)},
        expected_version=audit.version,
    )
    core.record_transition(record=audit, user=auditor, name="report")
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=audit, user=auditor, name="sign_off")
    assert refused.value.messages == ["You are not allowed to do this step."]
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=audit, user=coordinator, name="sign_off")
    assert refused.value.messages == [
        "Write the summary and the conclusion of the report before signing it off."
    ]
    audit.refresh_from_db()
    services.conduct_save(
        audit=audit,
        user=auditor,
        values={"summary": "Processus maîtrisé.", "conclusion": "Efficace."},
        expected_version=audit.version,
    )
    signed = core.record_transition(record=audit, user=coordinator, name="sign_off")
    assert (signed.status, signed.signed_off_by) == ("closed", coordinator)
    with pytest.raises(PermissionDenied):
        services.checklist_answer(
            item=audit.checklist.first(), user=auditor, answer="nonconform", notes=""
        )


def test_a_stale_report_edit_is_refused_and_changes_nothing(audit, coordinator, auditor):
    _started(audit, coordinator, auditor)
    audit.refresh_from_db()
    read = audit.version
    services.conduct_save(
        audit=audit, user=auditor, values={"summary": "Première"}, expected_version=read
    )
    with pytest.raises(core.ConflictError):
        services.conduct_save(
            audit=audit, user=coordinator, values={"summary": "Seconde"}, expected_version=read
        )
    audit.refresh_from_db()
    assert audit.summary == "Première"


def test_a_major_finding_raises_a_nonconformity_for_the_process_owner(
    audit, coordinator, auditor, manager, process
):
    _started(audit, coordinator, auditor)
    item = audit.checklist.first()
    finding = services.finding_add(
        audit=audit,
        user=auditor,
        item=item,
        values={
            "grade": "major",
            "title": "Pas de vérification des moyens de mesure",
            "requirement": "ISO 9001 §7.1.5",
            "description": "Trois pieds à coulisse sans étiquette",
            "evidence": "Poste 4, 10/06",
        },
    )
    nc = Nonconformity.objects.get()
    assert finding.nonconformity == nc
    assert (nc.nc_type, nc.severity, nc.owner, nc.process) == ("audit", "major", manager, process)
    assert nc.title == "Pas de vérification des moyens de mesure"
    assert nc.qqoqccp_why == "ISO 9001 §7.1.5"
    assert nc.description == "Trois pieds à coulisse sans étiquette\n\nPoste 4, 10/06"
    assert nc.detected_on == dt.date(2026, 6, 10)
    assert nc.source_record == finding
    assert finding.checklist_item == item


def test_an_opportunity_raises_an_improvement_action_and_an_observation_nothing(
    audit, coordinator, auditor, manager
):
    _started(audit, coordinator, auditor)
    services.finding_add(
        audit=audit, user=auditor, values={"grade": "observation", "title": "Affichage daté"}
    )
    assert (Nonconformity.objects.count(), Action.objects.count()) == (0, 0)
    finding = services.finding_add(
        audit=audit, user=auditor, values={"grade": "improvement", "title": "Kanban outils"}
    )
    action = Action.objects.get()
    assert (action.action_type, action.owner, action.due_date) == (
        "improvement",
        manager,
        dt.date(2026, 9, 9),
    )
    assert action.links.get().target == finding
    assert action.links.get().role == "improvement"


def test_a_finding_made_through_the_register_form_raises_its_nonconformity_too(
    client_for, org, audit, coordinator
):
    response = client_for(coordinator).post(
        reverse("audits:finding_add"),
        {"audit": audit.pk, "grade": "minor", "title": "Écart", "org_unit": org["a"].pk},
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.nonconformity.severity == "minor"


def test_a_refused_photo_leaves_no_finding_behind(audit, coordinator, auditor):
    _started(audit, coordinator, auditor)
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError):
        services.finding_add(
            audit=audit, user=auditor, values={"grade": "major", "title": "X"}, photo=bad
        )
    assert (Finding.objects.count(), Nonconformity.objects.count()) == (0, 0)


def test_the_phone_form_records_a_finding_with_its_photo(client_for, audit, coordinator, auditor):
    _started(audit, coordinator, auditor)
    item = audit.checklist.first()
    response = client_for(auditor).post(
        reverse("audits:audit_finding_add", args=[audit.pk]),
        {
            "item": item.pk,
            "grade": "minor",
            "title": "Étiquette absente",
            "photo": SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    attachment = Attachment.objects.get()
    assert (attachment.target, attachment.original_name) == (finding, "photo.png")
    assert finding.nonconformity is not None


def test_answers_are_saved_one_by_one_with_htmx(client_for, audit, coordinator, auditor):
    _started(audit, coordinator, auditor)
    item = audit.checklist.first()
    response = client_for(auditor).post(
        reverse("audits:audit_item_answer", args=[audit.pk, item.pk]),
        {"answer": "observation", "notes": "Revue de processus de mars"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="q{item.pk}"' in response.content.decode()
    item.refresh_from_db()
    assert (item.answer, item.notes, item.answered_by) == (
        "observation",
        "Revue de processus de mars",
        auditor,
    )


def test_a_reader_sees_the_checklist_but_may_not_answer(client_for, audit, coordinator, reader):
    _started(audit, coordinator, audit.lead_auditor)
    client = client_for(reader)
    page = client.get(reverse("audits:audit_checklist", args=[audit.pk]))
    assert page.status_code == 200
    assert page.context["may_fill"] is False
    item = audit.checklist.first()
    refused = client.post(
        reverse("audits:audit_item_answer", args=[audit.pk, item.pk]), {"answer": "conform"}
    )
    assert refused.status_code == 403
    assert ChecklistItem.objects.get(pk=item.pk).answer == ""


def test_an_outsider_gets_404_on_every_audit_page(client_for, audit, outsider):
    client = client_for(outsider)
    for name in ("audit_checklist", "audit_finding_add", "audit_conduct"):
        assert client.get(reverse(f"audits:{name}", args=[audit.pk])).status_code == 404, name
    for name in ("audit_plan_pdf", "audit_report_pdf"):
        assert client.get(reverse(f"audits:{name}", args=[audit.pk])).status_code == 404, name
    assert client.post(reverse("audits:audit_checklist_build", args=[audit.pk])).status_code == 404


def test_the_programme_shows_its_coverage(client_for, org, process, audit, coordinator):
    programme = AuditProgramme.objects.create(
        title="Programme 2025-2027", org_unit=org["root"], start_year=2025, end_year=2027
    )
    services.programme_processes_save(
        programme=programme, user=coordinator, lines=[(process, "high", 12, "Rebuts en hausse")]
    )
    [clause, _other] = services.programme_clauses_save(
        programme=programme,
        user=coordinator,
        clauses=[("ISO 9001:2015", "7.1.5", "Ressources"), ("ISO 9001:2015", "10.2", "NC")],
    )
    audit.programme = programme
    audit.save()
    audit.clauses.set([clause])
    # The states of each year depend on today: 2027 is still "to plan" in June 2026.
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        response = client_for(coordinator).get(
            reverse("audits:auditprogramme_detail", args=[programme.pk])
        )
    coverage = response.context["coverage"]
    [(_line, cells)] = coverage["process_rows"]
    assert [cell.state for cell, _label in cells] == ["missing", "planned", "to_plan"]
    assert [[c.state for c, _l in row] for _c, row in coverage["clause_rows"]] == [
        ["", "planned", ""],
        ["", "", "to_plan"],
    ]
    assert coverage["missing_count"] == 1
    with pytest.raises(ValidationError):
        services.programme_clauses_save(programme=programme, user=coordinator, clauses=[])


def test_a_programme_covers_three_years_at_most(org):
    programme = AuditProgramme(title="P", org_unit=org["root"], start_year=2025, end_year=2028)
    with pytest.raises(ValidationError) as refused:
        programme.full_clean()
    assert refused.value.message_dict == {"end_year": ["A programme covers at most three years."]}


def test_the_indicators_page_counts_completion_and_findings(
    client_for, audit, coordinator, auditor
):
    _started(audit, coordinator, auditor)
    services.finding_add(audit=audit, user=auditor, values={"grade": "minor", "title": "A"})
    services.finding_add(audit=audit, user=auditor, values={"grade": "strength", "title": "B"})
    Audit.objects.create(
        title="Planned", org_unit=audit.org_unit, planned_start=dt.date(2026, 9, 1)
    )
    response = client_for(coordinator).get(reverse("audits:audit_indicators"))
    context = response.context
    assert (context["total"], context["done"], context["completion"]) == (2, 0, 0.0)
    assert context["table_rows"] == [("Usinage", [0, 1, 0, 0, 1, 0], 2)]
    assert context["open_ncs"] == 1
