"""HACCP studies (Codex CXC 1-1969, rev. 2020; DOMAIN.md 9.2). SKELETON: completed by the
HACCP work (product, flow diagram steps, hazards, decision tree, CCP plan)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record
from amelio.riskanalysis.workflows import study_workflow


class HaccpStudy(Actionable, Record):
    REFERENCE_PREFIX = "HACCP"
    ACTION_ROLE = "preventive"

    title = models.CharField(_("title"), max_length=200)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=study_workflow.choices(),
        default=study_workflow.initial,
        editable=False,
    )

    workflow = study_workflow

    class Meta(Record.Meta):
        verbose_name = _("HACCP study")
        verbose_name_plural = _("HACCP studies")

    def has_content(self) -> bool:
        return self.hazards.filter(archived_at__isnull=True).exists()

    def locks_children(self) -> bool:
        return self.status == "approved"


class HaccpStep(models.Model):
    study = models.ForeignKey(HaccpStudy, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("step"), max_length=200)

    class Meta:
        ordering = ["position", "id"]


class HaccpHazard(Actionable, Record):
    REFERENCE_PREFIX = "HAZ"
    ACTION_ROLE = "preventive"

    study = models.ForeignKey(HaccpStudy, on_delete=models.PROTECT, related_name="hazards")
    step = models.ForeignKey(HaccpStep, on_delete=models.PROTECT, related_name="hazards")
    description = models.CharField(_("hazard"), max_length=300)

    class Meta(Record.Meta):
        verbose_name = _("HACCP hazard")
        verbose_name_plural = _("HACCP hazards")
