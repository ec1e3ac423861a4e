"""PDF and XLSX documents of every module, made one way.

A PDF is a Django template rendered in the page's language (or a given one) and printed by
WeasyPrint, with the site's root as base URL so that static files resolve. A workbook is
built with `Workbook`: one header format, column widths, a frozen header row, dates as dates
and numbers as numbers, no cell ever read as a formula. Responses name their file as RFC 6266
says (`filename*` for names that are not plain ASCII).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_UNAVAILABLE = gettext_lazy(
    "The PDF export is not available on this server: the WeasyPrint library or its system "
    "libraries are missing. Ask your administrator, or use the Excel export."
)
XLSX_OPTIONS = {
    # A cell that starts with "=" stays text: an export never carries a live formula.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,
}
CELL_FORMATS: dict[str, dict[str, Any]] = {
    "header": {"bold": True, "bg_color": "#E8F0EF", "bottom": 1, "text_wrap": True},
    "bold": {"bold": True},
    "wrap": {"text_wrap": True, "valign": "top"},
    "plain": {},
}
DATE_FORMATS = {dt.datetime: "dd/mm/yyyy hh:mm", dt.date: "dd/mm/yyyy"}
SPOOL_SIZE = 8 * 1024 * 1024


class PdfUnavailable(Exception):
    """WeasyPrint or its system libraries (Pango) are missing on this server."""


def file_response(
    content: bytes, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """A download of `content`, its name given as RFC 6266 says."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or ""
    return response


# PDF ----------------------------------------------------------------------------------------


def render_pdf(
    template: str, context: dict, *, request: HttpRequest | None = None, language: str | None = None
) -> bytes:
    """The PDF of `template` in `language` (default: the active one); raises PdfUnavailable."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        # OSError: WeasyPrint is installed but the Pango system libraries are missing.
        raise PdfUnavailable from error
    with translation.override(language or translation.get_language()):
        html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(
    request: HttpRequest, template: str, context: dict, filename: str, *, fallback: str, **kw: Any
) -> HttpResponse:
    """The PDF shown in the browser, or back to `fallback` (a URL or URL name) with a message
    when this server cannot print PDFs. `kw` may give the `language`."""
    try:
        pdf = render_pdf(template, context, request=request, **kw)
    except PdfUnavailable:
        return pdf_unavailable(request, fallback)
    return file_response(pdf, filename, PDF_TYPE, inline=True)


def pdf_unavailable(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    messages.error(request, PDF_UNAVAILABLE)
    return redirect(fallback)


# XLSX ---------------------------------------------------------------------------------------


class Workbook:
    """An XLSX workbook written into a temporary file; `streaming` keeps memory flat for
    large exports (rows then go out in order, as they come)."""

    def __init__(self, *, streaming: bool = False) -> None:
        self.handle = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)
        options = {**XLSX_OPTIONS, "constant_memory": streaming}
        self.book = xlsxwriter.Workbook(self.handle, {**options, "tmpdir": tempfile.gettempdir()})
        self._formats: dict[tuple[str, str | None], Any] = {}

    def format(self, key: str, number: str | None = None) -> Any:
        """A cell format by name (one of CELL_FORMATS), with a number format."""
        if (key, number) not in self._formats:
            properties = dict(CELL_FORMATS[key])
            if number:
                properties["num_format"] = number
            self._formats[key, number] = self.book.add_format(properties)
        return self._formats[key, number]

    def sheet(self, title: str, header: Iterable | None = None, **options: Any) -> Sheet:
        """A new worksheet with its header row (see `Sheet` for the options)."""
        return Sheet(self, title, [force_str(h) for h in header or []], **options)

    def close(self) -> IO[bytes]:
        """The finished workbook as a file rewound to its start."""
        self.book.close()
        self.handle.seek(0)
        return self.handle

    def content(self) -> bytes:
        return self.close().read()

    def response(self, filename: str) -> HttpResponse:
        """The workbook as a download."""
        return file_response(self.content(), filename, XLSX_TYPE)


class Sheet:
    """One worksheet: `row()` appends typed cells. Options: `widths` (one width, or column ->
    width; default from the header's labels), `number_format` of numbers, `wrap` every cell,
    `freeze_columns` kept in view beside the frozen header."""

    def __init__(self, workbook: Workbook, title: str, header: list[str], **options: Any) -> None:
        self.workbook = workbook
        self.sheet = workbook.book.add_worksheet(sheet_title(title))
        self.number = options.get("number_format")
        self.style = "wrap" if options.get("wrap") else "plain"
        self.width = len(header)
        self.count = 0
        if header:
            self.row(header, style="header")
            self.sheet.freeze_panes(1, options.get("freeze_columns", 0))
        self._set_widths(header, options.get("widths"))

    def _set_widths(self, header: list[str], widths: int | dict[int, int] | None) -> None:
        if isinstance(widths, int):
            widths = dict.fromkeys(range(len(header)), widths)
        if widths is None:
            widths = {i: min(max(len(label) + 4, 12), 50) for i, label in enumerate(header)}
        for column, width in widths.items():
            self.sheet.set_column(column, column, width)

    def row(self, values: Iterable, *, style: str | None = None, labels: int = 0) -> None:
        """Append a row; `style` "header" or "bold" for all its cells, `labels` = how many
        leading cells are labels in the header's format."""
        for column, value in enumerate(values):
            key = "header" if column < labels else style or self.style
            self.write(self.count, column, value, key)
        self.count += 1

    def write(self, row: int, column: int, value: Any, key: str = "plain") -> None:
        """One typed cell: dates as dates, numbers as numbers, yes/no, anything else as text."""
        if value is None or value == "":
            if key == "header":
                self.sheet.write_blank(row, column, None, self.workbook.format(key))
            return
        if isinstance(value, dt.date):
            kind = dt.datetime if isinstance(value, dt.datetime) else dt.date
            formatted = self.workbook.format(key, DATE_FORMATS[kind])
            self.sheet.write_datetime(row, column, value, formatted)
        elif isinstance(value, bool):
            self.sheet.write_string(row, column, force_str(_("Yes") if value else _("No")))
        elif isinstance(value, int | float | Decimal):
            formatted = self.workbook.format(key, self.number)
            self.sheet.write_number(row, column, float(value), formatted)
        else:
            self.sheet.write_string(row, column, force_str(value), self.workbook.format(key))

    def autofilter(self) -> None:
        """Filter buttons on the header, over every row written."""
        self.sheet.autofilter(0, 0, max(self.count - 1, 1), max(self.width - 1, 0))


def sheet_title(title: Any) -> str:
    """A worksheet name Excel accepts: 31 characters, none of []:*?/\\."""
    cleaned = "".join("-" if c in "[]:*?/\\" else c for c in force_str(title)).strip("'")
    return cleaned[:31] or "Export"


def template_workbook(labels: Iterable) -> bytes:
    """An empty workbook with the column headings of an import."""
    workbook = Workbook()
    workbook.sheet(_("Import"), labels)
    return workbook.content()


def qr_svg(url: str, scale: int = 5) -> str:
    """The QR code of `url` as an inline SVG (segno, no network), to scan from a phone: a
    public reporting poster, a survey link, an attendee's evaluation."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True, dark="#111"
    )
    return buffer.getvalue().decode()
