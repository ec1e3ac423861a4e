"""HAZOP studies (IEC 61882; DOMAIN.md 9.3). SKELETON: completed by the HAZOP work (nodes,
guide words, deviations, safeguards, ranking, recommendations)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record
from amelio.riskanalysis.workflows import study_workflow


class HazopStudy(Actionable, Record):
    REFERENCE_PREFIX = "HAZOP"
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
        verbose_name = _("HAZOP study")
        verbose_name_plural = _("HAZOP studies")

    def has_content(self) -> bool:
        return self.deviations.filter(archived_at__isnull=True).exists()

    def locks_children(self) -> bool:
        return self.status == "approved"


class HazopNode(models.Model):
    study = models.ForeignKey(HazopStudy, on_delete=models.CASCADE, related_name="nodes")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("node"), max_length=200)

    class Meta:
        ordering = ["position", "id"]


class HazopDeviation(Actionable, Record):
    REFERENCE_PREFIX = "DEV"
    ACTION_ROLE = "preventive"

    study = models.ForeignKey(HazopStudy, on_delete=models.PROTECT, related_name="deviations")
    node = models.ForeignKey(HazopNode, on_delete=models.PROTECT, related_name="deviations")
    deviation = models.CharField(_("deviation"), max_length=300)

    class Meta(Record.Meta):
        verbose_name = _("HAZOP deviation")
        verbose_name_plural = _("HAZOP deviations")
