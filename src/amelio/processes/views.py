"""Process pages beyond the standard register: the process map, the sheet PDF and the
inputs and outputs editor."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from amelio.core import services as core_services
from amelio.core.permissions import can_anywhere
from amelio.core.views.base import RegisterView
from amelio.processes import computations as calc
from amelio.processes.models import Process, ProcessFlow, ProcessType


def map_layout(user) -> tuple[calc.MapLayout, dict[int, Process]]:
    """The map of the active processes `user` may see, and those processes by id."""
    visible = Process.objects.for_user(user).active()
    processes = {p.pk: p for p in visible.select_related("owner").order_by("map_order", "code")}
    flows = ProcessFlow.objects.filter(
        process__in=visible.values("pk"), counterpart_process__in=visible.values("pk")
    ).values_list("process_id", "direction", "counterpart_process_id")
    nodes = [
        calc.Node(p.pk, p.process_type, p.code, p.name, p.map_order) for p in processes.values()
    ]
    return calc.layout_map(nodes, calc.interactions(flows)), processes


class ProcessMapView(RegisterView):
    """The process map (cartographie des processus), drawn as SVG from the data."""

    def get(self, request):
        layout, processes = map_layout(request.user)
        boxes = [{"box": box, "process": processes[box.id]} for box in layout.boxes]
        context = self.base_context(
            layout=layout,
            boxes=boxes,
            bands=[(band, ProcessType(band.name).label) for band in layout.bands],
            count=len(processes),
            may_add=can_anywhere(request.user, "add"),
        )
        return TemplateResponse(request, "processes/map.html", context)


def _process(request, pk: int) -> Process:
    """A process the user may see, or 404."""
    queryset = Process.objects.for_user(request.user).select_related("org_unit", "owner", "deputy")
    return get_object_or_404(queryset, pk=pk)


def sheet_pdf(request, pk: int):
    """The process sheet as a PDF (A4 portrait), in the user's language."""
    from amelio.actions.dashboard import PDF_UNAVAILABLE
    from amelio.core.registry import registry
    from amelio.processes.sheet import sheet_context

    process = _process(request, pk)
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        messages.error(request, PDF_UNAVAILABLE)
        return redirect("processes:process_detail", pk=process.pk)
    register = registry.for_model(Process)
    context = {"record": process, "register": register, **sheet_context(process, request.user)}
    html = render_to_string("processes/sheet_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"{_('process-sheet')}-{process.code}")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


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
