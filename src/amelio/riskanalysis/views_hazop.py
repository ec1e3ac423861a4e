"""HAZOP pages beyond the generated ones: the nodes of a study (one form), the worksheet
(nodes as sections, deviations as rows, a quick "add a deviation" per node), the guide words
that make sense for a parameter (htmx) and the worksheet's landscape PDF in French or
English."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.core import services
from amelio.core.lookups import get_record_for
from amelio.core.permissions import can, model_action
from amelio.core.registry import registry
from amelio.core.reports import pdf_response
from amelio.riskanalysis import computations_hazop as hazop
from amelio.riskanalysis import services_hazop
from amelio.riskanalysis.forms_hazop import NodeFormSet, in_use
from amelio.riskanalysis.models import (
    HazopDeviation,
    HazopGuideWord,
    HazopNode,
    HazopParameter,
    HazopStudy,
)

PDF_LANGUAGES = ("fr", "en")


@dataclass
class Section:
    """A node of the worksheet with its deviations."""

    node: HazopNode
    rows: list[HazopDeviation] = field(default_factory=list)


def _study(request, pk: int, action: str = "view") -> HazopStudy:
    records = HazopStudy.objects.select_related("org_unit", "owner", "matrix")
    return get_record_for(request.user, records, pk, action)


def _detail_url(study: HazopStudy, anchor: str = "") -> str:
    return reverse("riskanalysis:hazopstudy_detail", args=[study.pk]) + anchor


def _worksheet_url(study: HazopStudy, anchor: str = "") -> str:
    return reverse("riskanalysis:hazop_worksheet", args=[study.pk]) + anchor


def _deviations(study: HazopStudy, user):
    """The active deviations of the study the user sees, in worksheet order."""
    return (
        registry.get("riskanalysis.hazopdeviation")
        .queryset_for(user, "view")
        .active()
        .filter(study=study)
        .select_related("parameter", "guide_word", "responsible")
        .order_by("node__position", "node_id", "parameter__order", "guide_word__order", "pk")
    )


def worksheet_sections(study: HazopStudy, user) -> list[Section]:
    """The nodes in order, each with its deviations (a node without any still shows)."""
    sections = {node.pk: Section(node) for node in study.nodes.all()}
    for deviation in _deviations(study, user):
        deviation.study = study  # the matrix of the ranking, without a query per row
        sections[deviation.node_id].rows.append(deviation)
    return list(sections.values())


def _may_add(user, study: HazopStudy) -> bool:
    """Whether the user may add rows to the study's worksheet now."""
    deviation = HazopDeviation(study=study, org_unit=study.org_unit)
    return (
        not study.is_archived
        and services.parent_lock(deviation) is None
        and can(user, model_action(HazopDeviation, "add"), study.org_unit)
    )


def deviation_context(deviation, request) -> dict:
    """Whether the reader sees the study, whose worksheet the page links to."""
    studies = registry.get("riskanalysis.hazopstudy").queryset_for(request.user, "view")
    return {"study_visible": studies.filter(pk=deviation.study_id).exists()}


def study_context(study: HazopStudy, request) -> dict:
    """The nodes with their number of deviations, for the study's page."""
    nodes = study.nodes.annotate(
        count=Count("deviations", filter=Q(deviations__archived_at__isnull=True))
    )
    may_change = can(request.user, model_action(HazopStudy, "change"), study.org_unit)
    refusal = services_hazop.nodes_refusal(study)
    return {
        "nodes": list(nodes),
        "nodes_refusal": refusal,
        "may_edit_nodes": may_change and refusal is None,
    }


# --- Nodes ---------------------------------------------------------------------------------


def _rows(formset) -> list[services_hazop.Row]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        data = dict(form.cleaned_data)
        instance = data.pop("id", None)
        delete = bool(data.pop("DELETE", False))
        rows.append(services_hazop.Row(instance.pk if instance else None, data, delete))
    return rows


