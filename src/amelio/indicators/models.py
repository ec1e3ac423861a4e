"""Objectives and indicators (ISO clauses 6.2 and 9.1): what the organisation aims at, how it
is measured, the values measured per period, targets that change over time, and the alerts
that a value off target or a broken control rule raises."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index
from amelio.core.numbers import localised
from amelio.indicators import computations

OWNER: dict[str, Any] = {
    "null": True,
    "blank": True,
    "on_delete": models.SET_NULL,
    "related_name": "+",
}


class Status(models.TextChoices):
    """Where the latest value of an indicator stands against its target."""

    ON_TARGET = computations.ON_TARGET, _("On target")
    ALERT = computations.ALERT, _("Alert")
    OFF_TARGET = computations.OFF_TARGET, _("Off target")
    NO_TARGET = computations.NO_TARGET, _("No target")


class PolicyAxis(models.TextChoices):
    """The axes of a QSE policy an objective serves."""

    QUALITY = "quality", _("Quality")
    SAFETY = "safety", _("Health and safety")
    ENVIRONMENT = "environment", _("Environment")
    ENERGY = "energy", _("Energy")
    CSR = "csr", _("CSR")


class Objective(Actionable, Record):
    """A measurable objective of the management system (ISO clause 6.2), tied to a policy
    axis and a process, followed by its indicators. Its health is the worst status of the
    latest values of its indicators."""

    REFERENCE_PREFIX = "OBJ"

    title = models.CharField(_("statement"), max_length=200)
    policy_axis = models.CharField(_("policy axis"), max_length=12, choices=PolicyAxis.choices)
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objectives",
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), **OWNER)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    means = models.TextField(
        _("means"), blank=True, help_text=_("Resources that make the objective achievable.")
    )

    class Meta(Record.Meta):
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        indexes = [
            *Record.Meta.indexes,
            active_index("obj", "reference"),
            active_index("obj", "title"),
            active_index("obj", "policy_axis"),
            active_index("obj", "process"),
            active_index("obj", "owner"),
            active_index("obj", "due_date"),
        ]

    def smart_missing(self, indicator_count: int | None = None) -> list[str]:
        """The SMART criteria the objective does not meet yet, as labels."""
        count = self.indicators.active().count() if indicator_count is None else indicator_count
        checks = [
            (bool(self.title and self.description), _("Specific: describe the expected result")),
            (count > 0, _("Measurable: follow it with at least one indicator")),
            (bool(self.means), _("Achievable: state the means")),
            (bool(self.policy_axis and self.process_id), _("Relevant: tie it to a process")),
            (self.due_date is not None, _("Time-bound: set a due date")),
        ]
        return [str(label) for ok, label in checks if not ok]

    @property
    def health(self) -> str:
        """The worst latest status among the indicators of the objective."""
        statuses = self.indicators.active().values_list("latest_status", flat=True)
        return computations.worst_status(statuses)


class Indicator(Actionable, Record):
    """A performance indicator: its definition, its values per period (entered by hand or
    computed from a register), its targets over time and how its chart is drawn."""

    REFERENCE_PREFIX = "IND"

    class Direction(models.TextChoices):
        HIGHER = computations.HIGHER, _("Higher is better")
        LOWER = computations.LOWER, _("Lower is better")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        COMPUTED = "computed", _("Computed from a register")
        MEASURE = "measure", _("Measure published by a module")

    class ChartType(models.TextChoices):
        INDIVIDUALS = "individuals", _("Individuals (I-MR)")
        P = "p", _("p chart (proportion)")
        NP = "np", _("np chart (count of defectives)")
        C = "c", _("c chart (count of defects)")
        U = "u", _("u chart (defects per unit)")

    class Aggregation(models.TextChoices):
        COUNT = "count", _("Count of records")
        SUM = "sum", _("Sum of a field")
        AVERAGE = "average", _("Average of a field")
        RATE = "rate", _("Share of records matching the filter (%)")

    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    numerator = models.CharField(_("numerator"), max_length=200, blank=True)
    denominator = models.CharField(_("denominator"), max_length=200, blank=True)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    source = models.CharField(
        _("data source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), **OWNER)
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    chart_type = models.CharField(
        _("control chart"), max_length=12, choices=ChartType.choices, default="individuals"
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    lsl = models.FloatField(_("lower specification limit"), null=True, blank=True)
    usl = models.FloatField(_("upper specification limit"), null=True, blank=True)
    baseline_start = models.DateField(
        _("baseline from"),
        null=True,
        blank=True,
        help_text=_("First period of the values the control limits are computed from."),
    )
    baseline_end = models.DateField(_("baseline to"), null=True, blank=True)
    source_measure = models.CharField(
        _("measure"),
        max_length=60,
        blank=True,
        help_text=_("For an indicator fed by a module: the figure it publishes, e.g. safety.tf1."),
    )
    source_register = models.CharField(
        _("source register"),
        max_length=60,
        blank=True,
        help_text=_("For a computed indicator: the register counted, e.g. actions.action."),
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=8, choices=Aggregation.choices, blank=True
    )
    source_field = models.CharField(
        _("field"), max_length=60, blank=True, help_text=_("Summed or averaged field.")
    )
    source_date_field = models.CharField(
        _("date field"),
        max_length=60,
        blank=True,
        help_text=_("The date that places a record in a period, e.g. created_at."),
    )
    source_filter = models.CharField(
        _("filter"),
        max_length=300,
        blank=True,
        help_text=_("The register's list filters as a query string, e.g. status=done."),
    )
    latest_value = models.FloatField(_("latest value"), null=True, blank=True, editable=False)
    latest_period = models.DateField(_("latest period"), null=True, blank=True, editable=False)
    latest_status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.NO_TARGET,
        editable=False,
    )

    class Meta(Record.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        indexes = [
            *Record.Meta.indexes,
            active_index("ind", "reference"),
            active_index("ind", "name"),
            active_index("ind", "process"),
            active_index("ind", "objective"),
            active_index("ind", "owner"),
            active_index("ind", "frequency"),
            active_index("ind", "source"),
            active_index("ind", "direction"),
            active_index("ind", "latest_status"),
            active_index("ind", "latest_period"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()

    def clean(self) -> None:
        errors = {}
        if self.lsl is not None and self.usl is not None and self.usl <= self.lsl:
            errors["usl"] = _("The upper limit must be above the lower limit.")
        if self.baseline_start and self.baseline_end and self.baseline_end < self.baseline_start:
            errors["baseline_end"] = _("The baseline ends before it starts.")
        if self.source == self.Source.COMPUTED:
            errors.update(self._computed_errors())
        if self.source == self.Source.MEASURE:
            errors.update(self._measure_errors())
        if errors:
            raise ValidationError(errors)

    def _computed_errors(self) -> dict:
        from amelio.indicators.sources import definition_errors

        return definition_errors(self)

    def _measure_errors(self) -> dict:
        from amelio.core.measures import measures

        if self.source_measure not in measures:
            return {"source_measure": _("Choose a measure among those the modules publish.")}
        if not self.unit:
            self.unit = str(measures.get(self.source_measure).unit)[:30]
        return {}

    @property
    def is_computed(self) -> bool:
        """Its values come from the records (a register or a module's measure), never typed."""
        return self.source in (self.Source.COMPUTED, self.Source.MEASURE)

    @property
    def measure(self):
        """The module's measure this indicator shows, or None."""
        from amelio.core.measures import measures

        if self.source != self.Source.MEASURE or self.source_measure not in measures:
            return None
        return measures.get(self.source_measure)

    @property
    def latest(self) -> str:
        """The latest value with its unit, rounded to the indicator's decimals."""
        return self.format(self.latest_value)

    def format(self, value: float | None) -> str:
        if value is None:
            return "—"
        return f"{localised(value, self.decimals)} {self.unit}".strip()

    def target_on(self, period: dt.date) -> IndicatorTarget | None:
        """The target in force for a period (the latest one valid from then or before)."""
        targets = [t for t in self.all_targets() if t.valid_from <= period]
        return targets[-1] if targets else None

    def all_targets(self) -> list[IndicatorTarget]:
        """The targets, oldest first, fetched once per indicator instance."""
        if not hasattr(self, "_targets"):
            self._targets = sorted(self.targets.all(), key=lambda t: t.valid_from)
        return self._targets

    def status_of(self, value: float | None, period: dt.date) -> str:
        target = self.target_on(period)
        if target is None:
            return computations.NO_TARGET
        return computations.target_status(value, target.target, target.alert, self.direction)


class IndicatorTarget(models.Model):
    """A target and its alert threshold, in force from a date until the next one."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    valid_from = models.DateField(_("valid from"))
    target = models.FloatField(_("target"))
    alert = models.FloatField(
        _("alert threshold"),
        null=True,
        blank=True,
        help_text=_("Between the target and this value the indicator is in the alert zone."),
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "valid_from"], name="ind_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.target}"


class IndicatorValue(models.Model):
    """The value of an indicator for one period (the first day of its month, quarter or year)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    period = models.DateField(_("period"))
    value = models.FloatField(_("value"))
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), **OWNER)
    entered_at = models.DateTimeField(_("entered on"), default=timezone.now)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="ind_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class Notification(models.Model):
    """A message for one person: an indicator went off target or broke a control rule."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="indicator_notifications",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.DateField(_("period"))
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="ind_notif_unread")]

    def __str__(self) -> str:
        return self.message
