"""The compliance demo: the starter library applied to both sites from their own facts (three
proposals rejected with their reason), two rounds of evaluation with gaps turned into actions,
43 items of equipment with their inspections (two forklifts stopped for an overdue inspection),
and the ISO 9001 and ISO 45001 gap assessments of Vénissieux."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from amelio.actions.models import ActionLink
from amelio.compliance import inspections
from amelio.compliance.models import (
    Applicability,
    ClauseAnswer,
    DeclaredFact,
    Equipment,
    Evaluation,
    Framework,
    GapAssessment,
    LegalText,
    Observation,
)
from amelio.compliance.reference_data import legal_library


@pytest.fixture(scope="module")
def demo(demo_company):
    return demo_company


def test_the_library_is_applied_to_both_sites(demo, db):
    assert LegalText.objects.count() == len(legal_library()["texts"])
    assert DeclaredFact.objects.count() == 9
    rows = Applicability.objects.active()
    assert Counter(rows.values_list("org_unit__code", "decision")) == {
        ("LYO", "applicable"): 64,
        ("LYO", "not_applicable"): 1,
        ("ROA", "applicable"): 56,
        ("ROA", "not_applicable"): 2,
    }
    rejected = rows.filter(decision="not_applicable")
    assert all(row.justification.strip() for row in rejected)
    assert set(rejected.values_list("text__library_key", flat=True)) == {
        "env-biodechets",
        "ct-travail-de-nuit",
        "ct-travailleur-isole",
    }
    # Each accepted text was proposed by the facts of its site, and says which.
    assert all(row.rule_matches and row.matched_facts for row in rows.filter(decision="applicable"))
    lyo = set(rows.filter(org_unit__code="LYO").values_list("text__library_key", flat=True))
    roa = set(rows.filter(org_unit__code="ROA").values_list("text__library_key", flat=True))
    # Vénissieux machines at DC, Roanne's CMR agents.
    assert "env-ampg-2560-dc" in lyo and "env-ampg-2560-dc" not in roa
    assert "ct-agents-cmr" in roa and "ct-agents-cmr" not in lyo


def test_evaluations_over_two_years_with_gaps_and_actions(demo, db):
    today = timezone.localdate()
    evaluations = Evaluation.objects.active()
    assert evaluations.count() > 400
    assert min(evaluations.values_list("evaluated_on", flat=True)) < today.replace(
        year=today.year - 1
    )
    gaps = Applicability.objects.filter(conformity__in=["partial", "not_conform"])
    assert Counter(gaps.values_list("org_unit__code", "conformity")) == {
        ("LYO", "partial"): 2,
        ("ROA", "partial"): 2,
        ("ROA", "not_conform"): 1,
    }
    linked = ActionLink.objects.filter(content_type__model="evaluation").count()
    assert linked == 4
    # Some evaluations of Roanne are overdue.
    assert Applicability.objects.filter(
        org_unit__code="ROA", decision="applicable", next_evaluation_due__lt=today
    ).exists()


def test_equipment_with_its_inspections(demo, db):
    today = timezone.localdate()
    equipment = Equipment.objects.active()
    assert Counter(equipment.values_list("org_unit__path", flat=True).iterator()).total() == 43
    assert (
        equipment.filter(org_unit__path__startswith=_site_path("LYO")).count(),
        equipment.filter(org_unit__path__startswith=_site_path("ROA")).count(),
    ) == (29, 14)
    assert all(e.next_due for e in equipment)
    stopped = [e.identifier for e in equipment if not inspections.in_service(e, today)]
    assert sorted(stopped) == ["CE-03", "CE-R1"]
    open_observations = Observation.objects.active().filter(lifted_on__isnull=True)
    assert open_observations.count() == 7
    assert ActionLink.objects.filter(content_type__model="observation").count() == 7


def _site_path(code: str) -> str:
    from amelio.core.models import OrgUnit

    return OrgUnit.objects.get(code=code).path


def test_gap_assessments_of_venissieux(demo, db):
    assert set(Framework.objects.values_list("key", flat=True)) == {
        "hs",
        "iso9001",
        "iso14001",
        "iso45001",
        "iso50001",
    }
    quality = GapAssessment.objects.get(framework__key="iso9001")
    assert quality.status == "completed"
    answers = ClauseAnswer.objects.filter(assessment=quality)
    assert answers.count() == quality.framework.clauses.filter(leaf=True).count()
    assert Counter(answers.values_list("result", flat=True))["not_conform"] == 1
    excluded = answers.filter(applicable=False)
    assert excluded.exists()
    assert all(a.clause.number.startswith("8.3") for a in excluded)
    safety = GapAssessment.objects.get(framework__key="iso45001")
    assert safety.status == "in_progress"
    assert ClauseAnswer.objects.filter(assessment=safety).count() == 4
