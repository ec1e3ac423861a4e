"""Changes to the parts of a project (team, stakeholders, milestones, budget lines, status
reports): allowed to those who may change the project, while it is open (proposed, running
or on hold) and not archived."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core.permissions import can
from amelio.projects.models import Project, ProjectPart, StatusReport


def _require_open(project: Project, user) -> None:
    if not can(user, "change", project.org_unit):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    if not project.parts_editable:
        raise ValidationError(_("A closed, cancelled or archived project keeps its content."))


def _touch(project: Project, user) -> None:
    """The project was changed through one of its parts: say when and by whom."""
    project.updated_at = timezone.now()
    project.updated_by = user
    project.save(update_fields=["updated_at", "updated_by"])


@transaction.atomic
def part_save(*, part: ProjectPart, user) -> ProjectPart:
    """Add or change a part of `part.project`, validated."""
    project = part.project
    _require_open(project, user)
    if isinstance(part, StatusReport) and part.pk is None:
        part.author = user
    part.full_clean()
    part.save()
    _touch(project, user)
    return part


@transaction.atomic
def part_remove(*, part: ProjectPart, user) -> None:
    """Remove a part of a project (its history keeps it)."""
    project = part.project
    _require_open(project, user)
    part.delete()
    _touch(project, user)
