"""Audit pages beyond the standard register: the programme's coverage matrix and its editors,
the audit's detail context, the audit indicators, the audit plan and report PDFs and the
checklist templates' questions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amelio.audits import checklist_builder, figures, services
from amelio.audits import computations as calc
from amelio.audits.forms import ClauseLineFormSet, ProcessLineFormSet, TemplateQuestionFormSet
from amelio.audits.models import Audit, AuditProgramme, ChecklistTemplate, Finding, Grade
from amelio.audits.workflows import AUDIT_DONE, may_carry_out
from amelio.core.lookups import get_record_for
from amelio.core.reports import pdf_response
from amelio.core.services import may_edit
from amelio.core.views.base import RegisterView

STATE_LABELS = {
    calc.DONE: gettext_lazy("done"),
    calc.PLANNED: gettext_lazy("planned"),
    calc.MISSING: gettext_lazy("missing"),
    calc.TO_PLAN: gettext_lazy("to plan"),
}


def _audit_years(audits, key) -> dict[int, list[tuple[int, bool]]]:
    """{process or clause id: [(year, done), ...]} over the programme's audits."""
    found: dict[int, list[tuple[int, bool]]] = {}
    for audit in audits:
        if audit.year is None:
            continue
        for related in getattr(audit, key).all():
            found.setdefault(related.pk, []).append((audit.year, audit.status in AUDIT_DONE))
    return found


def _labelled(cells: list[calc.Cell]) -> list[tuple[calc.Cell, object]]:
    return [(cell, STATE_LABELS.get(cell.state, "")) for cell in cells]


def coverage(programme: AuditProgramme, user) -> dict:
    """The coverage matrix of a programme: processes x years and clauses x years, with what
    is due, planned, done and missing, over the audits the user may see."""
    audits = list(
        programme.audits.for_user(user)
        .active()
        .exclude(status="cancelled")
        .prefetch_related("processes", "clauses")
    )
    this_year = timezone.localdate().year
    by_process = _audit_years(audits, "processes")
    by_clause = _audit_years(audits, "clauses")
    span = {
        "start_year": programme.start_year,
        "end_year": programme.end_year,
        "this_year": this_year,
    }
    process_rows = [
        (
            line,
            _labelled(
                calc.coverage_row(
                    interval_months=line.interval_months,
                    audits=by_process.get(line.process_id, []),
                    **span,
                )
            ),
        )
        for line in programme.process_lines.select_related("process")
    ]
    clauses = sorted(
        programme.clauses.all(), key=lambda c: (c.standard, checklist_builder.clause_key(c.clause))
    )
    clause_rows = [
        (
            clause,
            _labelled(
                calc.coverage_row(interval_months=None, audits=by_clause.get(clause.pk, []), **span)
            ),
        )
        for clause in clauses
    ]
    done = sum(1 for a in audits if a.status in AUDIT_DONE)
    missing = sum(
        1
        for _line, cells in [*process_rows, *clause_rows]
        for cell, _label in cells
        if cell.state == calc.MISSING
    )
    return {
        "audits": sorted(audits, key=lambda a: (a.planned_start is None, a.planned_start)),
        "process_rows": process_rows,
        "clause_rows": clause_rows,
        "completion": calc.completion_percent(len(audits) - done, done),
        "done_count": done,
        "missing_count": missing,
        "state_labels": STATE_LABELS,
    }


def programme_context(programme: AuditProgramme, user) -> dict:
    return {"coverage": coverage(programme, user), "may_edit_plan": may_edit(user, programme)}


def _programme(request, pk: int) -> AuditProgramme:
    return get_record_for(request.user, AuditProgramme, pk)


def _programme_url(programme) -> str:
    return reverse("audits:auditprogramme_detail", args=[programme.pk])


