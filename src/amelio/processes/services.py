"""Changes to processes beyond the generic record services: their inputs and outputs."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core import services
from amelio.processes.models import Process, ProcessFlow


def flows_summary(process: Process) -> str:
    """The inputs and outputs of a process, one per line, as the history shows them."""
    lines = []
    for flow in process.flows.select_related("counterpart_process", "counterpart_party"):
        arrow = "←" if flow.direction == ProcessFlow.Direction.INPUT else "→"
        counterpart = flow.counterpart
        lines.append(f"{arrow} {flow.label}" + (f" ({counterpart})" if counterpart else ""))
    return "\n".join(lines)


@transaction.atomic
def process_save_flows(
    *,
    process: Process,
    user,
    flows: list[ProcessFlow],
    removed: list[ProcessFlow],
    expected_version: int | None,
) -> Process:
    """Save changed or new `flows` and delete `removed` ones of `process`, as one change of
    the process: its version is raised (a stale edit raises `ConflictError`) and its history
    gets one entry with the list before and after."""
    if not services.may_edit(user, process):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    for flow in [*flows, *removed]:
        if flow.process_id != process.pk:
            raise ValidationError(_("This input or output belongs to another process."))
    before = flows_summary(process)
    version = process.version if expected_version is None else expected_version
    now = timezone.now()
    bumped = Process.objects.filter(pk=process.pk, version=version).update(
        version=F("version") + 1, updated_by=user, updated_at=now
    )
    if not bumped:
        raise services.ConflictError(Process.objects.get(pk=process.pk))
    for flow in removed:
        flow.delete()
    for flow in flows:
        flow.full_clean()
        flow.save()
    process.refresh_from_db()
    after = flows_summary(process)
    if after != before:
        LogEntry.objects.log_create(
            process,
            action=LogEntry.Action.UPDATE,
            changes={"flows": [before, after]},
            actor=user,
        )
    return process
