"""Safety events (accidents, diseases, incidents, near misses, dangerous situations, first-aid
cases), the victim's personal data kept apart, the stops from work, the hours worked that the
rates divide by, and the cause tree (INRS) of an event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.safety.workflows import event_workflow


class EventType(models.TextChoices):
    LOST_TIME = "lost_time", _("Accident at work with lost time")
    NO_LOST_TIME = "no_lost_time", _("Accident at work without lost time")
    COMMUTING = "commuting", _("Commuting accident")
    DISEASE = "disease", _("Occupational disease")
    INCIDENT = "incident", _("Incident (no injury)")
    NEAR_MISS = "near_miss", _("Near miss")
    DANGEROUS = "dangerous", _("Dangerous situation")
    FIRST_AID = "first_aid", _("First-aid case")


# Events with a person injured or ill: they have a victim, an injury and may have stops.
WITH_VICTIM = (
    EventType.LOST_TIME,
    EventType.NO_LOST_TIME,
    EventType.COMMUTING,
    EventType.DISEASE,
    EventType.FIRST_AID,
)
# Work accidents declared to the social security within 48 hours.
DECLARED = (EventType.LOST_TIME, EventType.NO_LOST_TIME, EventType.COMMUTING)
# OSHA-recordable cases (TRIR); commuting accidents and first aid are not recordable.
RECORDABLE = (EventType.LOST_TIME, EventType.NO_LOST_TIME, EventType.DISEASE)


class BodyLocation(models.TextChoices):
    HEAD = "head", _("Head, face")
    EYES = "eyes", _("Eyes")
    NECK = "neck", _("Neck")
    BACK = "back", _("Back, spine")
    TRUNK = "trunk", _("Trunk, chest, abdomen")
    SHOULDER = "shoulder", _("Shoulder, arm")
    ELBOW = "elbow", _("Elbow, forearm")
    WRIST = "wrist", _("Wrist")
    HAND = "hand", _("Hand")
    FINGERS = "fingers", _("Fingers")
    HIP = "hip", _("Hip, leg")
    KNEE = "knee", _("Knee")
    ANKLE = "ankle", _("Ankle, foot")
    MULTIPLE = "multiple", _("Several locations")
    INTERNAL = "internal", _("Internal, psychological")


class InjuryNature(models.TextChoices):
    WOUND = "wound", _("Cut, wound")
    BRUISE = "bruise", _("Bruise")
    SPRAIN = "sprain", _("Sprain, strain")
    FRACTURE = "fracture", _("Fracture")
    BURN = "burn", _("Burn")
    CHEMICAL = "chemical", _("Chemical burn or irritation")
    FOREIGN_BODY = "foreign_body", _("Foreign body")
    MSD = "msd", _("Musculoskeletal disorder")
    CRUSH = "crush", _("Crushing, amputation")
    HEARING = "hearing", _("Hearing loss")
    PSYCHOLOGICAL = "psychological", _("Psychological harm")
    OTHER = "other", _("Other")


class VictimStatus(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    TEMPORARY = "temporary", _("Temporary worker")
    APPRENTICE = "apprentice", _("Apprentice, intern")
    CONTRACTOR = "contractor", _("Contractor's employee")
    VISITOR = "visitor", _("Visitor")


INDEXED = ["reference", "title", "event_type", "occurred_at", "status", "body_location", "owner"]


class SafetyEvent(Actionable, Record):
    """An accident, disease, incident, near miss, dangerous situation or first-aid case: what
    happened, where and when, the injury (not who: see Victim), the stops from work, the
    declaration and the immediate measures. Analysed with a cause tree; actions follow."""

    REFERENCE_PREFIX = "EVT"

    workflow = event_workflow

    title = models.CharField(_("title"), max_length=200)
    event_type = models.CharField(_("type"), max_length=16, choices=EventType.choices)
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    known_at = models.DateTimeField(
        _("employer informed on"),
        null=True,
        blank=True,
        help_text=_("The 48-hour declaration period starts here; empty means the event time."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("what happened"))
    immediate_measures = models.TextField(_("immediate measures"), blank=True)
    witnesses = models.TextField(_("witnesses"), blank=True)
    victim_status = models.CharField(
        _("victim's status"), max_length=12, choices=VictimStatus.choices, blank=True
    )
    injury_nature = models.CharField(
        _("nature of the injury"), max_length=16, choices=InjuryNature.choices, blank=True
    )
    body_location = models.CharField(
        _("body location"), max_length=12, choices=BodyLocation.choices, blank=True
    )
    restricted_work = models.BooleanField(
        _("restricted work or transfer"),
        default=False,
        help_text=_("The person came back on restricted duties or another job (OSHA DART)."),
    )
    ip_rate = models.DecimalField(
        _("permanent incapacity rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    declared_on = models.DateField(_("declared on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=event_workflow.choices(),
        default=event_workflow.initial,
        editable=False,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("analysis led by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    days_lost = models.PositiveIntegerField(_("days lost"), default=0, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("safety event")
        verbose_name_plural = _("accidents and incidents")
        indexes = [*Record.Meta.indexes, *[active_index("safevt", f) for f in INDEXED]]

    def clean(self) -> None:
        errors: dict = {}
        now = timezone.now()
        unit = getattr(self, "org_unit", None)
        if unit is not None and unit.kind == "organisation":
            errors["org_unit"] = _("Say on which site or in which unit it happened.")
        if self.occurred_at and self.occurred_at > now + dt.timedelta(minutes=5):
            errors["occurred_at"] = _("The event cannot be in the future.")
        if self.known_at and self.occurred_at and self.known_at < self.occurred_at:
            errors["known_at"] = _("The employer cannot be informed before the event.")
        if self.event_type not in WITH_VICTIM:
            for name in ("injury_nature", "body_location", "victim_status"):
                setattr(self, name, "")
            self.ip_rate = None
            self.restricted_work = False
        if (
            self.declared_on
            and self.occurred_at
            and self.declared_on < timezone.localtime(self.occurred_at).date()
        ):
            errors["declared_on"] = _("The declaration cannot precede the event.")
        if errors:
            raise ValidationError(errors)

    def locks_children(self) -> bool:
        """A closed event's victim, stops and cause tree stay as they were when it closed."""
        return not event_workflow.is_editable(self)

    @property
    def has_victim(self) -> bool:
        return self.event_type in WITH_VICTIM

    @property
    def to_declare(self) -> bool:
        """Whether the company declares it: not for a contractor's employee or a visitor
        (their employer does); for a temporary worker, the agency declares once informed."""
        return self.event_type in DECLARED and self.victim_status not in (
            VictimStatus.CONTRACTOR,
            VictimStatus.VISITOR,
        )

    @property
    def agency_declares(self) -> bool:
        return self.victim_status == VictimStatus.TEMPORARY

    @property
    def declaration_due(self) -> dt.datetime | None:
        """When the declaration to the social security is due (48 h, Sundays and public
        holidays not counted), for work and commuting accidents; for a temporary worker, when
        the temporary work agency must be informed (24 h)."""
        from amelio.safety.computations import declaration_deadline
        from amelio.safety.models.reference import parameter

        if not self.to_declare or self.occurred_at is None:
            return None
        known = timezone.localtime(self.known_at or self.occurred_at)
        hours = parameter("agency_notice_hours" if self.agency_declares else "declaration_hours")
        return declaration_deadline(known, hours)

    @property
    def declaration_late(self) -> bool:
        due = self.declaration_due
        if due is None or self.declared_on:
            return False
        return timezone.now() > due


