"""FMEA pages beyond the generated ones: the study's summary on its page, the rating history
on a line's page, the worksheet (entered cell by cell from the keyboard, each cell saved
through the line's form and `core.services`), the landscape PDF and the Excel worksheet."""

from __future__ import annotations

import json
from collections import Counter
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.core import exports, services
from amelio.core.lookups import get_record_for
from amelio.core.permissions import can
from amelio.core.registry import registry
from amelio.core.reports import pdf_response
from amelio.riskanalysis import computations, worksheet
from amelio.riskanalysis.models import Fmea, FmeaLine

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_LANGUAGES = ("fr", "en")


def _fmea(request, pk: int, action: str = "view") -> Fmea:
    records = Fmea.objects.select_related("org_unit", "owner", "matrix", "process")
    return get_record_for(request.user, records, pk, action)


def _lines(fmea: Fmea, user) -> list[FmeaLine]:
    """The active lines of the study the user sees, in worksheet order."""
    queryset = registry.get("riskanalysis.fmealine").queryset_for(user, "view")
    lines = list(
        queryset.filter(fmea=fmea, archived_at__isnull=True)
        .select_related("responsible", "org_unit")
        .order_by("position", "id")
    )
    for line in lines:
        line.fmea = fmea
    return lines


def may_edit_lines(user, fmea: Fmea) -> bool:
    return not fmea.is_archived and not fmea.locks_children() and can(user, "change", fmea.org_unit)


def ranked(lines: list[FmeaLine], rules: computations.Rules) -> list[FmeaLine]:
    """Lines most urgent first, severity first (DOMAIN.md 9.1)."""
    return sorted(
        lines,
        key=lambda line: computations.severity_first_key(
            line.severity, line.occurrence, line.detection, rules
        ),
    )


def fmea_context(fmea: Fmea, request) -> dict:
    """The counts by priority, the lines to act on (severity first) and the re-ratings."""
    rules = fmea.rules()
    lines = _lines(fmea, request.user)
    priorities = Counter(
        computations.priority(line.severity, line.occurrence, line.detection, rules).code
        for line in lines
    )
    urgent = [
        line
        for line in ranked(lines, rules)
        if computations.priority(line.severity, line.occurrence, line.detection, rules).needs_action
    ]
    rerated = [line for line in lines if line.revised_score is not None]
    return {
        "rules": rules,
        "line_count": len(lines),
        "priorities": {code: priorities.get(code, 0) for code in worksheet.PRIORITY_CODES},
        "urgent": urgent[:15],
        "urgent_count": len(urgent),
        "rerated_count": len(rerated),
        "open_after": sum(
            1
            for line in rerated
            if line.rerating is not None and line.rerating.priority_after.needs_action
        ),
        "may_edit_lines": may_edit_lines(request.user, fmea),
        "lines_register": registry.get("riskanalysis.fmealine"),
    }


def line_context(line: FmeaLine, request) -> dict:
    """The rating history of the line and what the re-rating changed."""
    fmeas = registry.get("riskanalysis.fmea").queryset_for(request.user, "view")
    return {
        "fmea_visible": fmeas.filter(pk=line.fmea_id).exists(),
        "priority": line.priority,
        "rerating": line.rerating,
        "ratings": list(line.ratings.select_related("rated_by")),
    }


def worksheet_page(request, pk: int):
    """The worksheet: every line in one table, entered cell by cell."""
    fmea = _fmea(request, pk)
    lines = _lines(fmea, request.user)
    editable = may_edit_lines(request.user, fmea)
    data = worksheet.payload(fmea, lines, editable=editable)
    context = {
        "record": fmea,
        "register": registry.get("riskanalysis.fmea"),
        "lines_register": registry.get("riskanalysis.fmealine"),
        "worksheet": data,
        "editable": editable,
        "line_count": len(lines),
    }
    return TemplateResponse(request, "riskanalysis/fmea/worksheet.html", context)


