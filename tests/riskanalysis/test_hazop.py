"""HAZOP studies: the nodes saved together, a deviation added from the worksheet worded from
its parameter and guide word, the worksheet and its PDF, the ranking on the study's matrix,
the scope of the pages, the lock of an approved study, and the demo."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from amelio.actions.models import ActionLink
from amelio.core import services as core
from amelio.riskanalysis import demo_hazop
from amelio.riskanalysis import services_hazop as services
from amelio.riskanalysis.models import (
    HazopDeviation,
    HazopGuideWord,
    HazopParameter,
    HazopStudy,
)
from amelio.scoring.models import ScoringMatrix

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


def _word(code: str) -> HazopGuideWord:
    return HazopGuideWord.objects.get(code=code)


def _parameter(code: str) -> HazopParameter:
    return HazopParameter.objects.get(code=code)


def _study(org, user, nodes=("Degreasing tank C1", "Pickling tank C3")) -> HazopStudy:
    study = HazopStudy(
        title="HAZOP line TS1",
        installation="Surface-treatment line TS1",
        org_unit=org["a"],
        matrix=ScoringMatrix.objects.get(code="PG-5x5", status="in_use"),
    )
    core.record_create(record=study, user=user)
    rows = [
        services.Row(None, {"position": n, "name": name, "design_intent": f"Intent {n}"})
        for n, name in enumerate(nodes, start=1)
    ]
    services.nodes_save(study=study, rows=rows, user=user)
    return HazopStudy.objects.get(pk=study.pk)


def _deviation(study, user, node=1, parameter="flow", word="no", **fields) -> HazopDeviation:
    deviation = HazopDeviation(
        study=study,
        node=study.nodes.get(position=node),
        org_unit=study.org_unit,
        parameter=_parameter(parameter),
        guide_word=_word(word),
        **fields,
    )
    return core.record_create(record=deviation, user=user)


# --- Reference data and the deviation ------------------------------------------------------


def test_the_guide_words_of_iec_61882_are_shipped_in_order(db):
    assert list(HazopGuideWord.objects.values_list("label_en", flat=True)) == [
        "No / not",
        "More",
        "Less",
        "As well as",
        "Part of",
        "Reverse",
        "Other than",
        "Early",
        "Late",
        "Before",
        "After",
    ]
    assert "IEC 61882" in _word("no").source
    assert [w.code for w in _parameter("level").guide_words.order_by("order")] == [
        "no",
        "more",
        "less",
    ]


def test_a_deviation_left_empty_is_worded_and_ranked_on_the_study_matrix(org, coordinator):
    study = _study(org, coordinator)
    ranked = _deviation(study, coordinator, likelihood=3, severity=4)
    assert (ranked.deviation, ranked.risk_score, ranked.risk_level) == ("No flow", 12, "high")
    with translation.override("fr"):
        french = _deviation(study, coordinator, parameter="pressure", word="more")
    assert (french.deviation, french.risk_score, french.risk_level) == (
        "Pression trop élevée",
        None,
        "",
    )
    own = _deviation(study, coordinator, deviation="Pump P2 stopped, no flow to C3")
    assert own.deviation == "Pump P2 stopped, no flow to C3"


def test_a_deviation_is_refused_outside_its_study_or_half_ranked(org, coordinator):
    study = _study(org, coordinator)
    other = _study(org, coordinator, nodes=("Other node",))
    deviation = HazopDeviation(
        study=study,
        node=other.nodes.get(),
        org_unit=study.org_unit,
        parameter=_parameter("flow"),
        guide_word=_word("no"),
        likelihood=3,
    )
    with pytest.raises(ValidationError) as refused:
        core.record_create(record=deviation, user=coordinator)
    assert refused.value.message_dict == {
        "node": ["Choose a node of this HAZOP study."],
        "likelihood": ["Give both the likelihood and the severity, or neither."],
    }
    assert not HazopDeviation.objects.exists()


def test_a_study_is_ranked_on_a_two_factor_matrix(org, coordinator):
    study = HazopStudy(
        title="T",
        installation="I",
        org_unit=org["a"],
        matrix=ScoringMatrix.objects.get(code="AMDEC-SOD", status="in_use"),
    )
    with pytest.raises(ValidationError) as refused:
        core.record_create(record=study, user=coordinator)
    assert list(refused.value.message_dict) == ["matrix"]


# --- Nodes ---------------------------------------------------------------------------------


def test_the_nodes_are_saved_together_and_a_node_with_deviations_stays(org, coordinator):
    study = _study(org, coordinator)
    first, second = study.nodes.all()
    _deviation(study, coordinator, node=1)
    services.nodes_save(
        study=study,
        rows=[
            services.Row(second.pk, {"name": "Pickling tank C3 (HCl)"}),
            services.Row(None, {"position": 3, "name": "Effluent station"}),
        ],
        user=coordinator,
    )
    assert list(study.nodes.values_list("position", "name")) == [
        (1, "Degreasing tank C1"),
        (2, "Pickling tank C3 (HCl)"),
        (3, "Effluent station"),
    ]
    with pytest.raises(ValidationError) as refused:
        services.nodes_save(study=study, rows=[services.Row(first.pk, {}, True)], user=coordinator)
    assert refused.value.messages == [
        "The node “Degreasing tank C1” has deviations: archive them or keep the node."
    ]
    assert study.nodes.count() == 3


def test_the_nodes_page_saves_the_formset(org, coordinator, client_for):
    study = _study(org, coordinator, nodes=("Degreasing tank C1",))
    node = study.nodes.get()
    data = {
        "node-TOTAL_FORMS": "2",
        "node-INITIAL_FORMS": "1",
        "node-0-id": node.pk,
        "node-0-position": "1",
        "node-0-name": "Degreasing C1",
        "node-0-design_values": "60 °C; 3 m³",
        "node-1-position": "2",
        "node-1-name": "Rinse R2",
    }
    url = reverse("riskanalysis:hazop_nodes", args=[study.pk])
    response = client_for(coordinator).post(url, data)
    assert response.status_code == 302
    assert list(study.nodes.values_list("name", "design_values")) == [
        ("Degreasing C1", "60 °C; 3 m³"),
        ("Rinse R2", ""),
    ]


# --- Worksheet and PDF ---------------------------------------------------------------------


def test_the_worksheet_shows_nodes_as_sections_and_deviations_as_rows(org, coordinator, client_for):
    study = _study(org, coordinator)
    _deviation(
        study,
        coordinator,
        node=2,
        parameter="concentration",
        word="more",
        causes="Dosing pump stuck",
        safeguards="Bath analysed twice a week",
        likelihood=2,
        severity=3,
        recommendations="Interlock the dosing pump",
    )
    _deviation(study, coordinator, node=2, parameter="flow", word="no", likelihood=5, severity=5)
    response = client_for(coordinator).get(reverse("riskanalysis:hazop_worksheet", args=[study.pk]))
    assert response.status_code == 200
    sections = response.context["sections"]
    assert [(s.node.name, [r.deviation for r in s.rows]) for s in sections] == [
        ("Degreasing tank C1", []),
        ("Pickling tank C3", ["No flow", "High concentration"]),
    ]
    html = response.content.decode()
    assert "Node 2: Pickling tank C3" in html
    assert "Dosing pump stuck" in html and "Interlock the dosing pump" in html
    assert 'background-color: #f9a825">6 · Moderate' in html
    assert 'background-color: #c62828">25 · Critical' in html
    assert html.count("Add a deviation") == 2


def test_the_quick_add_words_the_deviation_and_opens_it(org, coordinator, client_for):
    study = _study(org, coordinator)
    node = study.nodes.get(position=1)
    response = client_for(coordinator).post(
        reverse("riskanalysis:hazop_deviation_add", args=[study.pk]),
        {"node": node.pk, "parameter": _parameter("level").pk, "guide_word": _word("more").pk},
    )
    added = HazopDeviation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("riskanalysis:hazopdeviation_edit", args=[added.pk])
    assert (added.node, added.deviation, added.org_unit, added.created_by) == (
        node,
        "High level (overflow)",
        org["a"],
        coordinator,
    )
    page = client_for(coordinator).get(
        reverse("riskanalysis:hazopdeviation_detail", args=[added.pk])
    )
    worksheet = reverse("riskanalysis:hazop_worksheet", args=[study.pk])
    assert f'href="{worksheet}#deviation-{added.pk}"' in page.content.decode()


def test_the_guide_words_that_make_sense_come_first(client_for, coordinator):
    url = reverse("riskanalysis:hazop_guide_words")
    response = client_for(coordinator).get(url, {"parameter": _parameter("temperature").pk})
    assert [w.code for w in response.context["meaningful"]] == ["more", "less"]
    assert len(response.context["others"]) == 9


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_worksheet_pdf_prints(org, coordinator, client_for, lang):
    pytest.importorskip("weasyprint")
    study = _study(org, coordinator)
    _deviation(study, coordinator, likelihood=3, severity=4, causes="Fan stopped")
    url = reverse("riskanalysis:hazop_pdf", args=[study.pk]) + f"?lang={lang}"
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- Scope and lock ------------------------------------------------------------------------


def test_another_site_gets_404_on_every_hazop_page(org, coordinator, outsider, client_for):
    study = _study(org, coordinator)
    client = client_for(outsider)
    for name in ("hazop_worksheet", "hazop_nodes", "hazop_pdf"):
        assert client.get(reverse(f"riskanalysis:{name}", args=[study.pk])).status_code == 404
    node = study.nodes.first()
    response = client.post(
        reverse("riskanalysis:hazop_deviation_add", args=[study.pk]),
        {"node": node.pk, "parameter": _parameter("flow").pk, "guide_word": _word("no").pk},
    )
    assert response.status_code == 404
    assert not HazopDeviation.objects.exists()


def test_an_approved_study_keeps_its_nodes_and_deviations(org, coordinator, client_for):
    study = _study(org, coordinator)
    deviation = _deviation(study, coordinator, likelihood=2, severity=2)
    for step in ("submit", "approve"):
        core.record_transition(record=study, user=coordinator, name=step)
    study.refresh_from_db()
    client = client_for(coordinator)

    with pytest.raises(ValidationError):
        services.nodes_save(
            study=study, rows=[services.Row(None, {"name": "New"})], user=coordinator
        )
    nodes = client.get(reverse("riskanalysis:hazop_nodes", args=[study.pk]))
    assert nodes.status_code == 302
    assert study.nodes.count() == 2

    node = study.nodes.first()
    client.post(
        reverse("riskanalysis:hazop_deviation_add", args=[study.pk]),
        {"node": node.pk, "parameter": _parameter("flow").pk, "guide_word": _word("more").pk},
    )
    assert HazopDeviation.objects.count() == 1
    worksheet = client.get(reverse("riskanalysis:hazop_worksheet", args=[study.pk]))
    assert worksheet.context["may_add"] is False
    assert "Add a deviation" not in worksheet.content.decode()
    assert not core.may_edit(coordinator, deviation)

    core.record_transition(record=study, user=coordinator, name="revise", comment="New tank")
    study.refresh_from_db()
    assert (study.status, study.revision) == ("draft", 2)
    assert services.nodes_refusal(study) is None


# --- Demo ----------------------------------------------------------------------------------


def test_the_demo_hazop_of_the_surface_treatment_line(org, coordinator):
    users = {"coordinator": coordinator}
    for name in ("rblanc", "kdavid", "ilefebvre", "bmathieu"):
        users[name] = get_user_model().objects.create_user(username=name)
    demo_hazop.load(SimpleNamespace(units={"ROA-TS": org["a"]}, users=users))
    study = HazopStudy.objects.get()
    assert (study.status, study.team.count(), study.nodes.count()) == ("review", 4, 4)
    deviations = HazopDeviation.objects.filter(study=study)
    assert deviations.count() == 16
    assert deviations.filter(risk_score__isnull=True).count() == 0
    assert deviations.get(node__position=2, parameter__code="flow").deviation == "Pas de débit"
    assert ActionLink.objects.filter(object_id__in=deviations.values("pk")).count() == 4


def test_the_worksheet_reads_the_same_number_of_queries_for_any_number_of_rows(
    org, coordinator, client_for
):
    study = _study(org, coordinator)
    client = client_for(coordinator)
    url = reverse("riskanalysis:hazop_worksheet", args=[study.pk])
    _deviation(study, coordinator, likelihood=2, severity=2)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for word in ("more", "less", "reverse", "other-than"):
        _deviation(study, coordinator, node=2, word=word, likelihood=3, severity=3)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)
