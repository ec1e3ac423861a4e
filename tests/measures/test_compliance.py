"""The compliance measures: the legal register counted requirement by requirement (conform
share, gaps, evaluations overdue) as the site page sums it up, and the periodic inspections
overdue as the year's inspection plan marks them; on hand-built records with exact values, on
past periods (the evaluations and inspections made by then), and on the demo."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from amelio.compliance import services
from amelio.compliance.models import (
    Equipment,
    EquipmentCategory,
    Evaluation,
    Inspection,
    InspectionRule,
    LegalRequirement,
    LegalText,
)
from amelio.compliance.reference_data import ensure_reference_data
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.core.services import record_archive, record_create

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 6, 15)
ACCEPTED = dt.date(2026, 1, 5)
d = dt.date


def value(key: str, unit, day: dt.date) -> float | None:
    return measures.get(key).value(Scope.of(unit, day))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _evaluate(requirement, unit, user, on, result):
    evidence = "Écart constaté" if result in ("partial", "not_conform") else ""
    record = Evaluation(
        requirement=requirement, org_unit=unit, evaluated_on=on, result=result, evidence=evidence
    )
    return record_create(record=record, user=user)


@pytest.fixture
def register(org, coordinator, frozen):
    """A text of the company with five requirements, accepted for sites A and B on 5 January.
    At site A (or below): R1 conform on 31 January (12-month periodicity); R2 partially
    conform on 10 February at a work unit (reviewed within 3 months: due 10 May); R3 not
    conform on 1 March (due 1 June), then conform on 10 June; R4 never evaluated (due since
    5 January); R5 found not applicable; an archived evaluation of R1 does not count. Site B
    has evaluated nothing."""
    text = record_create(
        record=LegalText(
            title="Vérifications", citation="C. trav.", domain="health_safety", org_unit=org["root"]
        ),
        user=coordinator,
    )
    r1, r2, r3, _r4, r5 = (
        record_create(
            record=LegalRequirement(
                text=text, title=f"R{i}", periodicity_months=period, org_unit=org["root"]
            ),
            user=coordinator,
        )
        for i, period in enumerate([12, None, None, None, None], start=1)
    )
    for site in (org["a"], org["b"]):
        services.decide(
            site=site,
            text=text,
            user=coordinator,
            applicable=True,
            justification="Oui",
            today=ACCEPTED,
        )
    a = org["a"]
    _evaluate(r1, a, coordinator, d(2026, 1, 31), "conform")
    _evaluate(r2, org["a_unit"], coordinator, d(2026, 2, 10), "partial")
    _evaluate(r3, a, coordinator, d(2026, 3, 1), "not_conform")
    _evaluate(r3, a, coordinator, d(2026, 6, 10), "conform")
    _evaluate(r5, a, coordinator, d(2026, 2, 1), "not_applicable")
    wrong = _evaluate(r1, a, coordinator, d(2026, 6, 12), "not_conform")
    record_archive(record=wrong, user=coordinator)
    return org


@pytest.mark.django_db
def test_the_legal_register_requirement_by_requirement(register):
    a, b, root = register["a"], register["b"], register["root"]
    # 15 June: R1 and R3 conform out of R1–R4 (R5 not applicable); R2 a gap; R2 and R4 late.
    assert value("compliance.requirements_conform", a, DAY) == 50
    assert value("compliance.requirements_nonconform", a, DAY) == 1
    assert value("compliance.evaluations_overdue", a, DAY) == 2
    # 31 March: R3 was not conform then, R4 alone was late.
    assert value("compliance.requirements_conform", a, d(2026, 3, 1)) == 25
    assert value("compliance.requirements_nonconform", a, d(2026, 3, 1)) == 2
    assert value("compliance.evaluations_overdue", a, d(2026, 3, 1)) == 1
    # Site B evaluated none of its five requirements, all due since 5 January.
    assert value("compliance.requirements_conform", b, DAY) == 0
    assert value("compliance.evaluations_overdue", b, DAY) == 5
    # The company: 2 conform out of 9.
    assert value("compliance.requirements_conform", root, DAY) == pytest.approx(200 / 9)
    assert value("compliance.requirements_nonconform", root, DAY) == 1
    assert value("compliance.evaluations_overdue", root, DAY) == 7
    # A department holds no text of its own.
    assert value("compliance.requirements_conform", register["a_dept"], DAY) is None
    assert value("compliance.requirements_nonconform", register["a_dept"], DAY) == 0


@pytest.mark.django_db
def test_the_site_page_sums_up_the_same_requirements(register, coordinator, client_for):
    client = client_for(coordinator)
    for site in (register["a"], register["b"]):
        page = client.get(reverse("compliance:site", args=[site.pk])).context
        summary = page["requirements"]
        assert summary.conform_rate == value("compliance.requirements_conform", site, DAY)
        assert summary.gaps == value("compliance.requirements_nonconform", site, DAY)
        assert summary.overdue == value("compliance.evaluations_overdue", site, DAY)
    page = client.get(reverse("compliance:site", args=[register["a"].pk]))
    assert 'id="requirement-summary"' in page.content.decode()


# --- Periodic inspections --------------------------------------------------------------------


def _equipment(org, user, unit: str, **fields) -> Equipment:
    record = Equipment(
        name=fields.pop("name"),
        org_unit=org[unit],
        category=EquipmentCategory.objects.get(key="electrical"),
        **fields,
    )
    return record_create(record=record, user=user)


def _inspection(equipment, user, on: dt.date) -> Inspection:
    record = Inspection(
        equipment=equipment,
        org_unit=equipment.org_unit,
        rule=InspectionRule.objects.get(key="electrical-periodic"),
        performed_on=on,
        result="no_observation",
    )
    return record_create(record=record, user=user)


@pytest.fixture
def equipment(org, coordinator, frozen):
    """Electrical installations, inspected every 12 months: E1 (site A) inspected on
    1 March 2025, due 1 March 2026; E2 (site A) commissioned on 10 January 2024, first
    inspected on 1 February 2026; E4 (department of A) inspected on 20 January 2025 and
    1 April 2026; E3 (site B) late but withdrawn from service; an archived one, late."""
    ensure_reference_data()
    e1 = _equipment(org, coordinator, "a", name="TGBT atelier", commissioned_on=d(2024, 9, 1))
    _inspection(e1, coordinator, d(2025, 3, 1))
    e2 = _equipment(org, coordinator, "a", name="Armoire presse", commissioned_on=d(2024, 1, 10))
    _inspection(e2, coordinator, d(2026, 2, 1))
    e4 = _equipment(org, coordinator, "a_dept", name="Tableau forge", commissioned_on=d(2023, 1, 1))
    _inspection(e4, coordinator, d(2025, 1, 20))
    _inspection(e4, coordinator, d(2026, 4, 1))
    _equipment(
        org, coordinator, "b", name="TGBT Roanne", commissioned_on=d(2020, 1, 1), withdrawn=True
    )
    old = _equipment(org, coordinator, "a", name="Ancien TGBT", commissioned_on=d(2020, 1, 1))
    record_archive(record=old, user=coordinator)
    return org


@pytest.mark.django_db
def test_inspections_overdue_with_exact_values(equipment):
    a, root = equipment["a"], equipment["root"]
    # 15 June: E1 only. 31 January: E2 (never inspected then) and E4. 28 February: E4.
    assert value("compliance.inspections_overdue", a, DAY) == 1
    assert value("compliance.inspections_overdue", a, d(2026, 1, 1)) == 2
    assert value("compliance.inspections_overdue", a, d(2026, 2, 1)) == 1
    assert value("compliance.inspections_overdue", root, DAY) == 1
    assert value("compliance.inspections_overdue", equipment["b"], DAY) == 0


@pytest.mark.django_db
def test_the_inspection_plan_marks_the_same_inspections_late(equipment, coordinator, client_for):
    client = client_for(coordinator)
    for unit in (equipment["root"], equipment["a"], equipment["b"]):
        page = client.get(reverse("compliance:equipment_plan"), {"org_unit": unit.pk})
        late = page.context["counts"]["late"]
        assert late == value("compliance.inspections_overdue", unit, DAY), unit


# --- The demo ---------------------------------------------------------------------------


def test_demo_pages_and_measures_agree(demo_company, client_for):
    client = client_for(User.objects.get(username="coordinator"))
    today = timezone.localdate()
    root = OrgUnit.objects.get(parent=None)
    found = {}
    for site in OrgUnit.objects.filter(kind="site"):
        summary = client.get(reverse("compliance:site", args=[site.pk])).context["requirements"]
        assert summary.conform_rate == value("compliance.requirements_conform", site, today)
        assert summary.gaps == value("compliance.requirements_nonconform", site, today)
        assert summary.overdue == value("compliance.evaluations_overdue", site, today)
        found[site.pk] = summary
    assert sum(s.gaps for s in found.values()) == value(
        "compliance.requirements_nonconform", root, today
    )
    assert any(s.applicable for s in found.values())
    for unit in (root, *OrgUnit.objects.filter(kind="site")):
        page = client.get(reverse("compliance:equipment_plan"), {"org_unit": unit.pk})
        assert page.context["counts"]["late"] == value(
            "compliance.inspections_overdue", unit, today
        )