def _json_error(message: str, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _line(request, fmea: Fmea, line_pk) -> FmeaLine:
    queryset = FmeaLine.objects.select_related("fmea__matrix", "org_unit").filter(fmea=fmea)
    return get_record_for(request.user, queryset, line_pk, "change")


def _editable_fmea(request, pk: int) -> Fmea:
    fmea = _fmea(request, pk)
    if not may_edit_lines(request.user, fmea):
        raise PermissionDenied
    return fmea


@require_POST
def worksheet_cell(request, pk: int):
    """Save one cell: `line`, `field`, `value` and the `version` the browser read. Answers
    the line's new values (RPN, priority, version) or the error in the reader's language."""
    fmea = _editable_fmea(request, pk)
    field = request.POST.get("field", "")
    if field not in worksheet.EDITABLE:
        return _json_error(_("This column cannot be changed here."))
    line = _line(request, fmea, request.POST.get("line"))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return _json_error(_("Reload the worksheet: the line's version is missing."))
    try:
        saved = worksheet.save_cell(
            line, field, request.POST.get("value", ""), request.user, version
        )
    except services.ConflictError as conflict:
        return _json_error(
            _("Someone else changed this line meanwhile: its current values are shown again."),
            status=409,
            line=worksheet.line_payload(cast(FmeaLine, conflict.current), fmea),
        )
    except ValidationError as error:
        return _json_error(" ".join(error.messages))
    return JsonResponse({"line": worksheet.line_payload(saved, fmea)})


@require_POST
def worksheet_add(request, pk: int):
    """Create a line from the values typed in a new row of the worksheet, placed below the
    line `after` (or at the end). Nothing is saved until every required column is given."""
    fmea = _editable_fmea(request, pk)
    try:
        values = json.loads(request.POST.get("values", "{}"))
    except json.JSONDecodeError:
        values = None
    if not isinstance(values, dict):
        return _json_error(_("The new line could not be read; type it again."))
    after = request.POST.get("after") or None
    previous = _line(request, fmea, after) if after else None
    try:
        line = worksheet.add_line(fmea, values, request.user, after=previous)
    except ValidationError as error:
        return _json_error(" ".join(error.messages), fields=worksheet.error_fields(error))
    return JsonResponse({"line": worksheet.line_payload(line, fmea)}, status=201)


@require_POST
def worksheet_copy(request, pk: int):
    """Copy a line just below itself (a failure mode with a second cause, say)."""
    fmea = _editable_fmea(request, pk)
    line = _line(request, fmea, request.POST.get("line"))
    with transaction.atomic():
        copy = worksheet.copy_line(line, request.user)
    return JsonResponse({"line": worksheet.line_payload(copy, fmea)}, status=201)


def _language(request) -> str | None:
    language = request.GET.get("lang")
    return language if language in PDF_LANGUAGES else None


def fmea_pdf(request, pk: int):
    """The worksheet in landscape, in the usual column order, with the rules and the team."""
    fmea = _fmea(request, pk)
    context = {
        "record": fmea,
        "lines": _lines(fmea, request.user),
        "rules": fmea.rules(),
        "team": list(fmea.team.all()),
        "printed": timezone.now(),
    }
    return pdf_response(
        request,
        "riskanalysis/fmea/fmea_pdf.html",
        context,
        f"{fmea.reference}.pdf",
        fallback=reverse("riskanalysis:fmea_detail", args=[fmea.pk]),
        language=_language(request),
    )


def fmea_xlsx(request, pk: int):
    """The lines in the usual column order, re-importable through the lines' import (the
    reference column updates a line; computed columns are ignored on import)."""
    fmea = _fmea(request, pk)
    if not can(request.user, "export", fmea.org_unit):
        raise PermissionDenied
    register = registry.get("riskanalysis.fmealine")
    queryset = (
        register.queryset_for(request.user, "view")
        .filter(fmea=fmea, archived_at__isnull=True)
        .order_by("position", "id")
    )
    handle = exports.xlsx_file(register, queryset, worksheet.XLSX_FIELDS, fmea.reference)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{fmea.reference}-{timezone.localdate():%Y%m%d}.xlsx",
        content_type=XLSX_TYPE,
    )


urlpatterns: list = [
    path("fmea/<int:pk>/worksheet/", worksheet_page, name="fmea_worksheet"),
    path("fmea/<int:pk>/worksheet/cell/", worksheet_cell, name="fmea_worksheet_cell"),
    path("fmea/<int:pk>/worksheet/add/", worksheet_add, name="fmea_worksheet_add"),
    path("fmea/<int:pk>/worksheet/copy/", worksheet_copy, name="fmea_worksheet_copy"),
    path("fmea/<int:pk>/fmea.pdf", fmea_pdf, name="fmea_pdf"),
    path("fmea/<int:pk>/worksheet.xlsx", fmea_xlsx, name="fmea_xlsx"),
]
