"""The one reports layer: PDFs from templates, workbooks with typed cells, safe file names."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from amelio.core import reports


def _weasyprint_error() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return str(error)
    return None


@pytest.mark.skipif(_weasyprint_error() is not None, reason="WeasyPrint cannot run here")
def test_a_pdf_is_printed_from_a_template_in_the_language_asked(tmp_path, settings):
    from pypdf import PdfReader

    (tmp_path / "report.html").write_text(
        "{% load i18n %}<html><body><h1>Hello {{ name }}</h1>"
        "<p>{% translate 'Yes' %}</p></body></html>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [str(tmp_path), *settings.TEMPLATES[0]["DIRS"]]}
    ]
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = reports.pdf_response(
        request, "report.html", {"name": "Amelio"}, "rapport été.pdf", fallback="/", language="fr"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Hello Amelio" in text
    assert "Oui" in text
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''rapport%20%C3%A9t%C3%A9.pdf"
    )


def test_without_weasyprint_the_user_is_sent_back_with_a_message(monkeypatch, rf):
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("no Pango")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    sent = []
    monkeypatch.setattr(reports.messages, "error", lambda request, text: sent.append(text))
    response = reports.pdf_response(rf.get("/"), "base.html", {}, "x.pdf", fallback="/back/")
    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert sent == [reports.PDF_UNAVAILABLE]


def test_a_workbook_has_its_header_numbers_and_dates():
    workbook = reports.Workbook()
    sheet = workbook.sheet("Costs: 2026/Q1", ["Reference", "Amount", "Due", "Done at", "Open"])
    with translation.override("en"):
        sheet.row(
            ["NC-1", Decimal("12.50"), dt.date(2026, 3, 1), dt.datetime(2026, 3, 2, 9, 30), True]
        )
        sheet.row(["=SUM(A1)", 3, None, "", False])
    sheet.autofilter()
    response = workbook.response("coûts.xlsx")
    assert response["Content-Type"] == reports.XLSX_TYPE
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''co%C3%BBts.xlsx"
    book = load_workbook(io.BytesIO(response.content))
    ws = book.active
    assert ws.title == "Costs- 2026-Q1"
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == ["Reference", "Amount", "Due", "Done at", "Open"]
    assert ws["A1"].font.bold
    assert ws["B2"].value == 12.5 and ws["B3"].value == 3
    assert ws["C2"].value == dt.datetime(2026, 3, 1)
    assert ws["C2"].number_format == "dd/mm/yyyy"
    assert ws["D2"].value == dt.datetime(2026, 3, 2, 9, 30)
    assert ws["E2"].value == "Yes"
    assert ws["A3"].value == "=SUM(A1)" and ws["A3"].data_type == "s"
    assert ws["C3"].value is None
    assert ws.auto_filter.ref == "A1:E3"


def test_a_number_format_and_label_cells():
    workbook = reports.Workbook()
    sheet = workbook.sheet("Summary", widths=30, number_format="#,##0.00")
    sheet.row(["Total", 1234.5], labels=1)
    ws = load_workbook(io.BytesIO(workbook.content())).active
    assert ws.freeze_panes is None
    assert ws["A1"].font.bold and not ws["B1"].font.bold
    assert ws["B1"].number_format == "#,##0.00"


def test_an_ascii_file_name_is_quoted():
    response = reports.file_response(b"x", 'plan "A".csv', "text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="plan \\"A\\".csv"'


def test_an_import_template_has_the_headings_only():
    content = reports.template_workbook(["Period", "Value"])
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows == [("Period", "Value")]
