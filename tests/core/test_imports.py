"""Excel import as a French user writes the file: French headers and labels, dd/mm/yyyy."""

import datetime as dt
import io

import pytest
from django.db import models
from django.utils import translation
from openpyxl import Workbook

from amelio.context.models import ContextIssue
from amelio.core import services
from amelio.core.imports import import_rows
from amelio.core.registry import registry
from tests.core.test_registers import _import_rows as import_sample
from tests.core.test_registers import _workbook as sample_workbook

REGISTER = registry.get("context.contextissue")


def workbook(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def french_header():
    with translation.override("fr"):
        return [
            str(REGISTER.field(name).verbose_name)
            for name in (
                "title",
                "org_unit",
                "origin",
                "swot",
                "pestel",
                "impact",
                "climate_related",
                "owner",
                "review_date",
            )
        ]


def test_french_headers_labels_and_dates(org, manager):
    handle = workbook(
        [
            french_header(),
            [
                "Canicule en atelier",
                "A-PROD",
                "Externe",
                "Menace",
                "Environnemental",
                "Élevé",
                "oui",
                "manager",
                "15/03/2027",
            ],
            [
                "Savoir-faire",
                "A",
                "internal",
                "strength",
                None,
                2,
                "non",
                None,
                dt.datetime(2027, 1, 31),
            ],
        ]
    )
    report = import_rows(REGISTER, manager, handle, commit=True)
    assert [row.errors for row in report.rows] == [[], []]
    assert report.saved
    heat, skill = ContextIssue.objects.order_by("id")
    assert (heat.org_unit.code, heat.origin, heat.swot, heat.pestel, heat.impact) == (
        "A-PROD",
        "external",
        "threat",
        "environmental",
        3,
    )
    assert (heat.climate_related, heat.owner, heat.review_date) == (
        True,
        manager,
        dt.date(2027, 3, 15),
    )
    assert (skill.swot, skill.climate_related, skill.review_date) == (
        "strength",
        False,
        dt.date(2027, 1, 31),
    )


def test_a_row_with_a_reference_updates_that_record(org, manager):
    record = services.record_create(
        record=ContextIssue(
            title="Old title",
            org_unit=org["a"],
            origin="external",
            swot="threat",
            pestel="economic",
            impact=2,
        ),
        user=manager,
    )
    handle = workbook([["Reference", "Title", "Impact"], [record.reference, "New title", 4]])
    report = import_rows(REGISTER, manager, handle, commit=True)
    assert (report.updated, report.created, report.saved) == (1, 0, True)
    record.refresh_from_db()
    assert (record.title, record.impact, record.pestel, record.version) == (
        "New title",
        4,
        "economic",
        2,
    )


def test_unknown_reference_is_a_row_error(org, manager):
    handle = workbook([["reference", "title"], ["CTX-1999-0001", "Ghost"]])
    with translation.override("en"):
        report = import_rows(REGISTER, manager, handle, commit=True)
        assert report.errors[0].errors == [
            "Reference CTX-1999-0001 does not exist or you may not change it."
        ]
    assert not report.saved


def test_errors_name_the_row_and_the_field(org, manager):
    handle = workbook(
        [
            ["title", "org_unit", "origin", "swot"],
            ["Fine", "A", "external", "threat"],
            ["Wrong quadrant", "A", "internal", "threat"],
            ["", "A", "external", "threat"],
        ]
    )
    with translation.override("en"):
        report = import_rows(REGISTER, manager, handle, commit=True)
        assert [(row.number, row.errors) for row in report.errors] == [
            (3, ["SWOT quadrant: An internal issue is a strength or a weakness."]),
            (4, ["Title: This field is required."]),
        ]
    assert ContextIssue.objects.count() == 0


def test_row_errors_in_french_take_a_no_break_space_before_the_colon(org, manager):
    handle = workbook([["title", "org_unit"], ["", "A"]])
    with translation.override("fr"):
        report = import_rows(REGISTER, manager, handle, commit=False)
        assert report.errors[0].errors[0] == "Titre\u00a0: Ce champ est obligatoire."


def test_unknown_columns_are_reported(org, manager):
    handle = workbook(
        [
            ["title", "org_unit", "origin", "swot", "Colour"],
            ["T", "A", "external", "threat", "blue"],
        ]
    )
    report = import_rows(REGISTER, manager, handle, commit=False)
    assert report.unknown_columns == ["Colour"]
    assert ContextIssue.objects.count() == 0


def test_list_answers_htmx_with_the_table_only(client_for, org, manager):
    response = client_for(manager).get("/context/issues/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


IMPORT_DATES = [
    (reg, name)
    for reg in registry
    for name in reg.import_fields
    if isinstance(reg.field(name), models.DateField)
]


@pytest.mark.parametrize(
    ("reg", "name"), IMPORT_DATES, ids=[f"{r.key}.{n}" for r, n in IMPORT_DATES]
)
def test_an_imported_date_out_of_range_is_a_row_error(reg, name, org, manager):
    """A year typed 0001 or 9999 is refused on its row, the bounds in the user's format."""
    header, rows = import_sample(reg, org["a"], manager, 2)
    rows[0][header.index(name)] = "01/01/0001"
    rows[1][header.index(name)] = "31/12/9999"
    with translation.override("en"):
        report = import_rows(reg, manager, sample_workbook(header, rows), commit=True)
    assert [row.number for row in report.errors] == [2, 3]
    for row in report.errors:
        assert any("between 01/01/1900 and 12/31/2100" in error for error in row.errors)
    assert (report.saved, reg.model.objects.count()) == (False, 0)
