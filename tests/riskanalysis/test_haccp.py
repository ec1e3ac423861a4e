"""HACCP studies: hazards rated and found significant, the decision tree kept per hazard and
asked one question after another, the HACCP plan of the CCPs, the lock of an approved study,
and another site's user kept out of every HACCP page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from amelio.core import services as core
from amelio.core.demo import DemoCompany
from amelio.riskanalysis import demo_haccp
from amelio.riskanalysis import services_haccp as services
from amelio.riskanalysis.models import HaccpHazard, HaccpStep, HaccpStudy
from amelio.scoring.models import ScoringMatrix

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
STEPS = [
    (10, "Réception", "reception"),
    (40, "Cuisson", "cooking"),
    (50, "Refroidissement", "cooling"),
]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


def _study(org, user) -> HaccpStudy:
    study = HaccpStudy(
        title="Canteen",
        product="Hot meals",
        org_unit=org["a"],
        matrix=ScoringMatrix.objects.get(code="PG-4x4", version=1),
    )
    core.record_create(record=study, user=user)
    rows = [services.StepRow(None, {"position": p, "name": n, "kind": k}) for p, n, k in STEPS]
    services.steps_save(study=study, rows=rows, user=user)
    return study


def _step(study, position) -> HaccpStep:
    return study.steps.get(position=position)


def _hazard(study, user, position=40, answers=(None,) * 5, **values) -> HaccpHazard:
    hazard = HaccpHazard(
        study=values.pop("claimed_study", study),
        step=_step(study, position),
        org_unit=study.org_unit,
        category=values.pop("category", "biological"),
        description=values.pop("description", "Survival of Salmonella"),
        likelihood=values.pop("likelihood", 2),
        severity=values.pop("severity", 4),
        **values,
    )
    hazard.q1, hazard.q1b, hazard.q2, hazard.q3, hazard.q4 = answers
    return core.record_create(record=hazard, user=user)


def _approve(study, user) -> None:
    core.record_transition(record=study, user=user, name="submit")
    core.record_transition(record=study, user=user, name="approve")


# --- Rating and decision -------------------------------------------------------------------


def test_a_hazard_is_significant_when_its_level_is_not_acceptable(org, coordinator):
    study = _study(org, coordinator)
    medium = _hazard(study, coordinator, likelihood=2, severity=3)
    low = _hazard(study, coordinator, likelihood=1, severity=2)
    assert (medium.risk_score, medium.risk_level, medium.significant) == (6, "medium", True)
    assert (low.risk_score, low.risk_level, low.significant) == (2, "low", False)


def test_the_decision_is_stored_and_answers_off_the_path_are_cleared(org, coordinator):
    study = _study(org, coordinator)
    hazard = _hazard(study, coordinator, answers=(False, True, True, False, None))
    hazard.refresh_from_db()
    assert hazard.decision == "modify"
    assert hazard.answers() == {"q1": False, "q1b": True, "q2": None, "q3": None, "q4": None}
    assert _hazard(study, coordinator).decision == ""
    assert _hazard(study, coordinator, answers=(True, None, None, None, None)).decision == (
        "incomplete"
    )


def test_a_hazard_belongs_to_the_study_of_its_step(org, coordinator, manager, client_for):
    study, other = _study(org, coordinator), _study(org, coordinator)
    hazard = _hazard(study, coordinator, claimed_study=other)
    assert hazard.study == study
    # The API gives the step only; the study follows it.
    payload = {
        "org_unit": org["a"].code,
        "step": _step(other, 10).pk,
        "category": "physical",
        "description": "Glass",
        "likelihood": 1,
        "severity": 2,
    }
    response = client_for(manager).post(
        "/api/v1/riskanalysis/haccp-hazards/", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["study"] == other.pk


def test_the_api_cannot_add_a_hazard_to_an_approved_study(org, coordinator, client_for):
    study = _study(org, coordinator)
    _hazard(study, coordinator)
    _approve(study, coordinator)
    payload = {
        "org_unit": org["a"].code,
        "step": _step(study, 10).pk,
        "category": "physical",
        "description": "Glass",
        "likelihood": 1,
        "severity": 2,
    }
    response = client_for(coordinator).post(
        "/api/v1/riskanalysis/haccp-hazards/", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert study.hazards.count() == 1


def test_a_step_with_hazards_is_kept(org, coordinator):
    study = _study(org, coordinator)
    _hazard(study, coordinator)
    cooking = _step(study, 40)
    with pytest.raises(ValidationError):
        services.steps_save(
            study=study, rows=[services.StepRow(cooking.pk, {}, delete=True)], user=coordinator
        )
    assert study.steps.count() == 3


# --- Pages -----------------------------------------------------------------------------------


def test_the_study_page_shows_the_flow_diagram_with_the_hazards(org, coordinator, client_for):
    study = _study(org, coordinator)
    _hazard(study, coordinator, answers=(True, None, True, None, None))
    page = client_for(coordinator).get(reverse("riskanalysis:haccpstudy_detail", args=[study.pk]))
    assert page.status_code == 200
    assert [(item["step"].name, len(item["hazards"])) for item in page.context["flow"]] == [
        ("Réception", 0),
        ("Cuisson", 1),
        ("Refroidissement", 0),
    ]
    assert page.context["ccp_count"] == 1
    assert "Survival of Salmonella" in page.content.decode()


def test_the_study_and_plan_pages_do_not_query_per_hazard(org, coordinator, client_for):
    study = _study(org, coordinator)
    ccp = (True, None, True, None, None)
    _hazard(study, coordinator, answers=ccp)
    client = client_for(coordinator)
    pages = [
        reverse("riskanalysis:haccpstudy_detail", args=[study.pk]),
        reverse("riskanalysis:haccp_plan", args=[study.pk]),
    ]
    client.get(pages[0])

    def counts():
        counted = []
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            counted.append(len(queries))
        return counted

    few = counts()
    for position in (10, 40, 50, 50, 10):
        _hazard(study, coordinator, position=position, answers=ccp)
    assert counts() == few


def test_the_steps_page_saves_the_flow_diagram(org, coordinator, client_for):
    study = _study(org, coordinator)
    first = _step(study, 10)
    data = {
        "step-TOTAL_FORMS": 2,
        "step-INITIAL_FORMS": 1,
        "step-0-id": first.pk,
        "step-0-position": 10,
        "step-0-name": "Réception des marchandises",
        "step-0-kind": "reception",
        "step-1-position": 70,
        "step-1-name": "Service",
        "step-1-kind": "serving",
    }
    url = reverse("riskanalysis:haccp_steps", args=[study.pk])
    response = client_for(coordinator).post(url, data)
    assert response.status_code == 302
    assert list(study.steps.values_list("position", "name")) == [
        (10, "Réception des marchandises"),
        (40, "Cuisson"),
        (50, "Refroidissement"),
        (70, "Service"),
    ]


def test_the_tree_asks_one_question_after_another_and_keeps_the_answers(
    org, coordinator, client_for
):
    study = _study(org, coordinator)
    hazard = _hazard(study, coordinator, position=50)
    client = client_for(coordinator)
    url = reverse("riskanalysis:haccp_tree", args=[hazard.pk])
    assert [f.name for f in client.get(url).context["questions"]] == ["q1"]
    for answers, shown in (
        ({"q1": "yes"}, ["q1", "q2"]),
        ({"q1": "yes", "q2": "no"}, ["q1", "q2", "q3"]),
        ({"q1": "yes", "q2": "no", "q3": "yes"}, ["q1", "q2", "q3", "q4"]),
    ):
        hazard.refresh_from_db()
        response = client.post(url, {**answers, "version": hazard.version, "tree_notes": ""})
        assert response.status_code == 302
        page = client.get(url)
        assert [f.name for f in page.context["questions"]] == shown
        assert page.context["decision"].outcome == "incomplete"
    hazard.refresh_from_db()
    client.post(
        url,
        {
            "q1": "yes",
            "q2": "no",
            "q3": "yes",
            "q4": "no",
            "version": hazard.version,
            "tree_notes": "No later step kills spores.",
        },
    )
    hazard.refresh_from_db()
    assert (hazard.q1, hazard.q2, hazard.q3, hazard.q4, hazard.decision) == (
        True,
        False,
        True,
        False,
        "ccp",
    )
    assert hazard.tree_notes == "No later step kills spores."


def _plan_study(org, user) -> HaccpStudy:
    study = _study(org, user)
    _hazard(
        study,
        user,
        position=50,
        answers=(True, None, True, None, None),
        description="Growth of Clostridium perfringens",
        critical_limits="From +63 °C to +10 °C in less than 2 h",
        monitoring_what="Core temperature and time",
        monitoring_how="Cell probe",
        monitoring_frequency="Each cycle",
        monitoring_who="Cook",
        corrective_actions="Destroy the batch",
        verification="Weekly review by the chef",
        records="Cooling sheet",
    )
    _hazard(
        study,
        user,
        position=40,
        answers=(True, None, True, None, None),
        critical_limits="Core ≥ +63 °C",
        monitoring_what="Core temperature",
    )
    _hazard(
        study,
        user,
        position=10,
        answers=(True, None, False, True, True),
        description="Listeria at reception",
    )
    return study


def test_the_plan_lists_the_ccps_in_the_order_of_the_flow_diagram(org, coordinator, client_for):
    study = _plan_study(org, coordinator)
    page = client_for(coordinator).get(reverse("riskanalysis:haccp_plan", args=[study.pk]))
    rows = [
        (h.ccp_number, h.step.name, h.description, h.critical_limits) for h in page.context["ccps"]
    ]
    assert rows == [
        (1, "Cuisson", "Survival of Salmonella", "Core ≥ +63 °C"),
        (
            2,
            "Refroidissement",
            "Growth of Clostridium perfringens",
            "From +63 °C to +10 °C in less than 2 h",
        ),
    ]
    text = page.content.decode()
    assert "Listeria at reception" not in text
    for value in (
        "Cell probe",
        "Each cycle",
        "Destroy the batch",
        "Weekly review by the chef",
        "Cooling sheet",
    ):
        assert value in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_plan_pdf_prints(org, coordinator, client_for, lang):
    pytest.importorskip("weasyprint")
    study = _plan_study(org, coordinator)
    url = reverse("riskanalysis:haccp_plan_pdf", args=[study.pk]) + f"?lang={lang}"
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_another_sites_user_gets_404_on_every_haccp_page(org, coordinator, outsider, client_for):
    study = _study(org, coordinator)
    hazard = _hazard(study, coordinator)
    client = client_for(outsider)
    urls = [
        reverse("riskanalysis:haccp_steps", args=[study.pk]),
        reverse("riskanalysis:haccp_plan", args=[study.pk]),
        reverse("riskanalysis:haccp_plan_pdf", args=[study.pk]),
        reverse("riskanalysis:haccp_tree", args=[hazard.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * 4
    assert client.post(urls[3], {"q1": "no", "version": 1}).status_code == 404
    hazard.refresh_from_db()
    assert hazard.q1 is None


def test_a_reader_sees_the_tree_but_cannot_answer(org, coordinator, reader, client_for):
    hazard = _hazard(_study(org, coordinator), coordinator)
    client = client_for(reader)
    url = reverse("riskanalysis:haccp_tree", args=[hazard.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"q1": "no", "version": 1}).status_code == 403
    assert client.get(reverse("riskanalysis:haccp_steps", args=[hazard.study_id])).status_code == (
        403
    )


# --- The lock of an approved study -----------------------------------------------------------


def test_an_approved_study_locks_its_steps_hazards_and_answers(org, coordinator, client_for):
    study = _study(org, coordinator)
    hazard = _hazard(study, coordinator)
    _approve(study, coordinator)
    study.refresh_from_db()
    with pytest.raises(ValidationError):
        _hazard(study, coordinator, position=10)
    with pytest.raises(ValidationError):
        services.steps_save(
            study=study,
            rows=[services.StepRow(None, {"position": 60, "name": "Service", "kind": "serving"})],
            user=coordinator,
        )
    client = client_for(coordinator)
    steps = client.get(reverse("riskanalysis:haccp_steps", args=[study.pk]))
    assert steps.status_code == 302
    tree = reverse("riskanalysis:haccp_tree", args=[hazard.pk])
    assert client.post(tree, {"q1": "no", "version": hazard.version}).status_code == 403
    hazard.refresh_from_db()
    assert (hazard.q1, study.steps.count(), study.hazards.count()) == (None, 3, 1)


def test_a_new_revision_reopens_the_study(org, coordinator):
    study = _study(org, coordinator)
    _hazard(study, coordinator)
    _approve(study, coordinator)
    core.record_transition(record=study, user=coordinator, name="revise", comment="New menu")
    study.refresh_from_db()
    assert (study.status, study.revision) == ("draft", 2)
    assert _hazard(study, coordinator, position=10).pk


# --- Demo ------------------------------------------------------------------------------------


def test_the_demo_canteen_has_its_two_ccps_and_a_step_to_modify(org, coordinator, client_for):
    from amelio.core.models import User

    company = DemoCompany(
        units={"LYO": org["a"]},
        users={
            "coordinator": coordinator,
            "hperrin": User.objects.create(username="hperrin"),
            "agauthier": User.objects.create(username="agauthier"),
        },
    )
    demo_haccp.load(company)
    study = HaccpStudy.objects.get()
    assert study.status == "approved"
    ccps = services.plan_rows(study.hazards.select_related("step"))
    assert [(h.step.name, h.critical_limits) for h in ccps] == [
        ("Cuisson", "Température à cœur ≥ +63 °C en fin de cuisson."),
        (
            "Refroidissement rapide",
            "Passage de +63 °C à +10 °C à cœur en moins de 2 h, puis stockage entre 0 et +3 °C.",
        ),
    ]
    assert list(study.hazards.filter(decision="modify").values_list("step__name", flat=True)) == [
        "Service"
    ]
    assert study.hazards.filter(decision="incomplete").count() == 0
