"""The audit programme (ISO 19011 clause 5): one to three years of audits, with the processes
to cover at a frequency set by their risk and the clauses of the standards to cover."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.audits.computations import INTERVAL_BY_RISK
from amelio.audits.workflows import programme_workflow
from amelio.core.models import Record, active_index

MAX_YEARS = 3


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Interval(models.IntegerChoices):
    HALF_YEAR = 6, _("Every 6 months")
    YEAR = 12, _("Every year")
    TWO_YEARS = 24, _("Every 2 years")
    THREE_YEARS = 36, _("Every 3 years")


class AuditProgramme(Record):
    """A programme of audits over one to three years: objectives, scope, criteria, the
    processes with their risk-based frequency and the clauses to cover."""

    REFERENCE_PREFIX = "PRG"
    workflow = programme_workflow

    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=programme_workflow.choices(),
        default=programme_workflow.initial,
        editable=False,
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    objectives = models.TextField(_("objectives"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    criteria = models.TextField(
        _("criteria"), blank=True, help_text=_("Standards, legal and internal requirements.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programme manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Record.Meta):
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("aprg", f) for f in ("reference", "title", "status", "start_year")],
        ]

    def clean(self) -> None:
        if self.start_year and self.end_year:
            if self.end_year < self.start_year:
                raise ValidationError({"end_year": _("The last year comes before the first.")})
            if self.end_year - self.start_year + 1 > MAX_YEARS:
                raise ValidationError({"end_year": _("A programme covers at most three years.")})

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class ProgrammeProcess(models.Model):
    """A process the programme covers, its risk level and how often it is audited."""

    programme = models.ForeignKey(
        AuditProgramme, on_delete=models.CASCADE, related_name="process_lines"
    )
    process = models.ForeignKey(
        "processes.Process", verbose_name=_("process"), on_delete=models.PROTECT, related_name="+"
    )
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    interval_months = models.PositiveSmallIntegerField(
        _("frequency"), choices=Interval.choices, default=Interval.TWO_YEARS
    )
    rationale = models.CharField(
        _("why this frequency"),
        max_length=300,
        blank=True,
        help_text=_("Risks, results of earlier audits, changes, complaints."),
    )

    class Meta:
        verbose_name = _("process of the programme")
        verbose_name_plural = _("processes of the programme")
        ordering = ["process__process_type", "process__map_order", "process__code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "process"], name="audits_prg_process")
        ]

    def __str__(self) -> str:
        return str(self.process)

    @staticmethod
    def suggested(risk_level: str) -> int:
        return INTERVAL_BY_RISK[risk_level]


class ProgrammeClause(models.Model):
    """A requirement of a standard the programme must cover at least once over its years."""

    # Picked (by an audit, in forms and the API) among the clauses of the programmes the
    # user may see: core.lookups.choosable.
    scope_parent = "programme"

    programme = models.ForeignKey(AuditProgramme, on_delete=models.CASCADE, related_name="clauses")
    standard = models.CharField(_("standard"), max_length=40, help_text=_("e.g. ISO 9001:2015"))
    clause = models.CharField(_("clause"), max_length=20, help_text=_("e.g. 8.4"))
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("clause of the programme")
        verbose_name_plural = _("clauses of the programme")
        ordering = ["standard", "clause", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "standard", "clause"], name="audits_prg_clause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard} §{self.clause} {self.title}".strip()
