"""The control (surveillance) plan: what is watched on a product or a process, how, how often
and by whom (`ControlCharacteristic`), the plan that gathers them (`ControlPlan`) and each
control done (`ControlRecord`). A characteristic comes from an FMEA line, a HACCP hazard or a
HAZOP deviation, or is free; a value out of its limits raises a nonconformity; its measured
values feed an indicator with its control chart (DOMAIN.md 9.7-9.8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.core.numbers import localised
from amelio.riskanalysis import computations_control as calc
from amelio.riskanalysis.models.fmea import Classification
from amelio.riskanalysis.models.study import Study

PERSON: dict[str, Any] = {
    "null": True,
    "blank": True,
    "on_delete": models.SET_NULL,
    "related_name": "+",
}
SOURCES = ("fmea_line", "haccp_hazard", "hazop_deviation")


class Phase(models.TextChoices):
    """The three control plans of the automotive practice (AIAG APQP, IATF 16949 A.1)."""

    PROTOTYPE = "prototype", _("Prototype")
    PRE_LAUNCH = "pre_launch", _("Pre-launch")
    PRODUCTION = "production", _("Production")


class Watched(models.TextChoices):
    PRODUCT = "product", _("Product characteristic")
    PROCESS = "process", _("Process parameter")
    RISK = "risk", _("Risk")


class DataType(models.TextChoices):
    VARIABLE = "variable", _("Measured value (variable)")
    ATTRIBUTE = "attribute", _("Conform or not (attribute)")


class FrequencyUnit(models.TextChoices):
    SHIFT = calc.SHIFT, _("per shift")
    DAY = calc.DAY, _("day(s)")
    WEEK = calc.WEEK, _("week(s)")
    MONTH = calc.MONTH, _("month(s)")


class ControlPlan(Study):
    """A control plan of a product, a part family or a line, in one phase of its life.
    Approving it freezes its characteristics; controls go on being recorded."""

    REFERENCE_PREFIX = "PSV"
    CONTENT = "characteristics"
    ACTION_ROLE = "corrective"

    title = models.CharField(_("title"), max_length=200)
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    product = models.CharField(
        _("product or line"),
        max_length=200,
        blank=True,
        help_text=_("Part number, part family or production line covered by the plan."),
    )
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.PRODUCTION
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), **PERSON)

    class Meta(Record.Meta):
        verbose_name = _("control plan")
        verbose_name_plural = _("control plans")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("racpl", f)
                for f in ("reference", "title", "phase", "process", "owner", "status")
            ],
            active_index("racpl", "next_review"),
        ]


class ControlCharacteristic(Actionable, Record):
    """One line of a control plan: a characteristic or a risk, its specification (limits of
    a measured value, or conform / not conform), how, how often and by whom it is checked,
    and what to do when it is not met. It comes due like a task (`next_due`)."""

    REFERENCE_PREFIX = "CAR"
    ACTION_ROLE = "corrective"

    plan = models.ForeignKey(
        ControlPlan,
        verbose_name=_("control plan"),
        on_delete=models.PROTECT,
        related_name="characteristics",
    )
    name = models.CharField(_("characteristic"), max_length=200)
    watched = models.CharField(
        _("what is watched"), max_length=10, choices=Watched.choices, default=Watched.PRODUCT
    )
    fmea_line = models.ForeignKey(
        "riskanalysis.FmeaLine",
        verbose_name=_("FMEA line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    haccp_hazard = models.ForeignKey(
        "riskanalysis.HaccpHazard",
        verbose_name=_("HACCP hazard"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hazop_deviation = models.ForeignKey(
        "riskanalysis.HazopDeviation",
        verbose_name=_("HAZOP deviation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    special_class = models.CharField(
        _("special characteristic"), max_length=2, choices=Classification.choices, blank=True
    )
    data_type = models.CharField(
        _("type of check"), max_length=10, choices=DataType.choices, default=DataType.VARIABLE
    )
    nominal = models.DecimalField(
        _("nominal"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    lsl = models.DecimalField(
        _("lower limit (LSL)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    usl = models.DecimalField(
        _("upper limit (USL)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    method = models.CharField(
        pgettext_lazy("control", "method"),
        max_length=200,
        blank=True,
        help_text=_("How the check is made, e.g. bore gauge on the first and last part."),
    )
    instrument = models.CharField(_("measuring instrument"), max_length=200, blank=True)
    sample_size = models.PositiveIntegerField(_("sample size"), default=1)
    frequency_every = models.PositiveIntegerField(_("every"), default=1)
    frequency_unit = models.CharField(
        _("frequency"), max_length=6, choices=FrequencyUnit.choices, default=FrequencyUnit.DAY
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), **PERSON
    )
    reaction_plan = models.TextField(
        _("reaction plan"),
        blank=True,
        help_text=_("What to do with the parts and the process when the check fails."),
    )
    last_controlled_at = models.DateTimeField(
        _("last controlled on"), null=True, blank=True, editable=False
    )
    next_due = models.DateField(_("next control due"), null=True, blank=True, editable=False)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("SPC indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta(Record.Meta):
        verbose_name = _("controlled characteristic")
        verbose_name_plural = _("controlled characteristics")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("racch", f)
                for f in (
                    "reference",
                    "name",
                    "plan",
                    "watched",
                    "special_class",
                    "data_type",
                    "frequency_unit",
                    "responsible",
                    "next_due",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()

    @property
    def is_measured(self) -> bool:
        return self.data_type == DataType.VARIABLE

    @property
    def source(self) -> Any:
        """The FMEA line, HACCP hazard or HAZOP deviation it watches, or None (free)."""
        return next((getattr(self, n) for n in SOURCES if getattr(self, f"{n}_id")), None)

    @property
    def specification(self) -> str:
        """The limits as read on the shop floor, in the reader's language: "24,990 – 25,021 mm",
        "≤ 1,6 µm" in French."""
        if not self.is_measured:
            return str(_("conform / not conform"))
        low, high = (localised(v) if v is not None else "" for v in (self.lsl, self.usl))
        if low and high:
            return f"{low} – {high} {self.unit}".strip()
        return f"≥ {low} {self.unit}".strip() if low else f"≤ {high} {self.unit}".strip()

    @property
    def frequency(self) -> str:
        if self.frequency_unit == FrequencyUnit.SHIFT:
            return str(FrequencyUnit.SHIFT.label)
        return str(
            _("every %(count)s %(unit)s")
            % {"count": self.frequency_every, "unit": self.get_frequency_unit_display()}
        )

    def due_state(self, today: dt.date | None = None) -> str:
        return calc.due_state(self.next_due, today or timezone.localdate())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        sources = [n for n in SOURCES if getattr(self, f"{n}_id")]
        if len(sources) > 1:
            errors[sources[1]] = _(
                "A characteristic comes from one analysis at most: an FMEA line, a HACCP "
                "hazard or a HAZOP deviation."
            )
        plan = getattr(self, "plan", None) if self.plan_id else None
        if self.outside(plan):
            errors["org_unit"] = _("This unit is not covered by the control plan.")
        errors.update(self._specification_errors())
        if errors:
            raise ValidationError(errors)

    def _specification_errors(self) -> dict[str, Any]:
        if not self.is_measured:
            return {}
        if self.lsl is None and self.usl is None:
            return {"lsl": _("Give the lower limit, the upper limit, or both.")}
        if self.lsl is not None and self.usl is not None and self.usl <= self.lsl:
            return {"usl": _("The upper limit must be above the lower limit.")}
        if self.nominal is not None and not calc.conforms(self.nominal, self.lsl, self.usl):
            return {"nominal": _("The nominal value must be within the limits.")}
        return {}

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is None:
            self.schedule()
        super().save(*args, **kwargs)

    def schedule(self) -> None:
        """Set `next_due` from the last record and the frequency (a changed frequency moves
        it at once)."""
        last = timezone.localdate(self.last_controlled_at) if self.last_controlled_at else None
        first = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        self.next_due = calc.next_due(last, self.frequency_unit, self.frequency_every, first)


class ControlRecord(Record):
    """One control done: the value measured (or conform / not conform for an attribute),
    who did it and when, a comment and a photo (evidence). Conformity of a value is computed
    from the characteristic's limits; a record that does not conform raises a nonconformity
    in the same transaction."""

    REFERENCE_PREFIX = "CTL"

    characteristic = models.ForeignKey(
        ControlCharacteristic,
        verbose_name=_("characteristic"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    measured_at = models.DateTimeField(_("controlled on"), default=timezone.now)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    conform = models.BooleanField(_("conform"), default=True)
    measured_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), **PERSON)
    comment = models.TextField(_("comment"), blank=True)
    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        verbose_name=_("nonconformity raised"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta(Record.Meta):
        verbose_name = _("control record")
        verbose_name_plural = _("control records")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("racrc", f)
                for f in ("reference", "characteristic", "measured_at", "conform", "measured_by")
            ],
        ]

    def __str__(self) -> str:
        if not self.measured_at:
            return self.reference
        when = formats.date_format(timezone.localtime(self.measured_at), "SHORT_DATETIME_FORMAT")
        return f"{self.reference} {when}"

    def clean(self) -> None:
        characteristic = getattr(self, "characteristic", None) if self.characteristic_id else None
        if characteristic is None:
            return
        if self.outside(characteristic):
            raise ValidationError({"org_unit": _("This unit is not the characteristic's.")})
        if not characteristic.is_measured:
            if self.value is not None:
                raise ValidationError(
                    {"value": _("This check is conform or not: it takes no value.")}
                )
            return
        if self.value is None:
            raise ValidationError({"value": _("Give the value measured.")})
        self.conform = calc.conforms(self.value, characteristic.lsl, characteristic.usl)

    def after_create(self, user) -> None:
        """Move the characteristic's due date; raise a nonconformity when the control fails."""
        from amelio.riskanalysis.services_control import record_follow_up

        record_follow_up(record=self, user=user)
