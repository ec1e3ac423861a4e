"""HACCP pages beyond the generated ones: the flow diagram with the hazards of each step (on
the study page), the steps' form, the decision tree of a hazard asked one question after
another, and the HACCP plan table as a page and a landscape PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core import services as core
from amelio.core.lookups import get_record_for
from amelio.core.permissions import can
from amelio.core.registry import registry
from amelio.core.reports import pdf_response
from amelio.riskanalysis import services_haccp as services
from amelio.riskanalysis.forms_haccp import DecisionTreeForm, StepFormSet
from amelio.riskanalysis.models import HaccpHazard, HaccpStep, HaccpStudy

PDF_LANGUAGES = ("fr", "en")
STUDIES, HAZARDS = "riskanalysis.haccpstudy", "riskanalysis.haccphazard"


def _study(request, pk: int, action: str = "view") -> HaccpStudy:
    records = HaccpStudy.objects.select_related("org_unit", "owner", "matrix")
    return get_record_for(request.user, records, pk, action)


def _hazards(study: HaccpStudy, user) -> list[HaccpHazard]:
    """The active hazards of the study the user sees."""
    return list(
        registry.get(HAZARDS)
        .queryset_for(user, "view")
        .active()
        .filter(study=study)
        .select_related("step", "study")
        .order_by("step__position", "step_id", "pk")
    )


def _detail_url(study: HaccpStudy, anchor: str = "") -> str:
    return reverse("riskanalysis:haccpstudy_detail", args=[study.pk]) + anchor


def _may_change(user, study: HaccpStudy) -> bool:
    """Whether `user` may change the study's flow diagram now (role, not approved)."""
    return study.content_editable and can(user, "change", study.org_unit)


def flow(study: HaccpStudy, hazards: list[HaccpHazard]) -> list[dict]:
    """The flow diagram: each step in order with its hazards."""
    by_step: dict[int, list[HaccpHazard]] = {}
    for hazard in hazards:
        by_step.setdefault(hazard.step_id, []).append(hazard)
    return [{"step": s, "hazards": by_step.get(s.pk, [])} for s in study.steps.all()]


def study_context(study: HaccpStudy, request) -> dict:
    """The flow diagram with the hazards per step, and the counts the summary shows."""
    hazards = _hazards(study, request.user)
    return {
        "flow": flow(study, hazards),
        "hazard_count": len(hazards),
        "significant_count": sum(1 for h in hazards if h.significant),
        "ccp_count": len(services.plan_rows(hazards)),
        "may_edit_steps": _may_change(request.user, study),
        "hazard_register": registry.get(HAZARDS),
    }


def hazard_context(hazard: HaccpHazard, request) -> dict:
    return {"decision": hazard.tree}


# --- Flow diagram ---------------------------------------------------------------------------


def _rows(formset) -> list[services.StepRow]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        data = dict(form.cleaned_data)
        instance = data.pop("id", None)
        delete = bool(data.pop("DELETE", False))
        rows.append(services.StepRow(instance.pk if instance else None, data, delete))
    return rows


def steps_edit(request, pk: int):
    """The steps of the flow diagram, saved together."""
    study = _study(request, pk, "change")
    if not study.content_editable:
        messages.error(request, _("An approved study keeps its flow diagram."))
        return redirect(_detail_url(study))
    data = request.POST if request.method == "POST" else None
    formset = StepFormSet(data, prefix="step", queryset=HaccpStep.objects.filter(study=study))
    error = ""
    if data is not None and formset.is_valid():
        try:
            services.steps_save(study=study, rows=_rows(formset), user=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Flow diagram saved."))
            return redirect(_detail_url(study, "#flow"))
    context = {
        "register": registry.get(STUDIES),
        "record": study,
        "formset": formset,
        "error": error,
    }
    return TemplateResponse(request, "riskanalysis/haccp/steps.html", context)


# --- Decision tree --------------------------------------------------------------------------


def _hazard(request, pk: int, action: str = "view") -> HaccpHazard:
    records = HaccpHazard.objects.select_related("org_unit", "study__matrix", "step")
    return get_record_for(request.user, records, pk, action)


def decision_tree(request, pk: int):
    """The Codex decision tree of one hazard: the questions on the path so far with their
    answers, then the next question; each answer is kept as it is given."""
    hazard = _hazard(request, pk)
    may_answer = core.may_edit(request.user, hazard)
    form = DecisionTreeForm(request.POST or None, hazard=hazard)
    status = 200
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.hazard_decide(
                    hazard=hazard,
                    answers=form.answers(),
                    notes=form.cleaned_data["tree_notes"],
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except core.ConflictError:
                messages.error(request, _("Someone saved this hazard meanwhile; answer again."))
            except ValidationError as refusal:
                messages.error(request, " ".join(refusal.messages))
            return redirect(reverse("riskanalysis:haccp_tree", args=[hazard.pk]))
        status = 400
    decision = hazard.tree
    context = {
        "register": registry.get(HAZARDS),
        "record": hazard,
        "form": form,
        "decision": decision,
        "questions": [form[name] for name in decision.path],
        "may_answer": may_answer,
    }
    return TemplateResponse(request, "riskanalysis/haccp/tree.html", context, status=status)


# --- HACCP plan -----------------------------------------------------------------------------


def _plan_context(request, study: HaccpStudy) -> dict:
    return {
        "register": registry.get(STUDIES),
        "record": study,
        "ccps": services.plan_rows(_hazards(study, request.user)),
        "printed": timezone.now(),
    }


def plan(request, pk: int):
    """The HACCP plan: one row per CCP with its limits, monitoring, corrective actions,
    verification and records."""
    study = _study(request, pk)
    return TemplateResponse(request, "riskanalysis/haccp/plan.html", _plan_context(request, study))


def plan_pdf(request, pk: int):
    """The HACCP plan in landscape, in French or English (`?lang=fr|en`)."""
    study = _study(request, pk)
    language = request.GET.get("lang")
    return pdf_response(
        request,
        "riskanalysis/haccp/plan_pdf.html",
        _plan_context(request, study),
        f"{study.reference}-plan.pdf",
        fallback=reverse("riskanalysis:haccp_plan", args=[study.pk]),
        language=language if language in PDF_LANGUAGES else None,
    )


urlpatterns: list = [
    path("haccp/<int:pk>/steps/", steps_edit, name="haccp_steps"),
    path("haccp/<int:pk>/plan/", plan, name="haccp_plan"),
    path("haccp/<int:pk>/plan.pdf", plan_pdf, name="haccp_plan_pdf"),
    path("haccp-hazards/<int:pk>/tree/", decision_tree, name="haccp_tree"),
]
