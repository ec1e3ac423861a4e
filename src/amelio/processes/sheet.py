"""The process sheet (fiche processus): what its page and its PDF show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from amelio.core import services
from amelio.processes.models import Process, ProcessFlow


def neighbours(process: Process, user) -> tuple[list[Process], list[Process]]:
    """The processes the user may see that feed `process` and that it feeds, from the flows
    declared on either side."""
    visible = Process.objects.for_user(user).active()
    upstream_ids: set[int] = set()
    downstream_ids: set[int] = set()
    for flow in process.flows.all():
        if flow.counterpart_process_id:
            target = upstream_ids if flow.direction == "input" else downstream_ids
            target.add(flow.counterpart_process_id)
    declared = ProcessFlow.objects.filter(counterpart_process=process).values_list(
        "process_id", "direction"
    )
    for other, direction in declared:
        (downstream_ids if direction == "input" else upstream_ids).add(other)
    found = visible.filter(pk__in=upstream_ids | downstream_ids).exclude(pk=process.pk)
    shown = {p.pk: p for p in found.order_by("process_type", "map_order", "code")}
    return (
        [p for p in shown.values() if p.pk in upstream_ids],
        [p for p in shown.values() if p.pk in downstream_ids],
    )


def lines(text: str) -> list[str]:
    """A multi-line text field as its non-empty lines (documents, indicators)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


HIDDEN_COUNTERPART = _("a process outside your units")


def mask_hidden_counterparts(flows: list[ProcessFlow], user) -> None:
    """Replace, for display, the counterpart processes `user` may not see by a neutral text:
    a sheet tells that its input comes from elsewhere, not what another site's process is."""
    ids = {f.counterpart_process_id for f in flows if f.counterpart_process_id}
    visible = set(Process.objects.for_user(user).filter(pk__in=ids).values_list("pk", flat=True))
    for flow in flows:
        if flow.counterpart_process_id and flow.counterpart_process_id not in visible:
            flow.counterpart_process = None
            flow.counterpart_text = str(HIDDEN_COUNTERPART)


def sheet_context(process: Process, user) -> dict:
    """Context of the sheet page and the sheet PDF."""
    flows = list(process.flows.all())
    mask_hidden_counterparts(flows, user)
    upstream, downstream = neighbours(process, user)
    inputs = [f for f in flows if f.direction == ProcessFlow.Direction.INPUT]
    outputs = [f for f in flows if f.direction == ProcessFlow.Direction.OUTPUT]
    return {
        "inputs": inputs,
        "outputs": outputs,
        "flow_tables": [
            (_("Inputs"), inputs, _("Comes from")),
            (_("Outputs"), outputs, _("Goes to")),
        ],
        "activities": lines(process.activities),
        "upstream": upstream,
        "downstream": downstream,
        "documents": lines(process.documents),
        "kpis": lines(process.kpis),
        "may_edit_flows": services.may_edit(user, process),
    }


@dataclass(frozen=True)
class SheetSection:
    """A section another app adds to the process sheet PDF (e.g. the process's risks):
    `context(process, user)` returns the template context, or None to leave it out."""

    template: str
    context: Callable[[Process, Any], dict | None]
    order: int = 100


sheet_sections: list[SheetSection] = []


def add_sheet_section(section: SheetSection) -> None:
    sheet_sections.append(section)
    sheet_sections.sort(key=lambda s: s.order)


def pdf_sections(process: Process, user) -> list[dict]:
    """The sections other apps contribute to the PDF of `process`."""
    shown = []
    for section in sheet_sections:
        context = section.context(process, user)
        if context is not None:
            shown.append({"template": section.template, "context": context})
    return shown
