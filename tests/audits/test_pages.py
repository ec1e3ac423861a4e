"""Audit pages render for the team and the report PDF says what the report must say, in
French and in English (text read back from the PDF)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation

from amelio.audits import services
from amelio.audits.models import ChecklistTemplate
from amelio.core import services as core
from tests.audits.test_audits import _started, audit, process  # noqa: F401  (fixtures)

pypdf = pytest.importorskip("pypdf")


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    # Headings are upper-cased by the style sheet: compare without case.
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages).casefold()


@pytest.fixture
def reported(audit, coordinator, auditor, manager):  # noqa: F811
    _started(audit, coordinator, auditor)
    audit.team.set([coordinator])
    audit.auditees.set([manager])
    for item in audit.checklist.all():
        services.checklist_answer(item=item, user=auditor, answer="conform", notes="")
    services.finding_add(
        audit=audit,
        user=auditor,
        values={"grade": "minor", "title": "Étalonnage non tracé", "requirement": "§7.1.5"},
    )
    services.finding_add(
        audit=audit, user=auditor, values={"grade": "strength", "title": "Équipe impliquée"}
    )
    services.conduct_save(
        audit=audit,
        user=auditor,
        values={
            "closing_at": dt.datetime(2026, 6, 11, 16, tzinfo=dt.UTC),
            "summary": "Processus globalement maîtrisé.",
            "effectiveness": "reservations",
            "maturity": "Indicateurs suivis chaque mois.",
            "conclusion": "Processus efficace avec réserves.",
        },
        expected_version=None,
    )
    core.record_transition(record=audit, user=auditor, name="report")
    audit.refresh_from_db()
    audit.distribution = "Direction\nPilote usinage"
    audit.save()
    return audit


def test_the_report_pdf_in_english(client_for, reported, auditor):
    text = _pdf_text(
        client_for(auditor).get(
            reverse("audits:audit_report_pdf", args=[reported.pk]), {"lang": "en"}
        )
    )
    for expected in (
        "Audit report",
        reported.reference,
        "Audit du processus usinage",
        "Context",
        "Scope",
        "Criteria",
        "Audit team",
        "Lead auditor Auditor",
        "Findings by grade",
        "Minor nonconformity (1)",
        "Étalonnage non tracé",
        "Strong point (1)",
        "Process maturity and effectiveness",
        "Effective with reservations",
        "Processus efficace avec réserves.",
        "Distribution",
        "Pilote usinage",
        "Not signed off yet",
    ):
        assert expected.casefold() in text, expected


def test_the_report_pdf_in_french_by_default(client_for, reported, auditor):
    with translation.override("fr"):
        text = _pdf_text(
            client_for(auditor).get(reverse("audits:audit_report_pdf", args=[reported.pk]))
        )
    for expected in (
        "Rapport d'audit",
        "Contexte",
        "Périmètre",
        "Critères",
        "Équipe d'audit",
        "Constats par gradation",
        "Écart mineur (1)",
        "Point fort (1)",
        "Maturité et efficacité du processus",
        "Efficace avec réserves",
        "Diffusion",
        "Pas encore validé",
    ):
        assert expected.casefold() in text, expected


def test_the_audit_plan_pdf(client_for, reported, manager):
    text = _pdf_text(
        client_for(manager).get(
            reverse("audits:audit_plan_pdf", args=[reported.pk]), {"lang": "en"}
        )
    )
    for expected in ("Audit plan", "R-USI Usinage", "Opening meeting", "Closing meeting", "Agenda"):
        assert expected.casefold() in text, expected


def test_every_page_of_the_audit_renders(client_for, reported, coordinator, org, process):  # noqa: F811
    template = ChecklistTemplate.objects.create(title="5S", org_unit=org["a"], process=process)
    client = client_for(coordinator)
    pages = [
        reverse("audits:audit_detail", args=[reported.pk]),
        reverse("audits:audit_checklist", args=[reported.pk]),
        reverse("audits:audit_finding_add", args=[reported.pk]),
        reverse("audits:audit_conduct", args=[reported.pk]),
        reverse("audits:audit_indicators"),
        reverse("audits:checklisttemplate_detail", args=[template.pk]),
        reverse("audits:template_questions", args=[template.pk]) + "?from_process=1",
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_template_questions_are_saved_in_order(client_for, org, coordinator):
    template = ChecklistTemplate.objects.create(title="5S", org_unit=org["a"])
    data = {
        "q-TOTAL_FORMS": "2",
        "q-INITIAL_FORMS": "0",
        "q-0-question": "Le poste est-il rangé ?",
        "q-0-section": "5S",
        "q-1-question": "Les EPI sont-ils portés ?",
    }
    response = client_for(coordinator).post(
        reverse("audits:template_questions", args=[template.pk]), data
    )
    assert response.status_code == 302
    assert list(template.questions.values_list("position", "section", "question")) == [
        (1, "5S", "Le poste est-il rangé ?"),
        (2, "", "Les EPI sont-ils portés ?"),
    ]
