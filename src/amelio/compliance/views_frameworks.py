"""Pages of the compliance app that are not generated from the registry: frameworks.

Installing the shipped standards, loading a framework's clauses from a workbook (or a JSON
file), the gap assessment's worksheet (answering a clause in place), and its statement of
applicability as a workbook and a PDF."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from amelio.compliance import frameworks as fw
from amelio.compliance.models import ClauseAnswer, ClauseResult, Framework, GapAssessment
from amelio.compliance.reference_data import framework_data, shipped_frameworks
from amelio.core import services
from amelio.core.imports import ImportFileError, read_table
from amelio.core.lookups import get_record_for
from amelio.core.models import OrgUnit
from amelio.core.permissions import can, can_anywhere
from amelio.core.reports import Workbook, pdf_response
from amelio.core.views.base import RegisterView

MAX_CLAUSES = 2000


# Installing the shipped standards -----------------------------------------------------------


def install_unit(user):
    """The organisation, where the shipped standards go for every site (decision 0027), when
    `user` may add records there; else None."""
    root = OrgUnit.objects.active().filter(kind=OrgUnit.Kind.ORGANISATION).first()
    return root if root is not None and can(user, "add", root) else None


class InstallView(RegisterView):
    """The standards shipped with Amelio, and the button that installs or updates them."""

    def _shipped(self) -> list[dict[str, Any]]:
        installed = {
            f.key: f for f in fw.visible_frameworks(self.request.user).filter(shipped=True)
        }
        rows = []
        for key in shipped_frameworks():
            data = framework_data(key)
            rows.append(
                {
                    "key": key,
                    "name": f"{data['name']}:{data['edition']}",
                    "title": data["title_en"] if fw.english() else data["title_fr"],
                    "clauses": len(data["clauses"]),
                    "version": data.get("version", ""),
                    "installed": installed.get(key),
                }
            )
        return rows

    def get(self, request):
        context = self.base_context(
            shipped=self._shipped(),
            title=_("Standards shipped"),
            may_install=install_unit(request.user) is not None,
        )
        return TemplateResponse(request, "compliance/frameworks/install.html", context)

    def post(self, request):
        unit = install_unit(request.user)
        if unit is None:
            raise PermissionDenied
        try:
            installed = fw.install_shipped(unit, request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect(self.register.url("install"))
        messages.success(
            request,
            _("%(count)s standards are installed and up to date.") % {"count": len(installed)},
        )
        return redirect(self.register.url("list"))


# A framework's clauses from a workbook ------------------------------------------------------


def clauses_template(request):
    """The workbook to fill in for a framework of one's own: the columns and one example."""
    if not can_anywhere(request.user, "add"):
        raise PermissionDenied
    workbook = Workbook()
    header, example = fw.template_rows()
    sheet = workbook.sheet(_("Clauses"), header, widths={0: 10, 1: 40, 2: 40, 3: 14, 4: 50, 5: 50})
    sheet.row(example)
    return workbook.response("framework-clauses.xlsx")


def _framework_for_change(request, pk: int) -> Framework:
    framework = get_record_for(request.user, Framework, pk, "change")
    if framework.shipped:
        messages.error(request, _("A framework shipped with Amelio is updated by Amelio."))
        raise _Redirect(reverse("compliance:framework_detail", args=[framework.pk]))
    if not services.may_edit(request.user, framework):
        raise PermissionDenied
    return framework


class _Redirect(Exception):
    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def _read_upload(upload) -> list[fw.ClauseRow]:
    """The clause rows of an uploaded workbook or JSON file (same format as the shipped)."""
    if upload.size > settings.AMELIO_IMPORT_MAX_BYTES:
        raise ValidationError(_("The file is too large for an import."))
    if (upload.name or "").lower().endswith(".json"):
        try:
            data = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise ValidationError(_("This file is not valid JSON.")) from error
        clauses = data.get("clauses") if isinstance(data, dict) else data
        if not isinstance(clauses, list) or not all(isinstance(c, dict) for c in clauses):
            raise ValidationError(_("The JSON file must hold a list of clauses."))
        if any(isinstance(v, dict | list) for c in clauses for v in c.values()):
            raise ValidationError(_("Each value of a clause must be a text or a number."))
        return fw.rows_from_json(clauses)
    try:
        header, data = read_table(upload, MAX_CLAUSES)
    except ImportFileError as error:
        raise ValidationError(str(error)) from error
    return fw.rows_from_table(header, data)


