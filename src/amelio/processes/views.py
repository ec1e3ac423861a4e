"""Process pages beyond the standard register: the process map, the sheet PDF and the
inputs and outputs editor."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from amelio.core import services as core_services
from amelio.core.lookups import get_record_for
from amelio.core.permissions import can_anywhere
from amelio.core.reports import Workbook, pdf_response
from amelio.core.views.base import RegisterView
from amelio.core.views.records import filtered_queryset
from amelio.processes import computations as calc
from amelio.processes.models import Process, ProcessFlow, ProcessType

BAND_TITLES = {
    ProcessType.MANAGEMENT: _lazy("Management processes"),
    ProcessType.OPERATIONAL: _lazy("Operational processes"),
    ProcessType.SUPPORT: _lazy("Support processes"),
}


def map_data(visible) -> dict:
    """The map of the processes of `visible` (already scoped to the user): layout, processes
    by id, and what flows along each interaction between them."""
    processes = {p.pk: p for p in visible.select_related("owner").order_by("map_order", "code")}
    flows = list(
        ProcessFlow.objects.filter(
            process__in=visible.values("pk"), counterpart_process__in=visible.values("pk")
        ).values_list("process_id", "direction", "counterpart_process_id", "label")
    )
    edges = calc.interactions((p, d, c) for p, d, c, _label in flows)
    labels: dict[tuple[int, int], list[str]] = {edge: [] for edge in edges}
    for process, direction, other, label in flows:
        edge = (process, other) if direction == "output" else (other, process)
        if edge in labels and label not in labels[edge]:
            labels[edge].append(label)
    nodes = [
        calc.Node(p.pk, p.process_type, p.code, p.name, p.map_order) for p in processes.values()
    ]
    return {
        "layout": calc.layout_map(nodes, edges),
        "processes": processes,
        "labels": labels,
    }


class ProcessMapView(RegisterView):
    """The process map (cartographie des processus), drawn as SVG from the data."""

    def get(self, request):
        filterset, queryset, _sort = filtered_queryset(self.register, request)
        data = map_data(queryset)
        layout, processes = data["layout"], data["processes"]
        detail = self.register.url_name("detail")
        urls = {pk: reverse(detail, args=[pk]) for pk in processes}
        interactions = [
            {
                "source": processes[source],
                "target": processes[target],
                "source_url": urls[source],
                "target_url": urls[target],
                "labels": labels,
            }
            for (source, target), labels in data["labels"].items()
        ]
        context = self.base_context(
            layout=layout,
            boxes=[
                {"box": box, "process": processes[box.id], "url": urls[box.id]}
                for box in layout.boxes
            ],
            bands=[(band, BAND_TITLES[ProcessType(band.name)]) for band in layout.bands],
            count=len(processes),
            interactions=interactions,
            filterset=filterset,
            filtered=any(key not in ("archived", "page", "sort") for key in request.GET),
        )
        return TemplateResponse(request, "processes/map.html", context)


def _process(request, pk: int) -> Process:
    """A process the user may see, or 404."""
    processes = Process.objects.select_related("org_unit", "owner", "deputy")
    return get_record_for(request.user, processes, pk)


def sheet_pdf(request, pk: int):
    """The process sheet as a PDF (A4 portrait), in the user's language."""
    from amelio.core.registry import registry
    from amelio.processes.sheet import pdf_sections, sheet_context

    process = _process(request, pk)
    register = registry.for_model(Process)
    context = {
        "record": process,
        "register": register,
        "sections": pdf_sections(process, request.user),
        **sheet_context(process, request.user),
    }
    name = slugify(f"{_('process-sheet')}-{process.code}")
    return pdf_response(
        request,
        "processes/sheet_pdf.html",
        context,
        f"{name}.pdf",
        fallback=reverse("processes:process_detail", args=[process.pk]),
    )


def edit_flows(request, pk: int):
    """Edit the inputs and outputs of a process (one change of the process, versioned)."""
    from amelio.processes.forms import FlowFormSet
    from amelio.processes.services import process_save_flows

    process = _process(request, pk)
    if not core_services.may_edit(request.user, process):
        raise PermissionDenied
    formset = FlowFormSet(request.POST or None, instance=process, user=request.user)
    conflict = False
    if request.method == "POST" and formset.is_valid():
        try:
            version = int(request.POST.get("version") or process.version)
            process_save_flows(
                process=process,
                user=request.user,
                flows=formset.save(commit=False),
                removed=list(formset.deleted_objects),
                expected_version=version,
            )
        except core_services.ConflictError:
            conflict = True
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("%(record)s was saved.") % {"record": process})
            return redirect("processes:process_detail", pk=process.pk)
    context = {"record": process, "formset": formset, "conflict": conflict}
    return TemplateResponse(request, "processes/flows_form.html", context)


def flows_rows(user) -> list[list[str]]:
    """One row per input or output of the active processes `user` may export."""
    visible = Process.objects.for_user(user, "export").active()
    flows = list(
        ProcessFlow.objects.filter(process__in=visible.values("pk"))
        .select_related("process", "counterpart_process", "counterpart_party")
        .order_by("process__process_type", "process__map_order", "process__code", "direction")
    )
    from amelio.processes.sheet import mask_hidden_counterparts

    mask_hidden_counterparts(flows, user)
    rows = []
    for flow in flows:
        if flow.counterpart_process:
            kind = _("Process")
        elif flow.counterpart_party:
            kind = _("Interested party")
        else:
            kind = _("Other") if flow.counterpart_text else ""
        process = flow.process
        rows.append(
            [
                process.code,
                process.name,
                str(process.get_process_type_display()),
                str(flow.get_direction_display()),
                flow.label,
                str(kind),
                str(flow.counterpart or ""),
            ]
        )
    return rows


def flows_export(request):
    """Inputs and outputs of every process the user may see, as an XLSX workbook."""
    if not can_anywhere(request.user, "export"):
        raise PermissionDenied
    header = [
        _("Process code"),
        _("Process"),
        _("Type"),
        _("Direction"),
        _("Element"),
        _("Counterpart type"),
        _("Counterpart"),
    ]
    workbook = Workbook()
    sheet = workbook.sheet(_("Inputs and outputs"), header)
    for row in flows_rows(request.user):
        sheet.row(row)
    return workbook.response(f"{slugify(str(_('process-inputs-outputs')))}.xlsx")