def programme_plan_edit(request, pk: int):
    """Edit the processes (risk, frequency) and clauses a programme covers."""
    programme = _programme(request, pk)
    if not may_edit(request.user, programme):
        raise PermissionDenied
    lines = [
        {
            "process": line.process,
            "risk_level": line.risk_level,
            "interval_months": line.interval_months,
            "rationale": line.rationale,
        }
        for line in programme.process_lines.select_related("process")
    ]
    clauses = [
        {"standard": c.standard, "clause": c.clause, "title": c.title}
        for c in sorted(
            programme.clauses.all(),
            key=lambda c: (c.standard, checklist_builder.clause_key(c.clause)),
        )
    ]
    data = request.POST if request.method == "POST" else None
    process_set = ProcessLineFormSet(
        data, initial=lines, prefix="p", form_kwargs={"user": request.user}
    )
    clause_set = ClauseLineFormSet(data, initial=clauses, prefix="c")
    if data is not None and process_set.is_valid() and clause_set.is_valid():
        kept_lines = [
            (f["process"], f["risk_level"], f["interval_months"], f.get("rationale", ""))
            for f in process_set.cleaned_data
            if f and not f.get("DELETE")
        ]
        kept_clauses = [
            (f["standard"], f["clause"], f.get("title", ""))
            for f in clause_set.cleaned_data
            if f and not f.get("DELETE")
        ]
        try:
            services.programme_processes_save(
                programme=programme, user=request.user, lines=kept_lines
            )
            services.programme_clauses_save(
                programme=programme, user=request.user, clauses=kept_clauses
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The programme's processes and clauses were saved."))
            return redirect(_programme_url(programme))
    context = {
        "record": programme,
        "process_set": process_set,
        "clause_set": clause_set,
        "suggested": calc.INTERVAL_BY_RISK,
    }
    return TemplateResponse(request, "audits/programme_plan_form.html", context)


def audit_context(audit: Audit, user) -> dict:
    """What the audit's page shows beyond its fields: progress of the checklist, findings by
    grade, the independence and qualification checks and what the user may do."""
    checklist = list(audit.checklist.all())
    answered = sum(1 for item in checklist if item.answer)
    findings = list(
        Finding.objects.for_user(user)
        .active()
        .filter(audit=audit)
        .select_related("process", "nonconformity")
    )
    counts = dict.fromkeys(Grade.values, 0)
    for finding in findings:
        counts[finding.grade] += 1
    return {
        "checklist_total": len(checklist),
        "checklist_answered": answered,
        "findings": findings,
        "grade_counts": [(Grade(g).label, g, n) for g, n in counts.items()],
        "independence": services.audit_independence_problems(audit),
        "qualification": services.audit_qualification_problems(audit),
        "may_carry_out": may_carry_out(audit, user),
    }


def template_context(template: ChecklistTemplate, user) -> dict:
    return {
        "questions": list(template.questions.all()),
        "may_edit_questions": may_edit(user, template),
    }


def template_questions_edit(request, pk: int):
    """Edit the questions of a checklist template; optionally add those of its process sheet."""
    template = get_record_for(request.user, ChecklistTemplate, pk)
    if not may_edit(request.user, template):
        raise PermissionDenied
    initial = [
        {name: getattr(q, name) for name in checklist_builder.QUESTION_FIELDS}
        for q in template.questions.all()
    ]
    if request.method == "GET" and request.GET.get("from_process") and template.process_id:
        initial += checklist_builder.from_process(template.process)
    formset = TemplateQuestionFormSet(request.POST or None, initial=initial, prefix="q")
    if request.method == "POST" and formset.is_valid():
        rows = [f for f in formset.cleaned_data if f and not f.get("DELETE")]
        services.template_questions_save(template=template, user=request.user, rows=rows)
        messages.success(request, _("The questions were saved."))
        return redirect("audits:checklisttemplate_detail", template.pk)
    return TemplateResponse(
        request, "audits/template_questions_form.html", {"record": template, "formset": formset}
    )


def _audit(request, pk: int) -> Audit:
    audits = Audit.objects.select_related("org_unit", "lead_auditor", "programme")
    return get_record_for(request.user, audits, pk)


def audit_url(audit: Audit) -> str:
    return reverse("audits:audit_detail", args=[audit.pk])


def _language(request, audit: Audit) -> str:
    chosen = request.GET.get("lang")
    return chosen if chosen in ("fr", "en") else audit.report_language


def plan_pdf(request, pk: int):
    """The audit plan sent to the auditees: what, against what, when, who, the agenda."""
    audit = _audit(request, pk)
    context = {
        "audit": audit,
        "processes": list(audit.processes.select_related("owner")),
        "clauses": list(audit.clauses.all()),
        "team": list(audit.team.all()),
        "auditees": list(audit.auditees.all()),
        "sections": _sections(audit),
    }
    language = _language(request, audit)
    name = slugify(f"plan-{audit.reference}")
    return pdf_response(
        request,
        "audits/plan_pdf.html",
        context,
        f"{name}.pdf",
        fallback=audit_url(audit),
        language=language,
    )


def _sections(audit: Audit) -> list[tuple[str, int]]:
    return list(audit.checklist.values_list("section").annotate(n=Count("id")).order_by("section"))


def report_context(audit: Audit, user) -> dict:
    """Everything the report says, gathered once (the PDF and the tests read it)."""
    findings = list(
        Finding.objects.for_user(user)
        .active()
        .filter(audit=audit)
        .select_related("process", "nonconformity")
    )
    by_grade = [
        (grade, label, [f for f in findings if f.grade == grade]) for grade, label in Grade.choices
    ]
    checklist = list(audit.checklist.all())
    return {
        "audit": audit,
        "processes": list(audit.processes.select_related("owner")),
        "clauses": list(audit.clauses.all()),
        "team": list(audit.team.all()),
        "auditees": list(audit.auditees.all()),
        "by_grade": [row for row in by_grade if row[2]],
        "findings_count": len(findings),
        "checklist": checklist,
        "answer_counts": _answer_counts(checklist),
    }


def _answer_counts(checklist) -> list[tuple[Any, int]]:
    from amelio.audits.models import Answer

    return [
        (label, sum(1 for i in checklist if i.answer == value)) for value, label in Answer.choices
    ]


def report_pdf(request, pk: int):
    """The audit report, in the report's language unless another is asked for."""
    audit = _audit(request, pk)
    language = _language(request, audit)
    context = report_context(audit, request.user)
    return pdf_response(
        request,
        "audits/report_pdf.html",
        context,
        f"{slugify(f'report-{audit.reference}')}.pdf",
        fallback=audit_url(audit),
        language=language,
    )


class AuditIndicatorsView(RegisterView):
    """Programme completion, findings by grade and process, time to close the findings'
    nonconformities, over the audits the user sees (optionally of one programme)."""

    def get(self, request):
        user = request.user
        programmes = list(AuditProgramme.objects.for_user(user).active().order_by("-start_year"))
        chosen = next((p for p in programmes if str(p.pk) == request.GET.get("programme")), None)
        audits = figures.live(Audit.objects.for_user(user).active())
        if chosen is not None:
            audits = audits.filter(programme=chosen)
        per_year = figures.completion_by_year(audits)
        findings = Finding.objects.for_user(user).active().filter(audit__in=audits)
        grades = list(Grade.values)
        order, table, totals = figures.grade_table(findings, grades, _("No process"))
        durations = figures.close_durations(findings)
        open_ncs = findings.filter(
            grade__in=["major", "minor"], nonconformity__closed_on__isnull=True
        ).count()
        total, done, completion = figures.completion(per_year)
        context = self.base_context(
            programmes=programmes,
            chosen=chosen,
            per_year=[(y, t, d, calc.completion_percent(t - d, d)) for y, t, d in per_year],
            completion=completion,
            total=total,
            done=done,
            grade_labels=list(Grade.choices),
            table_rows=[(p, [table[p][g] for g in grades], sum(table[p].values())) for p in order],
            totals=[totals[g] for g in grades],
            close=calc.close_times(durations),
            open_ncs=open_ncs,
        )
        return TemplateResponse(request, "audits/indicators.html", context)