def _confirm_clauses(request, framework: Framework, context: dict[str, Any]):
    """Step 2: save the checked rows kept in the session; a redirect when saved."""
    key = f"framework-clauses-{request.POST['token']}"
    stored = request.session.get(key)
    if not stored or stored["framework"] != framework.pk:
        context["errors"] = [_("This import has expired; upload the file again.")]
        return None
    rows = [fw.ClauseRow(where, values) for where, values in stored["rows"]]
    try:
        report = fw.install_clauses(framework, rows, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        context["errors"] = getattr(error, "messages", [str(error)])
        return None
    del request.session[key]
    messages.success(
        request,
        _("Clauses loaded: %(created)s created, %(updated)s changed, %(unchanged)s unchanged.")
        % vars(report),
    )
    return redirect("compliance:framework_detail", framework.pk)


def _check_upload(request, framework: Framework, context: dict[str, Any]) -> None:
    """Step 1: read and check the file; keep its rows for the confirmation when right."""
    upload = request.FILES.get("file")
    if upload is None:
        context["errors"] = [_("Choose an .xlsx file to import.")]
        return
    try:
        rows = _read_upload(upload)
        errors = fw.check_clauses(rows)
    except ValidationError as error:
        errors = error.messages
    if not errors and not rows:
        errors = [_("The file holds no data row.")]
    if errors:
        context["errors"] = errors
        return
    token = uuid.uuid4().hex
    request.session[f"framework-clauses-{token}"] = {
        "framework": framework.pk,
        "rows": [(row.where, row.values) for row in rows],
    }
    context.update(token=token, rows=rows, name=upload.name)


def framework_clauses_load(request, pk: int):
    """Load a framework's clauses from a workbook: check the file and preview, then confirm.
    One bad row and nothing is saved."""
    try:
        framework = _framework_for_change(request, pk)
    except _Redirect as target:
        return redirect(target.url)
    context: dict[str, Any] = {"record": framework}
    if request.method == "POST" and "token" in request.POST:
        saved = _confirm_clauses(request, framework, context)
        if saved is not None:
            return saved
    elif request.method == "POST":
        _check_upload(request, framework, context)
    return TemplateResponse(request, "compliance/framework/clauses_load.html", context)


# The worksheet of a gap assessment ----------------------------------------------------------


class AnswerForm(forms.Form):
    result = forms.ChoiceField(label=_("result"), choices=ClauseResult.choices)
    maturity = forms.TypedChoiceField(
        label=_("maturity"),
        choices=[("", "—"), *[(str(n), str(n)) for n in range(6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    evidence = forms.CharField(label=_("evidence"), required=False, widget=forms.Textarea)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def assessment_context(assessment: GapAssessment, request) -> dict[str, Any]:
    """What the assessment's page shows: the worksheet by chapter, the scores and radar."""
    user = request.user
    rows = fw.worksheet(assessment, user)
    titles = fw.chapter_titles(assessment.framework)
    chapters = fw.scores(rows)
    by_chapter: dict[str, list[fw.WorksheetRow]] = {}
    for row in rows:
        by_chapter.setdefault(row.clause.chapter, []).append(row)
    open_ = not assessment.is_archived and not assessment.locks_children()
    may_answer = open_ and can(user, "add", assessment.org_unit)
    return {
        "worksheet": [
            {"chapter": chapter, "title": titles.get(chapter, ""), "rows": chapter_rows}
            for chapter, chapter_rows in by_chapter.items()
        ],
        "chapter_scores": [(s, titles.get(s.chapter, "")) for s in chapters],
        "overall_score": fw.calc.overall_score(chapters),
        "radar": fw.radar_figure(chapters, titles, str(pgettext_lazy("chart", "Score (%)"))),
        "may_answer": may_answer,
        "may_update": open_ and can(user, "change", assessment.org_unit),
        "result_choices": ClauseResult.choices,
        "maturity_choices": range(6),
        "answered_count": sum(1 for r in rows if r.answer and r.answer.result != "not_assessed"),
        "leaf_count": len(rows),
    }


def clause_answer(request, pk: int, clause_pk: int):
    """Answer one clause of the worksheet in place: create or update its answer."""
    assessment = get_record_for(
        request.user, GapAssessment.objects.select_related("framework"), pk, "add"
    )
    if request.method != "POST":
        return redirect("compliance:gapassessment_detail", assessment.pk)
    clause = assessment.framework.clauses.filter(pk=clause_pk).first()
    target = reverse("compliance:gapassessment_detail", args=[assessment.pk])
    if clause is None:
        messages.error(request, _("This clause is not in the assessment's framework."))
        return redirect(target)
    anchor = f"{target}#clause-{clause.pk}"
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the answer: %(errors)s") % {"errors": _errors(form)})
        return redirect(anchor)
    answer = assessment.answers.filter(clause=clause, archived_at__isnull=True).first()
    values = {key: form.cleaned_data[key] for key in ("result", "maturity", "evidence")}
    try:
        if answer is None:
            answer = ClauseAnswer(
                assessment=assessment, clause=clause, org_unit=assessment.org_unit, **values
            )
            services.record_create(record=answer, user=request.user)
        else:
            for name, value in values.items():
                setattr(answer, name, value)
            services.record_update(
                record=answer, user=request.user, expected_version=form.cleaned_data["version"]
            )
    except services.ConflictError:
        messages.error(request, _("Someone changed this answer meanwhile; here is their version."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("§%(number)s answered.") % {"number": clause.number})
    return redirect(anchor)


def _errors(form) -> str:
    """The form's errors in one line, each after its field's label (none for the form's)."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        text = " ".join(errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)


# Statement of applicability -----------------------------------------------------------------


def _soa(request, pk: int) -> tuple[GapAssessment, list[dict[str, Any]]]:
    assessment = get_record_for(
        request.user,
        GapAssessment.objects.select_related("framework", "org_unit", "assessor"),
        pk,
        "export",
    )
    return assessment, fw.soa_rows(fw.worksheet(assessment, request.user))


def _soa_filename(assessment: GapAssessment, suffix: str) -> str:
    return f"{assessment.reference}-{slugify(str(_('statement of applicability')))}.{suffix}"


def soa_xlsx(request, pk: int):
    assessment, lines = _soa(request, pk)
    workbook = Workbook()
    header = [
        _("Clause"),
        _("Title"),
        _("Applicable"),
        _("Justification of the exclusion"),
        _("Result"),
        _("Maturity (0–5)"),
        _("Evidence"),
    ]
    sheet = workbook.sheet(
        _("Statement of applicability"),
        header,
        widths={0: 9, 1: 45, 2: 11, 3: 40, 4: 18, 5: 10, 6: 60},
        wrap=True,
    )
    for line in lines:
        sheet.row(
            [
                line["number"],
                line["title"],
                line["applicable"],
                line["justification"],
                line["result"],
                line["maturity"],
                line["evidence"],
            ]
        )
    sheet.autofilter()
    return workbook.response(_soa_filename(assessment, "xlsx"))


def soa_pdf(request, pk: int):
    assessment, lines = _soa(request, pk)
    context = {
        "assessment": assessment,
        "lines": lines,
        "excluded": sum(1 for line in lines if not line["applicable"]),
        "printed": timezone.now(),
    }
    return pdf_response(
        request,
        "compliance/gapassessment/soa_pdf.html",
        context,
        _soa_filename(assessment, "pdf"),
        fallback=reverse("compliance:gapassessment_detail", args=[assessment.pk]),
    )


INSTALL_LABEL = gettext_lazy("Install the shipped standards")

urlpatterns: list = [
    path("frameworks/clauses-template.xlsx", clauses_template, name="framework_clauses_template"),
    path("frameworks/<int:pk>/clauses/", framework_clauses_load, name="framework_clauses_load"),
    path(
        "assessments/<int:pk>/clauses/<int:clause_pk>/answer/",
        clause_answer,
        name="gapassessment_answer",
    ),
    path("assessments/<int:pk>/soa.xlsx", soa_xlsx, name="gapassessment_soa_xlsx"),
    path("assessments/<int:pk>/soa.pdf", soa_pdf, name="gapassessment_soa_pdf"),
]
