"""Pages of the audit team during the audit, made for a phone or a tablet: the checklist
(answer and evidence per question, saved one by one), a finding with a photo, and the
meetings and report text. Every page checks that the user may carry the audit out."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.audits import services
from amelio.audits.forms import AnswerForm, BuildChecklistForm, ConductForm, FindingQuickForm
from amelio.audits.models import Answer, Audit, ChecklistItem
from amelio.audits.workflows import may_carry_out
from amelio.core.lookups import get_record_for
from amelio.core.services import ConflictError


def _audit(request, pk: int, carry_out: bool = True) -> Audit:
    """The audit (404 out of the user's scope); 403 when they may not carry it out."""
    audits = Audit.objects.select_related("org_unit", "lead_auditor")
    audit = get_record_for(request.user, audits, pk)
    if carry_out and not may_carry_out(audit, request.user):
        raise PermissionDenied
    return audit


def _checklist_url(audit: Audit) -> str:
    from django.urls import reverse

    return reverse("audits:audit_checklist", args=[audit.pk])


def checklist(request, pk: int):
    """The checklist of the audit, grouped by section, with its answers; read-only for those
    who may see the audit but not carry it out."""
    audit = _audit(request, pk, carry_out=False)
    items = list(audit.checklist.select_related("answered_by").prefetch_related("findings"))
    context = {
        "audit": audit,
        "items": items,
        "answered": sum(1 for i in items if i.answer),
        "total": len(items),
        "answers": Answer.choices,
        "may_fill": may_carry_out(audit, request.user),
        "build_form": BuildChecklistForm(user=request.user),
    }
    return TemplateResponse(request, "audits/checklist.html", context)


@require_POST
def checklist_build(request, pk: int):
    audit = _audit(request, pk)
    form = BuildChecklistForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            added = services.checklist_build(
                audit=audit,
                user=request.user,
                template=form.cleaned_data["template"],
                from_processes=form.cleaned_data["from_processes"],
                from_clauses=form.cleaned_data["from_clauses"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)s questions were added.") % {"count": len(added)})
    return redirect(_checklist_url(audit))


@require_POST
def question_add(request, pk: int):
    audit = _audit(request, pk)
    try:
        services.question_add(
            audit=audit,
            user=request.user,
            question=request.POST.get("question", ""),
            section=request.POST.get("section", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_checklist_url(audit) + "#end")


@require_POST
def item_answer(request, pk: int, item_pk: int):
    """Save one answer; an htmx request gets the question back, a plain one the checklist."""
    audit = _audit(request, pk)
    item = get_object_or_404(ChecklistItem, pk=item_pk, audit=audit)
    form = AnswerForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.checklist_answer(
                item=item,
                user=request.user,
                answer=form.cleaned_data["answer"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
    else:
        error = _("Unknown answer.")
    if request.htmx:
        context = {
            "audit": audit,
            "item": item,
            "answers": Answer.choices,
            "may_fill": True,
            "error": error,
            "saved": not error,
            # The count above the checklist follows (an out-of-band swap of #progress).
            "answered": audit.checklist.exclude(answer="").count(),
            "total": audit.checklist.count(),
        }
        return TemplateResponse(
            request, "audits/answer_saved.html", context, status=422 if error else 200
        )
    if error:
        messages.error(request, error)
    return redirect(_checklist_url(audit) + f"#q{item.pk}")


def finding_add(request, pk: int):
    """Record a finding, from a question of the checklist or on its own, with a photo."""
    audit = _audit(request, pk)
    item = None
    item_pk = request.GET.get("item") or request.POST.get("item")
    if item_pk:
        item = get_object_or_404(ChecklistItem, pk=item_pk, audit=audit)
    initial = {"requirement": item.requirement, "title": item.question[:200]} if item else {}
    form = FindingQuickForm(
        request.POST or None, request.FILES or None, audit=audit, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_add(
                audit=audit,
                user=request.user,
                values=form.values(),
                item=item,
                photo=form.cleaned_data.get("photo"),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("%(finding)s was recorded.") % {"finding": finding})
            return redirect(_checklist_url(audit) + (f"#q{item.pk}" if item else "#findings"))
    return TemplateResponse(
        request, "audits/finding_form.html", {"audit": audit, "item": item, "form": form}
    )


def conduct_edit(request, pk: int):
    """The opening and closing meetings and the text of the report."""
    audit = _audit(request, pk)
    form = ConductForm(request.POST or None, instance=audit)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ConductForm.Meta.fields}
        try:
            services.conduct_save(
                audit=Audit.objects.get(pk=audit.pk),
                user=request.user,
                values=values,
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError as stale:
            conflict = stale.current
            messages.error(
                request,
                _(
                    "Someone saved this audit after you opened it; your text is kept below. Check their changes, then save again."
                ),
            )
            data = request.POST.copy()
            data["version"] = stale.current.version
            form = ConductForm(data, instance=audit)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meetings and report were saved."))
            return redirect("audits:audit_detail", audit.pk)
    return TemplateResponse(
        request, "audits/conduct_form.html", {"audit": audit, "form": form, "conflict": conflict}
    )
