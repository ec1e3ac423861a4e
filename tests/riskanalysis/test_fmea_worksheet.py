"""The FMEA and its worksheet: lines scored on the study's matrix with their rating history,
cells saved one by one through the line's form (errors in the reader's language, stale
versions refused), new lines placed below, copies, the lock of an approved study, the PDF
and the Excel worksheet in the usual column order, and the scope of each user."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from amelio.core import services
from amelio.riskanalysis.models import Fmea, FmeaLine
from amelio.scoring.models import ScoringMatrix

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
LINE = {
    "item": "Op. 20 Tournage",
    "failure_mode": "Diamètre Ø25 hors tolérance",
    "effect": "Montage impossible chez le client",
    "severity": 7,
    "cause": "Usure de la plaquette",
    "occurrence": 5,
    "detection": 4,
}


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def fmea(org, manager) -> Fmea:
    study = Fmea(
        title="AMDEC usinage bride",
        item="Bride Ø25",
        org_unit=org["a"],
        owner=manager,
        matrix=ScoringMatrix.objects.get(code="AMDEC-SOD", status="in_use"),
    )
    return services.record_create(record=study, user=manager)


def _line(fmea, user, **values) -> FmeaLine:
    line = FmeaLine(fmea=fmea, org_unit=fmea.org_unit, **{**LINE, **values})
    return services.record_create(record=line, user=user)


def _cell(client, fmea, line, field, value, version=None):
    return client.post(
        reverse("riskanalysis:fmea_worksheet_cell", args=[fmea.pk]),
        {
            "line": line.pk,
            "field": field,
            "value": value,
            "version": line.version if version is None else version,
        },
    )


def test_a_line_is_scored_on_the_study_s_matrix(fmea, manager):
    line = _line(fmea, manager)
    assert (line.initial_score, line.initial_level) == (140, "action")
    assert line.position == 10
    severe = _line(fmea, manager, severity=9, occurrence=1, detection=2)
    # RPN 18, but the matrix escalates S >= 9 to "action required".
    assert (severe.initial_score, severe.initial_level) == (18, "action")
    assert severe.position == 20


def test_each_change_of_rating_is_kept_in_the_line_s_history(fmea, manager):
    line = _line(fmea, manager)
    line.recommended_action = "Changement de plaquette toutes les 200 pièces"
    services.record_update(record=line, user=manager, expected_version=line.version)
    assert line.ratings.count() == 1  # a text change is not a new rating
    line.revised_severity, line.revised_occurrence, line.revised_detection = 7, 2, 4
    services.record_update(record=line, user=manager, expected_version=line.version)
    history = [(r.rpn, r.revised_rpn) for r in line.ratings.all()]
    assert history == [(140, None), (140, 56)]
    assert line.rerating.reduction == 60.0


def test_revised_ratings_come_all_three_or_none(fmea, manager):
    line = _line(fmea, manager)
    line.revised_occurrence = 2
    with pytest.raises(services.ValidationError) as error:
        services.record_update(record=line, user=manager, expected_version=line.version)
    assert "revised_severity" in error.value.message_dict


def test_worksheet_shows_every_line_in_order(fmea, manager, client_for):
    second = _line(fmea, manager, item="Op. 30 Perçage")
    first = _line(fmea, manager)
    first.position = 5
    first.save(update_fields=["position"])
    response = client_for(manager).get(reverse("riskanalysis:fmea_worksheet", args=[fmea.pk]))
    assert response.status_code == 200
    data = response.context["worksheet"]
    assert [line["id"] for line in data["lines"]] == [first.pk, second.pk]
    assert data["lines"][0]["rpn"] == 140 and data["lines"][0]["priority"] == "rpn"
    assert data["editable"] is True
    assert [c["name"] for c in data["columns"]][:5] == [
        "item",
        "function",
        "failure_mode",
        "effect",
        "severity",
    ]


def test_a_cell_saved_answers_the_new_rpn_and_version(fmea, manager, client_for):
    line = _line(fmea, manager)
    response = _cell(client_for(manager), fmea, line, "occurrence", "2")
    assert response.status_code == 200
    answer = response.json()["line"]
    assert (answer["rpn"], answer["priority"], answer["version"]) == (56, "none", 2)
    line.refresh_from_db()
    assert (line.occurrence, line.initial_score, line.updated_by) == (2, 56, manager)


def test_a_wrong_value_is_refused_in_the_reader_s_language(fmea, manager, client_for):
    line = _line(fmea, manager)
    manager.language = "fr"
    manager.save()
    client = client_for(manager)
    response = _cell(client, fmea, line, "severity", "11")
    assert response.status_code == 400
    assert "échelle" in response.json()["error"]
    response = _cell(client, fmea, line, "failure_mode", "")
    assert response.status_code == 400
    assert "obligatoire" in response.json()["error"]
    line.refresh_from_db()
    assert (line.severity, line.version) == (7, 1)


def test_a_stale_cell_is_refused_with_the_current_values(fmea, manager, client_for):
    line = _line(fmea, manager)
    client = client_for(manager)
    assert _cell(client, fmea, line, "detection", "3").status_code == 200
    response = _cell(client, fmea, line, "occurrence", "2", version=1)
    assert response.status_code == 409
    assert response.json()["line"]["values"]["detection"] == 3
    line.refresh_from_db()
    assert line.occurrence == 5


def test_only_worksheet_columns_can_be_saved(fmea, manager, client_for):
    line = _line(fmea, manager)
    response = _cell(client_for(manager), fmea, line, "org_unit", "1")
    assert response.status_code == 400


def test_a_new_line_is_created_only_when_complete(fmea, manager, client_for):
    first = _line(fmea, manager)
    last = _line(fmea, manager, item="Op. 40 Contrôle")
    client = client_for(manager)
    url = reverse("riskanalysis:fmea_worksheet_add", args=[fmea.pk])
    partial = {"item": "Op. 20 Tournage", "failure_mode": "Bavure"}
    response = client.post(url, {"values": json.dumps(partial), "after": first.pk})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {
        "effect",
        "severity",
        "cause",
        "occurrence",
        "detection",
    }
    assert FmeaLine.objects.count() == 2
    values = {**partial, "effect": "Blessure au montage", "severity": "6", "cause": "Outil émoussé"}
    values |= {"occurrence": "3", "detection": "2"}
    response = client.post(url, {"values": json.dumps(values), "after": first.pk})
    assert response.status_code == 201
    created = FmeaLine.objects.get(pk=response.json()["line"]["id"])
    assert (created.initial_score, created.org_unit, created.created_by) == (
        36,
        fmea.org_unit,
        manager,
    )
    order = list(
        FmeaLine.objects.filter(fmea=fmea).order_by("position").values_list("pk", flat=True)
    )
    assert order == [first.pk, created.pk, last.pk]


def test_a_copy_lands_below_its_line(fmea, manager, client_for):
    first = _line(fmea, manager)
    last = _line(fmea, manager, item="Op. 40 Contrôle")
    response = client_for(manager).post(
        reverse("riskanalysis:fmea_worksheet_copy", args=[fmea.pk]), {"line": first.pk}
    )
    assert response.status_code == 201
    copy = FmeaLine.objects.get(pk=response.json()["line"]["id"])
    assert (copy.failure_mode, copy.initial_score, copy.reference) == (
        first.failure_mode,
        140,
        "AML-2026-0003",
    )
    order = list(
        FmeaLine.objects.filter(fmea=fmea).order_by("position").values_list("pk", flat=True)
    )
    assert order == [first.pk, copy.pk, last.pk]


def test_an_approved_study_s_worksheet_is_read_only(fmea, manager, coordinator, client_for):
    line = _line(fmea, manager)
    services.record_transition(record=fmea, user=manager, name="submit")
    services.record_transition(record=fmea, user=coordinator, name="approve")
    client = client_for(manager)
    page = client.get(reverse("riskanalysis:fmea_worksheet", args=[fmea.pk]))
    assert page.context["editable"] is False
    assert _cell(client, fmea, line, "occurrence", "2").status_code == 403
    services.record_transition(record=fmea, user=manager, name="revise", comment="Nouvelle pièce")
    fmea.refresh_from_db()
    assert (fmea.status, fmea.revision) == ("draft", 2)
    assert _cell(client, fmea, line, "occurrence", "2").status_code == 200
    assert line.ratings.last().revision == 2


def test_another_site_s_user_gets_404(fmea, manager, outsider, client_for):
    line = _line(fmea, manager)
    client = client_for(outsider)
    for name in ("fmea_worksheet", "fmea_pdf", "fmea_xlsx"):
        assert client.get(reverse(f"riskanalysis:{name}", args=[fmea.pk])).status_code == 404
    assert _cell(client, fmea, line, "occurrence", "2").status_code == 404


def test_a_reader_sees_but_cannot_save(fmea, manager, reader, client_for):
    line = _line(fmea, manager)
    client = client_for(reader)
    page = client.get(reverse("riskanalysis:fmea_worksheet", args=[fmea.pk]))
    assert page.status_code == 200 and page.context["editable"] is False
    assert _cell(client, fmea, line, "occurrence", "2").status_code == 403


def test_excel_worksheet_in_the_usual_column_order(fmea, manager, client_for):
    _line(fmea, manager, recommended_action="Poka-yoke")
    response = client_for(manager).get(reverse("riskanalysis:fmea_xlsx", args=[fmea.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    assert header[4:17] == [
        "Item or process step",
        "Function",
        "Failure mode",
        "Effect of the failure",
        "Severity (S)",
        "Class",
        "Cause of the failure",
        "Current prevention controls",
        "Occurrence (O)",
        "Current detection controls",
        "Detection (D)",
        "RPN",
        "Recommended action",
    ]
    row = [cell.value for cell in sheet[2]]
    assert row[8] == 7 and row[15] == 140 and row[16] == "Poka-yoke"


def test_pdf_of_the_worksheet(fmea, manager, client_for):
    _line(fmea, manager)
    response = client_for(manager).get(
        reverse("riskanalysis:fmea_pdf", args=[fmea.pk]) + "?lang=fr"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_study_page_ranks_the_lines_to_act_on(fmea, manager, client_for):
    _line(fmea, manager, severity=4, occurrence=10, detection=5)  # RPN 200
    severe = _line(fmea, manager, severity=10, occurrence=1, detection=2)  # RPN 20, S 10
    _line(fmea, manager, severity=3, occurrence=2, detection=2)  # RPN 12
    response = client_for(manager).get(reverse("riskanalysis:fmea_detail", args=[fmea.pk]))
    assert response.status_code == 200
    assert response.context["priorities"] == {"severity": 1, "rpn": 1, "none": 1}
    assert response.context["urgent"][0] == severe


def test_the_excel_worksheet_imports_back(fmea, manager, client_for):
    from amelio.core.imports import import_rows
    from amelio.core.registry import registry

    line = _line(fmea, manager)
    response = client_for(manager).get(reverse("riskanalysis:fmea_xlsx", args=[fmea.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    sheet.cell(row=2, column=13).value = 2  # occurrence (O)
    sheet.append(
        [
            None,
            fmea.reference,
            fmea.org_unit.name,
            None,
            "Op. 50 Fraisage",
            "",
            "Rainure décalée",
            "Montage impossible",
            8,
            "",
            "Bridage",
            "",
            2,
            "",
            6,
        ]
    )
    handle = io.BytesIO()
    book.save(handle)
    handle.seek(0)
    report = import_rows(registry.get("riskanalysis.fmealine"), manager, handle, commit=True)
    assert report.saved, [row.errors for row in report.rows]
    assert set(report.unknown_columns) == {"RPN", "Revised RPN"}
    line.refresh_from_db()
    assert (line.occurrence, line.initial_score) == (2, 56)
    added = FmeaLine.objects.get(fmea=fmea, failure_mode="Rainure décalée")
    assert (added.initial_score, added.created_by) == (96, manager)
