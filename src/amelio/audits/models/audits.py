"""An audit (ISO 19011 clause 6): what is audited and against what, when, by whom, the
opening and closing meetings, and the report that is signed off."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.audits.workflows import audit_workflow
from amelio.core.models import Actionable, Record, active_index

INDEXED = [
    "reference",
    "title",
    "status",
    "audit_type",
    "planned_start",
    "lead_auditor",
    "programme",
    "supplier",
]


class AuditType(models.TextChoices):
    PROCESS = "process", _("Internal process audit")
    SYSTEM = "system", _("System audit")
    PRODUCT = "product", _("Product audit")
    DOCUMENTARY = "documentary", _("Documentary audit")
    TRACEABILITY = "traceability", _("Traceability audit")
    SUPPLIER = "supplier", _("Supplier audit")
    SECOND_PARTY = "second_party", _("Second-party audit (by a customer)")
    THIRD_PARTY = "third_party", _("Third-party audit (certification)")


class Effectiveness(models.TextChoices):
    EFFECTIVE = "effective", pgettext_lazy("audit conclusion", "Effective")
    RESERVATIONS = "reservations", _("Effective with reservations")
    NOT_EFFECTIVE = "not_effective", _("Not effective")


class Language(models.TextChoices):
    FRENCH = "fr", "Français"
    ENGLISH = "en", "English"


class Audit(Actionable, Record):
    """One audit: its type, scope, objectives and criteria, the audited processes and clauses,
    dates, the team (with the independence check), the auditees, the meetings and the report."""

    REFERENCE_PREFIX = "AUD"
    workflow = audit_workflow

    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=audit_workflow.choices(),
        default=audit_workflow.initial,
        editable=False,
    )
    audit_type = models.CharField(
        _("type"), max_length=14, choices=AuditType.choices, default=AuditType.PROCESS
    )
    programme = models.ForeignKey(
        "audits.AuditProgramme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
    )
    processes = models.ManyToManyField(
        "processes.Process", verbose_name=_("audited processes"), blank=True, related_name="+"
    )
    clauses = models.ManyToManyField(
        "audits.ProgrammeClause",
        verbose_name=_("clauses covered"),
        blank=True,
        related_name="audits",
    )
    third_party = models.CharField(
        _("supplier or customer"),
        max_length=160,
        blank=True,
        help_text=_("The audited supplier, or the customer or body auditing us."),
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        verbose_name=_("audited supplier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
    )
    scope = models.TextField(_("scope"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    criteria = models.TextField(
        _("criteria"), blank=True, help_text=_("Standards, legal and internal requirements.")
    )
    planned_start = models.DateField(_("start date"), null=True, blank=True)
    planned_end = models.DateField(_("end date"), null=True, blank=True)
    duration_hours = models.DecimalField(
        _("duration (hours)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    lead_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead auditor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("auditors"), blank=True, related_name="+"
    )
    auditees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("auditees"), blank=True, related_name="+"
    )
    other_auditees = models.TextField(
        _("other auditees"), blank=True, help_text=_("People without an account, one per line.")
    )
    opening_at = models.DateTimeField(_("opening meeting"), null=True, blank=True)
    opening_attendees = models.TextField(_("opening meeting attendees"), blank=True)
    opening_notes = models.TextField(_("opening meeting notes"), blank=True)
    closing_at = models.DateTimeField(_("closing meeting"), null=True, blank=True)
    closing_attendees = models.TextField(_("closing meeting attendees"), blank=True)
    closing_notes = models.TextField(_("closing meeting notes"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    effectiveness = models.CharField(
        _("process effectiveness"), max_length=14, choices=Effectiveness.choices, blank=True
    )
    maturity = models.TextField(
        _("maturity and effectiveness statement"),
        blank=True,
        help_text=_("How well the audited processes achieve their intended results."),
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    distribution = models.TextField(
        _("distribution"), blank=True, help_text=_("Who receives the report, one per line.")
    )
    report_language = models.CharField(
        _("report language"), max_length=2, choices=Language.choices, default=Language.FRENCH
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    signed_off_on = models.DateField(_("signed off on"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        indexes = [*Record.Meta.indexes, *[active_index("aud", f) for f in INDEXED]]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The audit cannot end before it starts.")
        if self.duration_hours is not None and self.duration_hours <= 0:
            errors["duration_hours"] = _("The duration must be more than zero.")
        if self.opening_at and self.closing_at and self.closing_at < self.opening_at:
            errors["closing_at"] = _("The closing meeting cannot come before the opening one.")
        programme = self.programme if self.programme_id else None
        start = self.planned_start
        if programme and start and not programme.start_year <= start.year <= programme.end_year:
            errors["planned_start"] = _(
                "The audit falls outside the years of its programme (%(first)s-%(last)s)."
            ) % {"first": programme.start_year, "last": programme.end_year}
        if errors:
            raise ValidationError(errors)

    @property
    def year(self) -> int | None:
        return self.planned_start.year if self.planned_start else None

    @property
    def is_done(self) -> bool:
        return self.status in ("reported", "closed")

    def locks_children(self) -> bool:
        """A signed-off (or cancelled) audit keeps its findings as they were reported."""
        return not audit_workflow.is_editable(self)

    def other_auditee_list(self) -> list[str]:
        return [line.strip() for line in self.other_auditees.splitlines() if line.strip()]

    def distribution_list(self) -> list[str]:
        return [line.strip() for line in self.distribution.splitlines() if line.strip()]


FORM_FIELDS = [
    "title",
    "audit_type",
    "programme",
    "org_unit",
    "processes",
    "clauses",
    "third_party",
    "supplier",
    "scope",
    "objectives",
    "criteria",
    "planned_start",
    "planned_end",
    "duration_hours",
    "lead_auditor",
    "team",
    "auditees",
    "other_auditees",
    "report_language",
    "distribution",
]
# What the audit team writes while carrying the audit out (the conduct page).
CONDUCT_FIELDS = [
    "opening_at",
    "opening_attendees",
    "opening_notes",
    "closing_at",
    "closing_attendees",
    "closing_notes",
    "summary",
    "effectiveness",
    "maturity",
    "conclusion",
]