class Victim(models.Model):
    """The personal data of the person injured or ill, kept apart from the event: shown only
    to those who may see personal data (coordinator, administrator) and never exported."""

    class Contract(models.TextChoices):
        PERMANENT = "permanent", _("Permanent contract")
        FIXED = "fixed", _("Fixed-term contract")
        TEMPORARY = "temporary", _("Temporary work")
        APPRENTICE = "apprentice", _("Apprenticeship")
        OTHER = "other", _("Other")

    event = models.OneToOneField(SafetyEvent, on_delete=models.CASCADE, related_name="victim")
    name = models.CharField(_("name"), max_length=200)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job_title = models.CharField(_("job"), max_length=200, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    hired_on = models.DateField(_("in the job since"), null=True, blank=True)
    contract = models.CharField(_("contract"), max_length=12, choices=Contract.choices, blank=True)
    medical_notes = models.TextField(
        _("medical information"),
        blank=True,
        help_text=_("Initial medical certificate, care given. Keep to what prevention needs."),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("victim")
        verbose_name_plural = _("victims")

    def __str__(self) -> str:
        return self.name


class LostTime(models.Model):
    """A stop from work after an event: the initial stop, an extension or a relapse. Days are
    counted in calendar days, the day of the accident excluded."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial stop")
        EXTENSION = "extension", _("Extension")
        RELAPSE = "relapse", _("Relapse")

    event = models.ForeignKey(SafetyEvent, on_delete=models.CASCADE, related_name="lost_times")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INITIAL)
    start = models.DateField(pgettext_lazy("period", "from"))
    end = models.DateField(
        pgettext_lazy("period", "to"), null=True, blank=True, help_text=_("Empty while it lasts.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("stop from work")
        verbose_name_plural = _("stops from work")
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}"

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})
        event = getattr(self, "event", None)
        if (
            event is not None
            and self.start
            and self.start < timezone.localtime(event.occurred_at).date()
        ):
            raise ValidationError({"start": _("A stop cannot start before the event.")})


class HoursWorked(Record):
    """Hours worked and average headcount of a site (or of a department) for a month or a
    whole year, entered or imported: what the frequency and severity rates divide by. The
    rates of a site add up the hours of the units below it; when a unit has several entries
    for one period, the latest one counts (entering a period again corrects it)."""

    REFERENCE_PREFIX = "HRS"

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Empty for the whole year."),
    )
    hours = models.DecimalField(
        _("hours worked"),
        max_digits=12,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0))],
    )
    headcount = models.DecimalField(
        _("average headcount (FTE)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    temporary_hours = models.DecimalField(
        _("of which temporary workers' hours"),
        max_digits=12,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta(Record.Meta):
        verbose_name = _("hours worked")
        verbose_name_plural = _("hours worked")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("safhrs", f) for f in ("reference", "year", "month", "hours")],
        ]

    def __str__(self) -> str:
        period = f"{self.year}-{self.month:02d}" if self.month else str(self.year)
        return f"{self.org_unit} {period}"

    def clean(self) -> None:
        errors: dict = {}
        unit = getattr(self, "org_unit", None)
        if unit is not None and unit.kind == "organisation":
            errors["org_unit"] = _("Enter the hours of a site or of a unit of a site.")
        if self.temporary_hours and self.hours is not None and self.temporary_hours > self.hours:
            errors["temporary_hours"] = _("More than the hours worked.")
        if errors:
            raise ValidationError(errors)


class CauseFact(models.Model):
    """A fact of a cause tree: an unusual fact (a variation from the usual way of working) or
    a permanent fact, of the person, the task, the equipment or the environment. The final
    fact is the injury; antecedents are linked to what they made necessary."""

    class Kind(models.TextChoices):
        UNUSUAL = "unusual", _("Unusual fact (variation)")
        PERMANENT = "permanent", _("Permanent fact")

    class Category(models.TextChoices):
        PERSON = "person", _("Person")
        TASK = "task", _("Task")
        EQUIPMENT = "equipment", _("Equipment")
        ENVIRONMENT = "environment", pgettext_lazy("5M cause", "Environment")

    event = models.ForeignKey(SafetyEvent, on_delete=models.CASCADE, related_name="facts")
    text = models.CharField(_("fact"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UNUSUAL)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.TASK
    )
    is_final = models.BooleanField(_("final fact (the injury)"), default=False)
    action = models.ForeignKey(
        "actions.Action",
        verbose_name=_("prevention action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class CauseLink(models.Model):
    """`cause` was necessary for `effect`. Several causes of one effect: a conjunction; one
    cause of several effects: a disjunction."""

    cause = models.ForeignKey(CauseFact, on_delete=models.CASCADE, related_name="effect_links")
    effect = models.ForeignKey(CauseFact, on_delete=models.CASCADE, related_name="cause_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cause", "effect"], name="safety_causelink_unique")
        ]
