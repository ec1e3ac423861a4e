"""The Excel export: what Excel shows is what the list shows, and nothing runs."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from amelio.context.models import ContextIssue
from amelio.core import services
from amelio.core.exports import _sheet_title


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
