"""Periodic inspections (vérifications générales périodiques): the equipment of each site
that the law or a standard says must be inspected, by whom and how often; the inspections
done, with their reports and observations; what falls due when.

The categories and their rules (periodicity, its source, when it changes with the previous
result) are versioned reference data shipped from the public compilation of DOMAIN.md §6.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


class EquipmentCategory(models.Model):
    """A kind of equipment with inspection rules (electrical installations, lifting
    appliances, pressure equipment…)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("equipment category")
        verbose_name_plural = _("equipment categories")
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_fr


class InspectionRule(models.Model):
    """One inspection an equipment of a category must undergo, every so many months.

    `extended_months` is the longer periodicity allowed when the previous report had no
    observation, or all of them were lifted (permanent electrical installations: 24 months);
    `first_within_months` the deadline of the first inspection after commissioning (pressure
    equipment: 36 months)."""

    category = models.ForeignKey(
        EquipmentCategory,
        verbose_name=_("equipment category"),
        on_delete=models.CASCADE,
        related_name="rules",
    )
    key = models.SlugField(_("key"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    months = models.PositiveSmallIntegerField(
        _("periodicity (months)"), validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    extended_months = models.PositiveSmallIntegerField(
        _("extended periodicity (months)"), null=True, blank=True
    )
    first_within_months = models.PositiveSmallIntegerField(
        _("first inspection within (months)"), null=True, blank=True
    )
    performed_by = models.CharField(_("performed by"), max_length=300, blank=True)
    citation = models.CharField(
        pgettext_lazy("legal text", "legal reference"), max_length=300, blank=True
    )
    status = models.CharField(_("status of the facts"), max_length=200, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    version = models.CharField(_("version"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("inspection rule")
        verbose_name_plural = _("inspection rules")
        ordering = ["category__order", "months", "key"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_fr


class InspectorKind(models.TextChoices):
    INTERNAL = "internal", _("Competent person of the company")
    BODY = "body", _("Accredited or approved body")
    CONTRACTOR = "contractor", _("Service provider")


class Equipment(Actionable, Record):
    """An item (or an installation) to be inspected: what, where, since when, by whom, and
    when its inspections fall due. Out of service while an inspection is overdue when the
    rule of the site says so."""

    REFERENCE_PREFIX = "EQP"
    ACTION_ROLE = "corrective"

    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        EquipmentCategory,
        verbose_name=_("equipment category"),
        on_delete=models.PROTECT,
        related_name="equipment",
    )
    identifier = models.CharField(
        _("identification"), max_length=80, blank=True, help_text=_("Serial or asset number.")
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    inspector_kind = models.CharField(
        _("inspected by"), max_length=12, choices=InspectorKind.choices, default="body"
    )
    inspector = models.CharField(
        _("inspector or body"), max_length=200, blank=True, help_text=_("Name of the body.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    extension_notified = models.BooleanField(
        _("extended periodicity notified"),
        default=False,
        help_text=_(
            "Where the rule allows a longer periodicity after a report without observation "
            "(electrical installations: 24 months, with notice to the labour inspection)."
        ),
    )
    stop_when_overdue = models.BooleanField(
        _("out of service when overdue"),
        default=False,
        help_text=_("The equipment must not be used while an inspection is overdue."),
    )
    withdrawn = models.BooleanField(
        _("withdrawn from service"),
        default=False,
        help_text=_("Taken out of service by decision (broken, awaiting repair, scrapped)."),
    )
    last_inspected_on = models.DateField(
        _("last inspection"), null=True, blank=True, editable=False
    )
    next_due = models.DateField(_("next inspection due"), null=True, blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = pgettext_lazy("one item", "equipment to inspect")
        verbose_name_plural = _("equipment to inspect")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cmpeqp", f)
                for f in (
                    "reference",
                    "name",
                    "category",
                    "location",
                    "last_inspected_on",
                    "next_due",
                    "inspector_kind",
                    "stop_when_overdue",
                    "withdrawn",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()

    def clean(self) -> None:
        if self.commissioned_on and self.commissioned_on > timezone.localdate():
            raise ValidationError(
                {"commissioned_on": _("Record equipment once it has been commissioned.")}
            )

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is None:
            from amelio.compliance.inspections import due_dates

            self.last_inspected_on, self.next_due = due_dates(self)
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        """In service or not, and how its inspections stand today (the list's column)."""
        from amelio.compliance.inspections import service_state

        return service_state(self, timezone.localdate())[1]


class InspectionResult(models.TextChoices):
    NO_OBSERVATION = "no_observation", _("No observation")
    OBSERVATIONS = "observations", _("With observations")
    UNFAVOURABLE = "unfavourable", _("Unfavourable: not to be used")


class Inspection(Actionable, Record):
    """An inspection done: the rule it fulfils, when, by whom, the result; the report is
    attached as evidence and each observation is followed until it is lifted."""

    REFERENCE_PREFIX = "VER"
    ACTION_ROLE = "corrective"

    equipment = models.ForeignKey(
        Equipment,
        verbose_name=_("equipment"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    rule = models.ForeignKey(
        InspectionRule,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    performed_on = models.DateField(_("performed on"), default=timezone.localdate)
    inspector_kind = models.CharField(
        _("inspected by"), max_length=12, choices=InspectorKind.choices, default="body"
    )
    inspector = models.CharField(_("inspector or body"), max_length=200, blank=True)
    report_number = models.CharField(_("report number"), max_length=80, blank=True)
    result = models.CharField(
        _("result"), max_length=14, choices=InspectionResult.choices, default="no_observation"
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("periodic inspection")
        verbose_name_plural = _("periodic inspections")
        ordering = ["-performed_on", "-id"]
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cmpver", f)
                for f in (
                    "reference",
                    "equipment",
                    "rule",
                    "performed_on",
                    "result",
                    "inspector_kind",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.equipment.name}".strip()

    def clean(self) -> None:
        errors: dict = {}
        equipment = getattr(self, "equipment", None)
        rule = getattr(self, "rule", None)
        if self.outside(equipment):
            errors["org_unit"] = _("An inspection belongs to its equipment's unit.")
        if equipment is not None and rule is not None and rule.category_id != equipment.category_id:
            errors["rule"] = _("This inspection is not one of the equipment's category.")
        if self.performed_on and self.performed_on > timezone.localdate():
            errors["performed_on"] = _("An inspection is recorded once it has been done.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        """Saved, archived or restored: the equipment's due dates follow (both equipment's,
        when the inspection moved from one to another)."""
        from amelio.compliance.inspections import refresh_equipment

        before = None
        if self.pk is not None and kwargs.get("update_fields") is None:
            before = (
                Inspection.objects.filter(pk=self.pk).values_list("equipment_id", flat=True).first()
            )
        super().save(*args, **kwargs)
        refresh_equipment(self.equipment)
        if before is not None and before != self.equipment_id:
            refresh_equipment(Equipment.objects.get(pk=before))


class ObservationSeverity(models.TextChoices):
    MINOR = "minor", pgettext_lazy("observation", "Minor")
    MAJOR = "major", pgettext_lazy("observation", "Major")
    DANGER = "danger", pgettext_lazy("observation", "Serious danger")


class Observation(Actionable, Record):
    """A finding of an inspection report, followed until it is lifted; each may become an
    action."""

    REFERENCE_PREFIX = "OBS"
    ACTION_ROLE = "corrective"

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("periodic inspection"),
        on_delete=models.PROTECT,
        related_name="observations",
    )
    title = models.CharField(_("observation"), max_length=300)
    severity = models.CharField(
        _("severity"), max_length=8, choices=ObservationSeverity.choices, default="minor"
    )
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    how_lifted = models.TextField(_("how it was lifted"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("inspection observation")
        verbose_name_plural = _("inspection observations")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cmpobs", f)
                for f in ("reference", "title", "inspection", "severity", "lifted_on")
            ],
        ]

    def clean(self) -> None:
        errors: dict = {}
        inspection = getattr(self, "inspection", None)
        if self.outside(inspection):
            errors["org_unit"] = _("An observation belongs to its inspection's unit.")
        if self.lifted_on and not self.how_lifted.strip():
            errors["how_lifted"] = _("Say how the observation was lifted.")
        if self.lifted_on:
            if self.lifted_on > timezone.localdate():
                errors["lifted_on"] = _("An observation is lifted once the work is done.")
            elif inspection is not None and self.lifted_on < inspection.performed_on:
                errors["lifted_on"] = _("Lifted before the inspection that found it.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        """Lifting (or archiving) the last open observation may lengthen the periodicity."""
        from amelio.compliance.inspections import refresh_equipment

        before = None
        if self.pk is not None and kwargs.get("update_fields") is None:
            before = (
                Observation.objects.filter(pk=self.pk)
                .values_list("inspection__equipment_id", flat=True)
                .first()
            )
        super().save(*args, **kwargs)
        equipment = self.inspection.equipment
        refresh_equipment(equipment)
        if before is not None and before != equipment.pk:
            refresh_equipment(Equipment.objects.get(pk=before))