def nodes_edit(request, pk: int):
    """The nodes of a study with their design intent and design values, saved together."""
    study = _study(request, pk, "change")
    refusal = services_hazop.nodes_refusal(study)
    if refusal:
        messages.error(request, refusal)
        return redirect(_detail_url(study))
    data = request.POST if request.method == "POST" else None
    formset = NodeFormSet(data, prefix="node", queryset=HazopNode.objects.filter(study=study))
    error = ""
    if data is not None and formset.is_valid():
        try:
            services_hazop.nodes_save(study=study, rows=_rows(formset), user=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("Nodes saved."))
            return redirect(_detail_url(study, "#nodes"))
    context = {
        "register": registry.get("riskanalysis.hazopstudy"),
        "record": study,
        "formset": formset,
        "error": error,
    }
    return TemplateResponse(request, "riskanalysis/hazop/nodes.html", context)


# --- Worksheet -----------------------------------------------------------------------------


def worksheet(request, pk: int):
    """The HAZOP worksheet: a section per node, a row per deviation."""
    study = _study(request, pk)
    context = {
        "register": registry.get("riskanalysis.hazopstudy"),
        "deviations": registry.get("riskanalysis.hazopdeviation"),
        "record": study,
        "sections": worksheet_sections(study, request.user),
        "may_add": _may_add(request.user, study),
        "parameters": in_use(HazopParameter, None),
        "guide_words": in_use(HazopGuideWord, None),
    }
    return TemplateResponse(request, "riskanalysis/hazop/worksheet.html", context)


def _chosen(model, raw: str | None):
    try:
        return in_use(model, None).get(pk=raw)
    except (model.DoesNotExist, ValueError, TypeError):
        return None


@require_POST
def deviation_quick_add(request, pk: int):
    """Add a row to a node for a parameter and a guide word, then open it to fill it in."""
    study = _study(request, pk)
    node = study.nodes.filter(pk=request.POST.get("node") or 0).first()
    parameter = _chosen(HazopParameter, request.POST.get("parameter"))
    guide_word = _chosen(HazopGuideWord, request.POST.get("guide_word"))
    if node is None or parameter is None or guide_word is None:
        messages.error(request, _("Choose a node, a parameter and a guide word."))
        return redirect(_worksheet_url(study))
    try:
        added = services_hazop.deviation_add(
            study=study, node=node, parameter=parameter, guide_word=guide_word, user=request.user
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(_worksheet_url(study, f"#node-{node.pk}"))
    messages.success(request, _("%(record)s was added.") % {"record": added})
    return redirect(reverse("riskanalysis:hazopdeviation_edit", args=[added.pk]))


def guide_word_options(request):
    """The guide words of the quick add for the chosen parameter: those that make sense
    first, the others after a separator (the team may still choose them)."""
    parameter = _chosen(HazopParameter, request.GET.get("parameter"))
    words = list(in_use(HazopGuideWord, None))
    spec = parameter.spec() if parameter else hazop.Parameter(names={})
    context = {
        "meaningful": [w for w in words if hazop.makes_sense(spec, w.code)],
        "others": [w for w in words if not hazop.makes_sense(spec, w.code)],
    }
    return TemplateResponse(request, "riskanalysis/hazop/_guide_words.html", context)


# --- PDF -----------------------------------------------------------------------------------


def worksheet_pdf(request, pk: int):
    """The worksheet on landscape A4 for the study file, in French or English (`?lang=`)."""
    study = _study(request, pk)
    language = request.GET.get("lang")
    context = {
        "record": study,
        "team": list(study.team.all()),
        "sections": worksheet_sections(study, request.user),
        "printed": timezone.now(),
    }
    return pdf_response(
        request,
        "riskanalysis/hazop/worksheet_pdf.html",
        context,
        f"{study.reference}-hazop.pdf",
        fallback=_worksheet_url(study),
        language=language if language in PDF_LANGUAGES else None,
    )


urlpatterns: list = [
    path("hazop/<int:pk>/nodes/", nodes_edit, name="hazop_nodes"),
    path("hazop/<int:pk>/worksheet/", worksheet, name="hazop_worksheet"),
    path("hazop/<int:pk>/worksheet/add/", deviation_quick_add, name="hazop_deviation_add"),
    path("hazop/<int:pk>/worksheet.pdf", worksheet_pdf, name="hazop_pdf"),
    path("hazop/guide-words/", guide_word_options, name="hazop_guide_words"),
]
