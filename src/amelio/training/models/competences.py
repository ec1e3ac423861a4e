"""Competences: the company's catalogue of skills and authorisations, the jobs (postes) and
who holds them, what a job, a work unit or a process requires, the skills people hold (level,
evidence, expiry), and the stored qualification of each person against each skill required
of them, refreshed on every change and every day (decision 0029), which the matrix, the
reminders, the audits' qualification check and the indicators read.

The catalogue's regulatory facts (validity of a CACES, recycling of an electrical
habilitation…) are shipped as reference data in `training/data/`, installed into the company
by `amelio.training.competences.install_catalogue`, never written in code.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import OrgUnit, Record, active_index

__all__ = [
    "CompetenceRequirement",
    "Job",
    "PersonSkill",
    "Qualification",
    "QualificationStatus",
    "Skill",
    "SkillKind",
    "SkillLevel",
    "SkillStatus",
]


class SkillKind(models.TextChoices):
    SKILL = "skill", pgettext_lazy("competence", "Skill")
    AUTHORISATION = "authorisation", _("Authorisation to drive or operate")
    ELECTRICAL = "electrical", _("Electrical habilitation")
    CERTIFICATE = "certificate", _("Certificate")
    QUALIFICATION = "qualification", pgettext_lazy("competence", "Qualification")
    AUDITOR = "auditor", _("Auditor qualification")


class SkillLevel(models.IntegerChoices):
    NOTIONS = 1, _("1 — Notions")
    WITH_HELP = 2, _("2 — Applies with help")
    AUTONOMOUS = 3, _("3 — Autonomous")
    EXPERT = 4, _("4 — Expert, can train others")


class SkillStatus(models.TextChoices):
    VALID = "valid", pgettext_lazy("skill held", "Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", pgettext_lazy("skill held", "Expired")


class QualificationStatus(models.TextChoices):
    """How a person stands against a skill required of them, from best to worst."""

    HELD = "held", _("Held at the level required")
    EXPIRING = "expiring", _("Expiring soon")
    BELOW_LEVEL = "below_level", _("Below the level required")
    EXPIRED = "expired", pgettext_lazy("skill held", "Expired")
    MISSING = "missing", pgettext_lazy("skill held", "Missing")


class Confidence(models.TextChoices):
    CONFIRMED = "C", _("Confirmed in a primary source")
    SECONDARY = "S", _("From a secondary source")
    TO_VERIFY = "V", _("To verify")


class Skill(Record):
    """A skill, authorisation, habilitation, certificate or qualification of the company's
    catalogue, with how long it stays valid and when to warn before it lapses."""

    REFERENCE_PREFIX = "SKL"
    # The catalogue is kept once for the company and read by its sites (decision 0027).
    SHARED_WITH_UNITS_BELOW = True

    code = models.CharField(
        _("code"), max_length=30, help_text=_("Short code shown in the matrix, e.g. CACES-R489-3.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SkillKind.choices)
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Empty: does not expire."),
    )
    legal_requirement = models.BooleanField(
        _("legal requirement"),
        default=False,
        help_text=_("Required by a regulation, not only by the company."),
    )
    basis = models.TextField(
        _("basis"), blank=True, help_text=_("The regulation, standard or internal rule behind it.")
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence in the facts"), max_length=1, choices=Confidence.choices, blank=True
    )
    levels_used = models.BooleanField(
        _("assessed on the four levels"),
        default=True,
        help_text=_(
            "1 notions, 2 applies with help, 3 autonomous, 4 expert (can train). Untick for an "
            "authorisation that is held or not."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder lead time (days)"),
        default=60,
        validators=[MaxValueValidator(730)],
        help_text=_("Warn the person's manager and the coordinators this many days before expiry."),
    )
    library_key = models.CharField(_("catalogue key"), max_length=60, blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("skill or authorisation")
        verbose_name_plural = _("skills and authorisations")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("trnskl", f)
                for f in (
                    "reference",
                    "code",
                    "name",
                    "kind",
                    "validity_months",
                    "legal_requirement",
                    "levels_used",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()

    def expiry(self, obtained_on: dt.date | None) -> dt.date | None:
        """The day a skill obtained on `obtained_on` lapses (None: never)."""
        from amelio.training.competences import add_months

        if obtained_on is None or not self.validity_months:
            return None
        return add_months(obtained_on, self.validity_months)


class Job(Record):
    """A job (poste) of a unit and the people who hold it."""

    REFERENCE_PREFIX = "JOB"

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        blank=True,
        related_name="competence_jobs",
    )

    class Meta(Record.Meta):
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            *Record.Meta.indexes,
            active_index("trnjob", "reference"),
            active_index("trnjob", "title"),
        ]

    def __str__(self) -> str:
        return self.title


class CompetenceRequirement(Record):
    """A skill required of the holders of a job, of the people of a work unit, or of the
    owner and deputy of a process, at a minimum level."""

    REFERENCE_PREFIX = "CRQ"

    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="requirements"
    )
    job = models.ForeignKey(
        Job,
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requirements",
        help_text=_("Everyone who holds this job."),
    )
    work_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("work unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Everyone with a role on this work unit."),
    )
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Its owner and deputy."),
    )
    min_level = models.PositiveSmallIntegerField(
        _("minimum level"),
        choices=SkillLevel.choices,
        default=SkillLevel.AUTONOMOUS,
        help_text=_("Ignored for a skill that is not assessed on levels."),
    )
    mandatory = models.BooleanField(
        _("mandatory"), default=True, help_text=_("Untick for a skill that is only desirable.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("competence requirement")
        verbose_name_plural = _("competence requirements")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("trncrq", f)
                for f in ("reference", "skill", "job", "process", "min_level", "mandatory")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.skill.code} — {self.target}".strip()

    # Exactly one of these is set (the generic tests set one and clear the others).
    ONE_OF = ("job", "work_unit", "process")

    @property
    def target(self):
        """The job, work unit or process the requirement is made for."""
        return self.job or self.work_unit or self.process

    def clean(self) -> None:
        targets = [t for t in (self.job_id, self.work_unit_id, self.process_id) if t]
        if len(targets) != 1:
            raise ValidationError(_("Choose one job, one work unit or one process."))
        if self.work_unit is not None and self.work_unit.kind != OrgUnit.Kind.WORK_UNIT:
            raise ValidationError({"work_unit": _("Choose a unit of the kind “work unit”.")})
        self._check_target_unit()

    def _check_target_unit(self) -> None:
        if not self.org_unit_id:
            return
        unit = self.work_unit or getattr(self.target, "org_unit", None)
        if unit is not None and not unit.path.startswith(self.org_unit.path):
            field = "job" if self.job_id else "work_unit" if self.work_unit_id else "process"
            raise ValidationError(
                {field: _("Choose one in the requirement's unit or in a unit below it.")}
            )


class PersonSkill(Record):
    """A skill or authorisation a person holds: level, when obtained, until when it is
    valid (from the skill's validity unless given), its evidence (certificates attached),
    and its status stored for lists and filters (refreshed on save and every day)."""

    REFERENCE_PREFIX = "PSK"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="person_skills",
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="holdings"
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        choices=SkillLevel.choices,
        null=True,
        blank=True,
        help_text=_("For a skill assessed on levels."),
    )
    obtained_on = models.DateField(_("obtained or renewed on"))
    held_since = models.DateField(
        _("held since"),
        null=True,
        blank=True,
        help_text=_("Held without a break since this day; empty: the day obtained."),
    )
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_("Empty: computed from the skill's validity."),
    )
    issued_by = models.CharField(
        _("issued by"),
        max_length=200,
        blank=True,
        help_text=_("Training body, tester, employer or assessor."),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SkillStatus.choices,
        default=SkillStatus.VALID,
        editable=False,
    )
    source_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    source = GenericForeignKey("source_type", "source_id")

    class Meta(Record.Meta):
        verbose_name = _("skill held")
        verbose_name_plural = _("skills held")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("trnpsk", f)
                for f in (
                    "reference",
                    "person",
                    "skill",
                    "level",
                    "obtained_on",
                    "expires_on",
                    "status",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.skill.code} — {self.person}".strip()

    def clean(self) -> None:
        if self.expires_on and self.obtained_on and self.expires_on < self.obtained_on:
            raise ValidationError({"expires_on": _("It cannot expire before it is obtained.")})
        if self.held_since and self.obtained_on and self.held_since > self.obtained_on:
            raise ValidationError({"held_since": _("Give a day on or before the day obtained.")})
        if self.skill_id and self.skill.levels_used and self.level is None:
            raise ValidationError({"level": _("Give the level this person has reached.")})
        if not self.is_archived and _another_active(self, person=self.person_id):
            raise ValidationError(
                {"skill": _("This person already holds this skill: renew the record they have.")}
            )

    def save(self, *args, **kwargs) -> None:
        """Fill the expiry from the skill's validity and the status for today."""
        if kwargs.get("update_fields") is None:
            from amelio.training.competences import skill_status, today

            if self.expires_on is None:
                self.expires_on = self.skill.expiry(self.obtained_on)
            self.held_since = self.held_since or self.obtained_on
            self.status = skill_status(self.expires_on, self.skill.reminder_days, today())
        super().save(*args, **kwargs)
        # Archived or restored too: the person's qualifications follow what they hold.
        from amelio.training.competences import refresh_person

        refresh_person(self.person)


class Qualification(Record):
    """How one person stands against one skill required of them: held at the level, expiring,
    below the level, expired or missing. Rows made from the requirements (jobs, work units,
    processes) are kept in step by `amelio.training.competences.refresh_qualifications`;
    a row added by hand is an individual requirement on that person. Stored so that the
    competence gaps are a measure the indicators count (decision 0029)."""

    REFERENCE_PREFIX = "QUA"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="qualifications",
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="qualifications"
    )
    required_level = models.PositiveSmallIntegerField(
        _("level required"), choices=SkillLevel.choices, default=SkillLevel.AUTONOMOUS
    )
    mandatory = models.BooleanField(_("mandatory"), default=True)
    note = models.TextField(
        _("how the gap is closed"),
        blank=True,
        help_text=_("Training planned, tutoring, date of the next session…"),
    )
    individual = models.BooleanField(
        _("individual requirement"),
        default=True,
        editable=False,
        help_text=_("Added by hand for this person, not drawn from a job, unit or process."),
    )
    requirements = models.ManyToManyField(
        CompetenceRequirement,
        verbose_name=_("required by"),
        blank=True,
        editable=False,
        related_name="qualifications",
    )
    person_skill = models.ForeignKey(
        PersonSkill,
        verbose_name=_("skill held"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="qualifications",
        editable=False,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=QualificationStatus.choices,
        default=QualificationStatus.MISSING,
        editable=False,
    )
    since = models.DateField(_("in this status since"), null=True, blank=True, editable=False)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, editable=False)
    checked_on = models.DateField(_("checked on"), null=True, blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("qualification against a requirement")
        verbose_name_plural = _("qualifications and gaps")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("trnqua", f)
                for f in (
                    "reference",
                    "person",
                    "skill",
                    "status",
                    "mandatory",
                    "required_level",
                    "expires_on",
                    "since",
                    "checked_on",
                    "individual",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.skill.code} — {self.person}".strip()

    @property
    def is_gap(self) -> bool:
        return self.status != QualificationStatus.HELD

    def clean(self) -> None:
        # One individual requirement per person and skill, on every path (form, API, import).
        if self.individual and not self.is_archived and _another_active(self, individual=True):
            raise ValidationError(
                {"skill": _("This skill is already required of this person individually.")}
            )

    def save(self, *args, assessed: bool = False, **kwargs) -> None:
        """Compute the status from the skill the person holds, for today (unless the caller
        has just done it: `assessed`)."""
        if kwargs.get("update_fields") is None and not assessed:
            from amelio.training.competences import assess, today

            assess(self, today())
        super().save(*args, **kwargs)


def _another_active(record, **extra) -> bool:
    """Whether another active record of the same model names the same person and skill."""
    if not (record.person_id and record.skill_id):
        return False
    others = type(record)._base_manager.filter(
        archived_at__isnull=True, person_id=record.person_id, skill_id=record.skill_id
    )
    others = others.filter(**{k: v for k, v in extra.items() if k != "person"})
    if record.pk is not None:
        others = others.exclude(pk=record.pk)
    return others.exists()
