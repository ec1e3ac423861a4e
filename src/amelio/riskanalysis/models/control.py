"""The control (surveillance) plan. SKELETON: completed by the control-plan work
(characteristics from an FMEA line, a HACCP CCP or a HAZOP recommendation, controls that come
due, records entered on a phone, NC on a value out of limits, SPC indicator)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record
from amelio.riskanalysis.workflows import study_workflow


class ControlPlan(Actionable, Record):
    REFERENCE_PREFIX = "PSV"
    ACTION_ROLE = "corrective"

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
        verbose_name = _("control plan")
        verbose_name_plural = _("control plans")

    def has_content(self) -> bool:
        return self.characteristics.filter(archived_at__isnull=True).exists()

    def locks_children(self) -> bool:
        return self.status == "approved"


class ControlCharacteristic(Actionable, Record):
    REFERENCE_PREFIX = "CAR"
    ACTION_ROLE = "corrective"

    plan = models.ForeignKey(ControlPlan, on_delete=models.PROTECT, related_name="characteristics")
    name = models.CharField(_("characteristic"), max_length=200)
    fmea_line = models.ForeignKey(
        "riskanalysis.FmeaLine", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    haccp_hazard = models.ForeignKey(
        "riskanalysis.HaccpHazard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hazop_deviation = models.ForeignKey(
        "riskanalysis.HazopDeviation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta(Record.Meta):
        verbose_name = _("controlled characteristic")
        verbose_name_plural = _("controlled characteristics")


class ControlRecord(Record):
    REFERENCE_PREFIX = "CTL"

    characteristic = models.ForeignKey(
        ControlCharacteristic, on_delete=models.PROTECT, related_name="records"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True)
    conform = models.BooleanField(_("conform"), default=True)

    class Meta(Record.Meta):
        verbose_name = _("control record")
        verbose_name_plural = _("control records")
