"""The communication plan (ISO 7.4) and training sessions (ISO 7.2, 7.3): what is said to
whom, by which channel and when; the sessions planned and held, who attended, what they
thought of it right after (hot evaluation) and some weeks later (cold evaluation), and the
year's training plan with its budget.

A session publishes its measures as stored numbers (satisfaction average, effectiveness rate,
attendees, trainee hours) so that indicators read them and never recompute them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.core.permissions import Role
from amelio.training import computations
from amelio.training.workflows_sessions import communication_workflow, session_workflow

__all__ = [
    "Attendance",
    "Audience",
    "Channel",
    "CommunicationItem",
    "EvaluationKind",
    "Frequency",
    "SessionEvaluation",
    "SessionKind",
    "TrainerKind",
    "TrainingPlan",
    "TrainingSession",
]

PERSON: dict[str, Any] = {
    "null": True,
    "blank": True,
    "on_delete": models.SET_NULL,
    "related_name": "+",
}
MONEY: dict[str, Any] = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0))],
}


# --- Communication plan --------------------------------------------------------------------


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone in the unit")
    UNIT = "unit", _("The staff of one unit")
    ROLE = "role", _("The holders of a role")
    EXTERNAL = "external", _("An interested party (external)")


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    NOTICE_BOARD = "notice_board", _("Notice board")
    EMAIL = "email", _("E-mail")
    INTRANET = "intranet", _("Intranet")
    NEWSLETTER = "newsletter", _("Newsletter")
    SAFETY_TALK = "safety_talk", _("Quarter-hour safety talk")
    DISPLAY_SCREEN = "display_screen", _("Display screen")
    OTHER = "other", pgettext_lazy("communication channel", "Other")


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Twice a year")
    YEARLY = "yearly", _("Yearly")
    AS_NEEDED = "as_needed", _("As needed")


class CommunicationItem(Record):
    """One communication of the plan: a message, to whom (inside: everyone, one unit, the
    holders of a role; outside: an interested party), by which channel, how often, by whom,
    planned and done. A recurring one plans its next occurrence when it is done."""

    REFERENCE_PREFIX = "COM"

    title = models.CharField(_("message"), max_length=300)
    content = models.TextField(_("key points"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    audience_unit = models.ForeignKey(
        "core.OrgUnit",
        verbose_name=_("audience unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For the staff of one unit: the unit (it and the units below it)."),
    )
    audience_role = models.CharField(
        _("audience role"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_("For the holders of a role: the role, within the item's unit."),
    )
    interested_party = models.CharField(
        _("interested party"),
        max_length=200,
        blank=True,
        help_text=_("For an external audience: customers, neighbours, the authorities…"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.ONCE
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), **PERSON)
    planned_on = models.DateField(_("planned on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("How it went, questions asked, feedback.")
    )
    objectives = models.ManyToManyField(
        "indicators.Objective", verbose_name=_("objectives"), blank=True, related_name="+"
    )
    processes = models.ManyToManyField(
        "processes.Process", verbose_name=_("processes"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=communication_workflow.choices(), default="planned"
    )

    workflow = communication_workflow

    class Meta(Record.Meta):
        verbose_name = _("communication")
        verbose_name_plural = _("communication plan")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("trncom", f)
                for f in (
                    "reference",
                    "title",
                    "audience",
                    "channel",
                    "frequency",
                    "owner",
                    "planned_on",
                    "done_on",
                    "status",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def clean(self) -> None:
        errors = self._stray_details()
        if self.audience == Audience.UNIT:
            unit = self.audience_unit
            if unit is None:
                errors["audience_unit"] = _("Choose the unit whose staff the message is for.")
            elif self.org_unit_id and not unit.path.startswith(self.org_unit.path):
                errors["audience_unit"] = _("Choose the item's unit or a unit below it.")
        if self.audience == Audience.ROLE and not self.audience_role:
            errors["audience_role"] = _("Choose the role the message is for.")
        if self.audience == Audience.EXTERNAL and not self.interested_party.strip():
            errors["interested_party"] = _("Name the interested party the message is for.")
        if self.done_on and self.done_on > timezone.localdate():
            errors["done_on"] = _("The date it was made cannot be in the future.")
        if self.status == "done" and not self.done_on:
            errors["done_on"] = _("Give the date the communication was made.")
        if errors:
            raise ValidationError(errors)

    def _stray_details(self) -> dict:
        """A detail of another audience than the one chosen (a unit left from a first choice,
        then the audience changed to a role) is refused rather than dropped silently."""
        label = dict(Audience.choices)
        errors: dict = {}
        if self.audience != Audience.UNIT and self.audience_unit_id:
            errors["audience_unit"] = _(
                "Leave the unit empty, or choose “%(audience)s” as the audience."
            ) % {"audience": label[Audience.UNIT]}
        if self.audience != Audience.ROLE and self.audience_role:
            errors["audience_role"] = _(
                "Leave the role empty, or choose “%(audience)s” as the audience."
            ) % {"audience": label[Audience.ROLE]}
        if self.audience != Audience.EXTERNAL and self.interested_party.strip():
            errors["interested_party"] = _(
                "Leave the interested party empty, or choose “%(audience)s” as the audience."
            ) % {"audience": label[Audience.EXTERNAL]}
        return errors

    @property
    def audience_label(self) -> str:
        """Whom the message is for, in words (the list's column)."""
        if self.audience == Audience.UNIT and self.audience_unit_id:
            return str(self.audience_unit)
        if self.audience == Audience.ROLE and self.audience_role:
            return str(Role(self.audience_role).label)
        if self.audience == Audience.EXTERNAL:
            return self.interested_party
        return str(_("Everyone"))

    @property
    def is_late(self) -> bool:
        return self.status == "planned" and self.planned_on < timezone.localdate()


# --- Training sessions ---------------------------------------------------------------------


class SessionKind(models.TextChoices):
    TRAINING = "training", pgettext_lazy("session kind", "Training")
    AWARENESS = "awareness", _("Awareness")
    SAFETY_INDUCTION = "safety_induction", _("Safety induction")
    TOOLBOX_TALK = "toolbox_talk", _("Toolbox talk")


class TrainerKind(models.TextChoices):
    INTERNAL = "internal", _("Internal trainer")
    EXTERNAL = "external", _("External training body")


class TrainingSession(Actionable, Record):
    """A training or awareness session: its topic, trainer, dates, duration, cost and place;
    who attends (`Attendance`); and the measures it publishes once held: how many attended,
    the trainee hours, the satisfaction average (hot evaluation) and the effectiveness rate
    (cold evaluation, `cold_after_weeks` after the session)."""

    REFERENCE_PREFIX = "FOR"
    ACTION_ROLE = "improvement"

    title = models.CharField(_("topic"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=SessionKind.choices, default=SessionKind.TRAINING
    )
    description = models.TextField(_("objectives and content"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=300, blank=True, help_text=_("Who the session is for.")
    )
    trainer_kind = models.CharField(
        _("given by"), max_length=10, choices=TrainerKind.choices, default=TrainerKind.INTERNAL
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("internal trainer"), **PERSON
    )
    training_body = models.CharField(
        _("training body"),
        max_length=200,
        blank=True,
        help_text=_("The external body (and trainer's name) giving the session."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Empty for a one-day session.")
    )
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(2000))],
    )
    cost = models.DecimalField(_("cost excl. tax (€)"), null=True, blank=True, **MONEY)
    place = models.CharField(_("place"), max_length=200, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("organiser"), **PERSON)
    assessed = models.BooleanField(
        _("assessed"),
        default=False,
        help_text=_("The attendees are assessed: record who passed."),
    )
    hot_evaluation = models.BooleanField(
        _("satisfaction survey"),
        default=True,
        help_text=_("The attendees answer a short survey right after the session."),
    )
    skill = models.ForeignKey(
        "training.Skill",
        verbose_name=_("skill given"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        help_text=_("Those present who pass the assessment get this skill when the list closes."),
    )
    cold_after_weeks = models.PositiveSmallIntegerField(
        _("effectiveness survey after (weeks)"),
        default=8,
        validators=[MaxValueValidator(104)],
        help_text=_("0: no effectiveness survey."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=session_workflow.choices(), default="planned"
    )
    # Measures the session publishes (written by the services, read by indicators).
    attendee_count = models.PositiveIntegerField(_("attendees present"), default=0, editable=False)
    trainee_hours = models.DecimalField(
        _("trainee hours"), max_digits=10, decimal_places=2, default=Decimal(0), editable=False
    )
    satisfaction_average = models.DecimalField(
        _("satisfaction (1–4)"), max_digits=3, decimal_places=2, null=True, editable=False
    )
    hot_answers = models.PositiveIntegerField(_("satisfaction answers"), default=0, editable=False)
    effectiveness_rate = models.DecimalField(
        _("effectiveness (%)"), max_digits=4, decimal_places=1, null=True, editable=False
    )
    cold_answers = models.PositiveIntegerField(
        _("effectiveness answers"), default=0, editable=False
    )

    workflow = session_workflow

    class Meta(Record.Meta):
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-start_date", "-id"]
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("trnses", f)
                for f in (
                    "reference",
                    "title",
                    "kind",
                    "trainer_kind",
                    "trainer",
                    "start_date",
                    "owner",
                    "status",
                    "skill",
                    "satisfaction_average",
                    "effectiveness_rate",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def clean(self) -> None:
        errors: dict = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The session cannot end before it starts.")
        if self.trainer_kind == TrainerKind.EXTERNAL and not self.training_body.strip():
            errors["training_body"] = _("Name the training body.")
        if self.skill_id and not self.assessed:
            errors["assessed"] = _(
                "A session that gives a skill is assessed: tick it, then record who passed."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.start_date

    @property
    def trainer_label(self) -> str:
        """Who gives the session, in words."""
        if self.trainer_kind == TrainerKind.EXTERNAL:
            return self.training_body
        return self.trainer.get_full_name() or self.trainer.username if self.trainer else ""

    @property
    def cold_due(self) -> dt.date | None:
        """The day the effectiveness survey opens, None when there is none."""
        return computations.cold_due(self.last_day, self.cold_after_weeks)

    def save(self, *args, **kwargs) -> None:
        """A changed duration changes the trainee hours of those present."""
        from amelio.training.services import session_refresh

        super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            session_refresh(self)

    def locks_children(self) -> bool:
        """Once held (or closed, or cancelled), the attendance list is kept as signed; a
        reopen unlocks it."""
        return self.status != "planned"


class Attendance(Record):
    """One person registered for a session: present or not, passed or not when the session
    is assessed, the hours attended, a comment; the certificate is attached as evidence.
    Registered once per session."""

    REFERENCE_PREFIX = "EMG"

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    present = models.BooleanField(_("present"), null=True, blank=True)
    passed = models.BooleanField(
        _("passed"), null=True, blank=True, help_text=_("For an assessed session.")
    )
    hours_attended = models.DecimalField(
        _("hours attended"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(2000))],
        help_text=_("Empty: the session's duration for a person present."),
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("trnatt", f)
                for f in ("reference", "session", "person", "present", "passed")
            ],
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(archived_at__isnull=True),
                name="trn_attendance_once",
                violation_error_message=_("This person is already registered for the session."),
            )
        ]

    def __str__(self) -> str:
        name = self.person.get_full_name() or self.person.username if self.person_id else ""
        return f"{self.reference} {name}".strip()

    def clean(self) -> None:
        errors: dict = {}
        session = getattr(self, "session", None)
        if self.outside(session):
            errors["org_unit"] = _("An attendee belongs to the session's unit.")
        if self.passed is not None and self.present is False:
            errors["passed"] = _("Only a person present can pass the assessment.")
        if self.present is False and self.hours_attended:
            errors["hours_attended"] = _("An absent person attended no hours.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        """Saved, archived or restored: the session's measures follow."""
        from amelio.training.services import session_refresh

        super().save(*args, **kwargs)
        session_refresh(self.session)

    @property
    def hours(self) -> Decimal:
        """The hours attended: those given, else the session's duration for a person present."""
        if not self.present:
            return Decimal(0)
        return self.session.duration_hours if self.hours_attended is None else self.hours_attended


class EvaluationKind(models.TextChoices):
    HOT = "hot", _("Satisfaction (hot)")
    COLD = "cold", _("Effectiveness (cold)")


SCORE: dict[str, Any] = {
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(1), MaxValueValidator(4)],
}


class SessionEvaluation(models.Model):
    """One attendee's answers to the satisfaction (hot) or effectiveness (cold) survey of a
    session: a score from 1 to 4 per question and a comment. Answered once per kind."""

    attendance = models.ForeignKey(
        Attendance,
        verbose_name=_("attendee"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    kind = models.CharField(_("survey"), max_length=4, choices=EvaluationKind.choices)
    score_1 = models.PositiveSmallIntegerField(**SCORE)
    score_2 = models.PositiveSmallIntegerField(**SCORE)
    score_3 = models.PositiveSmallIntegerField(**SCORE)
    score_4 = models.PositiveSmallIntegerField(**SCORE)
    score_5 = models.PositiveSmallIntegerField(**SCORE)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered on"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), **PERSON
    )

    class Meta:
        verbose_name = _("session evaluation")
        verbose_name_plural = _("session evaluations")
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attendance", "kind"], name="trn_evaluation_once")
        ]

    def __str__(self) -> str:
        return f"{self.attendance} — {self.get_kind_display()}"

    @property
    def scores(self) -> list[int]:
        values = [self.score_1, self.score_2, self.score_3, self.score_4, self.score_5]
        return [v for v in values if v is not None]

    @property
    def average(self) -> Decimal | None:
        return computations.mean(self.scores)


# --- The year's plan -----------------------------------------------------------------------


class TrainingPlan(Record):
    """The training plan of a unit for a year (plan de développement des compétences): the
    budget it holds for the sessions of the unit and the units below it."""

    REFERENCE_PREFIX = "PDC"

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    budget = models.DecimalField(_("budget excl. tax (€)"), **MONEY)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), **PERSON)
    notes = models.TextField(_("priorities and notes"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("trnpln", f) for f in ("reference", "title", "year", "owner")],
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "year"],
                condition=Q(archived_at__isnull=True),
                name="trn_plan_once",
                violation_error_message=_("This unit already has a training plan for this year."),
            )
        ]
