"""Environmental aspects (significance from the matrix, forced by a legal requirement) and
emergency situations with their drills (next drill due, findings required)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from amelio.core.services import record_create
from amelio.environment import computations as calc
from amelio.environment.models import Aspect, Drill, EmergencySituation
from amelio.scoring.models import ScoringMatrix


@pytest.fixture
def matrix(db):
    return ScoringMatrix.objects.get(code="PG-4x4", status="in_use")


def _aspect(org, user, matrix, **fields) -> Aspect:
    values = {
        "activity": "Painting",
        "aspect_type": "air",
        "aspect": "VOC emissions from the paint booth",
        "impact": "Photochemical smog",
        "org_unit": org["a"],
        "matrix": matrix,
        "likelihood": 1,
        "severity": 2,
        **fields,
    }
    record = Aspect(**values)
    record.full_clean()
    return record_create(record=record, user=user)


def test_significance_comes_from_the_level_or_a_legal_requirement():
    assert calc.aspect_significant(acceptable=True, legal=False) is False
    assert calc.aspect_significant(acceptable=False, legal=False) is True
    assert calc.aspect_significant(acceptable=True, legal=True) is True
    assert calc.aspect_significant(acceptable=None, legal=False) is False


def test_an_aspect_rated_low_is_not_significant_unless_regulated(org, coordinator, matrix):
    low = _aspect(org, coordinator, matrix, likelihood=1, severity=2)
    assert (low.rating_score, low.rating_level, low.significant) == (2, "low", False)
    regulated = _aspect(
        org,
        coordinator,
        matrix,
        likelihood=1,
        severity=2,
        legal_requirement=True,
        legal_reference="AMPG 2940",
    )
    assert (regulated.rating_level, regulated.significant) == ("low", True)
    assert regulated.significance_reason == "Legal requirement"
    medium = _aspect(org, coordinator, matrix, likelihood=2, severity=2)
    assert (medium.rating_score, medium.rating_level, medium.significant) == (4, "medium", True)
    assert medium.significance_reason == "Level on the matrix: Medium"


def test_a_rating_off_the_scale_is_refused_on_the_field(org, coordinator, matrix):
    with pytest.raises(ValidationError) as error:
        _aspect(org, coordinator, matrix, likelihood=7, severity=2)
    assert error.value.message_dict["likelihood"] == [
        "Give a value on the matrix's scale for each factor."
    ]


def test_the_list_filters_the_significant_aspects(org, coordinator, matrix, client_for):
    _aspect(org, coordinator, matrix, aspect="Low noise", likelihood=1, severity=1)
    _aspect(org, coordinator, matrix, aspect="Oil spill", likelihood=3, severity=4)
    page = client_for(coordinator).get(
        "/environment/aspects/?significant=true", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Oil spill" in html
    assert "Low noise" not in html


def test_next_drill_is_due_after_the_period():
    assert calc.next_drill(dt.date(2026, 1, 31), 1, dt.date(2025, 1, 1)) == dt.date(2026, 2, 28)
    assert calc.next_drill(None, 6, dt.date(2026, 3, 15)) == dt.date(2026, 9, 15)
    assert calc.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert calc.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


@pytest.fixture
def situation(org, coordinator):
    record = EmergencySituation(
        title="Fire in the solvent store",
        phenomenon="fire",
        org_unit=org["a"],
        drill_every_months=6,
    )
    record.full_clean()
    return record_create(record=record, user=coordinator)


def test_drills_move_the_next_one_due(situation, coordinator):
    today = timezone.localdate()
    created_on = timezone.localtime(situation.created_at).date()
    assert situation.next_drill_due == calc.add_months(created_on, 6)
    held = today - dt.timedelta(days=10)
    drill = Drill(
        situation=situation,
        org_unit=situation.org_unit,
        held_on=held,
        scenario="Smoke in the store at 10:00, evacuation",
        participants=42,
        outcome="satisfactory",
    )
    drill.full_clean()
    record_create(record=drill, user=coordinator)
    situation.refresh_from_db()
    assert (situation.last_drill_on, situation.next_drill_due) == (
        held,
        calc.add_months(held, 6),
    )


def test_a_drill_not_fully_satisfactory_needs_its_findings(situation, org):
    drill = Drill(
        situation=situation,
        org_unit=org["b"],
        held_on=timezone.localdate() + dt.timedelta(days=5),
        scenario="Spill",
        outcome="improve",
    )
    with pytest.raises(ValidationError) as error:
        drill.full_clean()
    assert error.value.message_dict == {
        "org_unit": ["The drill belongs to the situation's unit or below."],
        "held_on": ["A drill is recorded once it has been held."],
        "findings": ["Say what was found when the drill was not fully satisfactory."],
    }


def test_the_situation_page_lists_its_drills(situation, coordinator, client_for):
    record_create(
        record=Drill(
            situation=situation,
            org_unit=situation.org_unit,
            held_on=timezone.localdate(),
            scenario="Night evacuation",
            outcome="improve",
            findings="Assembly point sign hidden by a skip",
        ),
        user=coordinator,
    )
    page = client_for(coordinator).get(
        f"/environment/emergencies/{situation.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert "Night evacuation" in html
    assert "Assembly point sign hidden by a skip" in html
    assert "Satisfactory with improvements to make" in html
    assert f"situation={situation.pk}" in html


def test_the_analysis_counts_aspects_on_the_matrix_and_by_type(
    org, coordinator, matrix, client_for
):
    _aspect(
        org,
        coordinator,
        matrix,
        aspect="Compressor hum",
        aspect_type="noise",
        likelihood=1,
        severity=1,
    )
    _aspect(
        org, coordinator, matrix, aspect="Spill A", aspect_type="soil", likelihood=3, severity=4
    )
    _aspect(
        org,
        coordinator,
        matrix,
        aspect="Spill B",
        aspect_type="soil",
        likelihood=3,
        severity=4,
        condition="emergency",
        legal_requirement=True,
        legal_reference="Arrêté du 2 février 1998",
    )
    page = client_for(coordinator).get("/environment/aspects/analysis/", HTTP_ACCEPT_LANGUAGE="en")
    context = page.context
    assert (context["total"], context["significant"], context["legal"]) == (3, 2, 1)
    cells = {
        (c["likelihood"], c["severity"]): c["count"]
        for row in context["grid"]
        for c in row["cells"]
    }
    assert (cells[(3, 4)], cells[(1, 1)], cells[(4, 4)]) == (2, 1, 0)
    assert [(t["value"], t["total"], t["significant"], t["legal"]) for t in context["by_type"]] == [
        ("soil", 2, 2, 1),
        ("noise", 1, 0, 0),
    ]
    assert [(c["value"], c["total"]) for c in context["by_condition"]] == [
        ("normal", 2),
        ("emergency", 1),
    ]
    # A cell links to the list filtered on both factors, which finds its two aspects.
    link = next(
        c["url"]
        for row in context["grid"]
        for c in row["cells"]
        if (c["likelihood"], c["severity"]) == (3, 4)
    )
    listed = client_for(coordinator).get(link, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Spill A" in listed and "Spill B" in listed and "Compressor hum" not in listed


def test_a_legal_requirement_must_be_named(org, coordinator, matrix):
    with pytest.raises(ValidationError) as error:
        _aspect(org, coordinator, matrix, legal_requirement=True)
    assert error.value.message_dict["legal_reference"] == [
        "Name the requirement: text, article or permit."
    ]
