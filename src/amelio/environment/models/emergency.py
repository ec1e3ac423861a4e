"""Emergency preparedness and response (ISO 14001 8.2, ISO 45001 8.2): the dangerous
phenomena a site could face, the prevention and protection measures, the response plan, and
the drills that test it, with their findings. The next drill falls due a set number of months
after the last one."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.environment import computations as calc


class Phenomenon(models.TextChoices):
    FIRE = "fire", _("Fire")
    EXPLOSION = "explosion", _("Explosion")
    SPILL = "spill", _("Spill or leak of a liquid")
    RELEASE = "release", _("Release of gas or fumes")
    FLOOD = "flood", _("Flood")
    POLLUTION = "pollution", _("Accidental pollution of water or soil")
    FIREWATER = "firewater", _("Fire-fighting water run-off")
    OTHER = "other", pgettext_lazy("phenomenon", "Other")


class EmergencySituation(Actionable, Record):
    """A potential emergency situation of a site: what could happen, where, why, to whom and
    to what, how it is prevented, how people respond (the plan), and how often it is drilled."""

    REFERENCE_PREFIX = "URG"
    ACTION_ROLE = "preventive"

    title = models.CharField(_("title"), max_length=200)
    phenomenon = models.CharField(
        _("dangerous phenomenon"), max_length=10, choices=Phenomenon.choices
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    causes = models.TextField(_("possible causes"), blank=True)
    consequences = models.TextField(
        _("consequences"), blank=True, help_text=_("For people, the environment and the plant.")
    )
    prevention = models.TextField(_("prevention measures"), blank=True)
    protection = models.TextField(
        _("protection and response means"),
        blank=True,
        help_text=_("Detection, retention, extinguishers, spill kits, isolation valves…"),
    )
    response_plan = models.TextField(
        _("response plan"),
        blank=True,
        help_text=_(
            "Who does what: alert, evacuation, first actions, calling the emergency services."
        ),
    )
    plan_document = models.CharField(
        _("plan document"),
        max_length=200,
        blank=True,
        help_text=_("Reference of the internal emergency plan (POI) or procedure."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drill_every_months = models.PositiveSmallIntegerField(
        _("drill every (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Evacuation drills: at least every 6 months where a fire instruction is required."
        ),
    )
    last_drill_on = models.DateField(_("last drill"), null=True, blank=True, editable=False)
    next_drill_due = models.DateField(_("next drill due"), null=True, blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("emergency situation")
        verbose_name_plural = _("emergency situations")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("envurg", f)
                for f in ("reference", "title", "phenomenon", "last_drill_on", "next_drill_due")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is None:
            self.next_drill_due = calc.next_drill(
                self.last_drill_on, self.drill_every_months, self._recorded_on()
            )
        super().save(*args, **kwargs)

    def refresh_drills(self) -> None:
        """Store the date of the last drill held and the next one due."""
        last = (
            self.drills.filter(archived_at__isnull=True)
            .order_by("-held_on")
            .values_list("held_on", flat=True)
            .first()
        )
        self.last_drill_on = last
        self.next_drill_due = calc.next_drill(last, self.drill_every_months, self._recorded_on())
        # Saved field by field (not with update()), so that the history shows the change.
        self.save(update_fields=["last_drill_on", "next_drill_due"])

    def _recorded_on(self):
        return timezone.localdate(self.created_at)


class Outcome(models.TextChoices):
    SATISFACTORY = "satisfactory", _("Satisfactory")
    IMPROVE = "improve", _("Satisfactory with improvements to make")
    FAILED = "failed", _("Not satisfactory")


class Drill(Actionable, Record):
    """A drill (exercise) of an emergency situation: when, the scenario, who took part, how
    long the response took, what was found. Improvements found are actions."""

    REFERENCE_PREFIX = "EXE"
    ACTION_ROLE = "corrective"

    situation = models.ForeignKey(
        EmergencySituation,
        verbose_name=_("emergency situation"),
        on_delete=models.PROTECT,
        related_name="drills",
    )
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    scenario = models.TextField(_("scenario"))
    participants = models.PositiveIntegerField(
        pgettext_lazy("number of", "participants"), null=True, blank=True
    )
    external_services = models.BooleanField(_("with the fire and rescue services"), default=False)
    response_minutes = models.DecimalField(
        _("response or evacuation time (min)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default="satisfactory"
    )
    findings = models.TextField(_("findings"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("emergency drill")
        verbose_name_plural = _("emergency drills")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("envexe", f)
                for f in ("reference", "situation", "held_on", "outcome", "participants")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.situation.title}".strip()

    def clean(self) -> None:
        errors: dict = {}
        if self.outside(getattr(self, "situation", None)):
            errors["org_unit"] = _("The drill belongs to the situation's unit or below.")
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("A drill is recorded once it has been held.")
        if self.outcome != Outcome.SATISFACTORY and not self.findings.strip():
            errors["findings"] = _("Say what was found when the drill was not fully satisfactory.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.situation.refresh_drills()
