"""What the four analyses share: FMEA, HACCP and HAZOP studies and the control plans are
records with a revision, a next review and the study workflow (draft, in review, approved,
new revision). An approved study freezes its lines until a new revision starts."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record
from amelio.riskanalysis.workflows import study_workflow


class Study(Actionable, Record):
    """Abstract base of the studies; `CONTENT` names the related manager of its lines."""

    ACTION_ROLE = "preventive"
    CONTENT: ClassVar[str] = "lines"

    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    next_review = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=study_workflow.choices(),
        default=study_workflow.initial,
        editable=False,
    )

    workflow = study_workflow

    class Meta(Record.Meta):
        abstract = True

    def has_content(self) -> bool:
        """Whether the study holds an active line to review (the guard of "submit")."""
        return getattr(self, self.CONTENT).filter(archived_at__isnull=True).exists()

    def locks_children(self) -> bool:
        """An approved study's lines stay as approved until a new revision starts."""
        return self.status == "approved"
