"""The DUERP (document unique d'évaluation des risques professionnels): the living document of
a site with its assessment lines per work unit, and the published versions, frozen for 40
years (Code du travail R4121-1 to R4121-4, DOMAIN.md §2)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index
from amelio.safety.workflows import duerp_workflow
from amelio.scoring.scored import Scored

LEVEL: dict = {"max_length": 30, "blank": True, "editable": False}


class Principle(models.IntegerChoices):
    """The nine general principles of prevention, in the order of Code du travail L4121-2."""

    AVOID = 1, _("1. Avoid the risks")
    EVALUATE = 2, _("2. Evaluate the risks that cannot be avoided")
    SOURCE = 3, _("3. Combat the risks at source")
    ADAPT = 4, _("4. Adapt the work to the person")
    PROGRESS = 5, _("5. Take account of technical progress")
    REPLACE = 6, _("6. Replace the dangerous by the less dangerous")
    PLAN = 7, _("7. Plan prevention as a coherent whole")
    COLLECTIVE = 8, _("8. Collective protection before individual protection")
    INSTRUCT = 9, _("9. Give appropriate instructions to workers")


REASONS = [
    ("first", _("First assessment")),
    ("annual", _("Annual update")),
    ("change", _("Major change in working conditions")),
    ("information", _("New information on a risk")),
    ("accident", _("After an accident")),
]


class Duerp(Actionable, Record):
    """The single risk-assessment document of a site (or of the whole organisation): its lines
    are the assessments of the work units below it. Publishing freezes a version."""

    REFERENCE_PREFIX = "DUERP"
    ACTION_ROLE = "preventive"

    title = models.CharField(_("title"), max_length=200)
    workflow = duerp_workflow

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=duerp_workflow.choices(),
        default=duerp_workflow.initial,
        editable=False,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.TextField(
        _("method"),
        blank=True,
        help_text=_("How the assessment was made: who took part, the work units, the scale."),
    )
    participants = models.TextField(
        _("participants"), blank=True, help_text=_("Workers, CSE, occupational health service.")
    )
    cse_consulted_on = models.DateField(_("CSE consulted on"), null=True, blank=True)
    update_reason = models.CharField(
        _("reason for the update"),
        max_length=20,
        choices=REASONS,
        default="annual",
        help_text=_("Recorded in the next published version."),
    )
    last_published_on = models.DateField(
        _("last published on"), null=True, blank=True, editable=False
    )
    next_review = models.DateField(
        _("next update due by"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("A year after the last version, from 11 employees (Code du travail R4121-2)."),
    )

    class Meta(Record.Meta):
        verbose_name = _("DUERP")
        verbose_name_plural = _("DUERPs")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("duerp", f)
                for f in ("reference", "title", "status", "last_published_on", "next_review")
            ],
        ]

    @property
    def headcount(self) -> int | None:
        return self.org_unit.headcount

    def locks_children(self) -> bool:
        """A published DUERP's lines are frozen until an update is started (being updated
        again, or in consultation, they may change)."""
        return self.status == "published"


class Assessment(Scored, Actionable, Record):
    """One line of the DUERP: in a work unit, for an activity, a hazard of a risk family, the
    hazardous situation, the possible harm, the measures in place (by principle of
    prevention), the rating on the matrix, and who is exposed. Planned measures are actions."""

    REFERENCE_PREFIX = "EVR"
    # Planned measures of the DUERP are preventive actions.
    ACTION_ROLE = "preventive"

    assessments = {"gross": ("gross_likelihood", "gross_severity", "gross_third")}

    duerp = models.ForeignKey(
        Duerp, verbose_name=_("DUERP"), on_delete=models.PROTECT, related_name="lines"
    )
    activity = models.CharField(_("activity or task"), max_length=200)
    family = models.ForeignKey(
        "safety.RiskFamily",
        verbose_name=_("risk family"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    hazard = models.CharField(_("hazard"), max_length=200)
    situation = models.TextField(_("hazardous situation"))
    damage = models.TextField(_("possible harm"), blank=True)
    existing_measures = models.TextField(_("prevention measures in place"), blank=True)
    principles = models.CharField(
        _("principles of prevention applied"),
        max_length=40,
        blank=True,
        help_text=_("Numbers of the general principles of prevention, e.g. 3,8,9."),
    )
    exposed = models.PositiveIntegerField(_("people exposed"), null=True, blank=True)
    pregnant_workers = models.BooleanField(_("pregnant or breastfeeding workers"), default=False)
    young_workers = models.BooleanField(_("young workers (under 18)"), default=False)
    temporary_workers = models.BooleanField(_("temporary workers"), default=False)
    matrix = models.ForeignKey(
        "scoring.ScoringMatrix",
        verbose_name=_("scoring matrix"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    gross_likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    gross_severity = models.PositiveSmallIntegerField(_("severity"))
    gross_third = models.PositiveSmallIntegerField(
        _("third factor"),
        null=True,
        blank=True,
        help_text=_("Only for matrices with a third factor (control level)."),
    )
    gross_score = models.PositiveIntegerField(_("criticity"), null=True, editable=False)
    gross_level = models.CharField(_("level"), **LEVEL)

    class Meta(Record.Meta):
        verbose_name = _("risk assessment line")
        verbose_name_plural = _("DUERP lines")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("safasm", f)
                for f in ("reference", "duerp", "family", "gross_score", "gross_level", "hazard")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.hazard}".strip()

    def clean(self) -> None:
        errors: dict = {}
        duerp = getattr(self, "duerp", None)
        if self.outside(duerp):
            errors["org_unit"] = _("This unit is not covered by the DUERP.")
        try:
            self.principle_numbers()
        except ValueError:
            errors["principles"] = _("Give numbers from 1 to 9 separated by commas.")
        family = getattr(self, "family", None)
        if not self.pk and family is not None and not family.active:
            errors["family"] = _("This risk family is no longer in use.")
        if errors:
            raise ValidationError(errors)
        self.principles = ",".join(str(n) for n in self.principle_numbers())
        self.score_assessments()

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is None:
            self.score_assessments()
        super().save(*args, **kwargs)

    def principle_numbers(self) -> list[int]:
        numbers = sorted({int(p) for p in self.principles.replace(" ", "").split(",") if p})
        if any(n not in Principle.values for n in numbers):
            raise ValueError(numbers)
        return numbers

    @property
    def principle_labels(self) -> list[str]:
        try:
            return [str(Principle(n).label) for n in self.principle_numbers()]
        except ValueError:
            return []

    @property
    def groups(self) -> list[str]:
        """The specific groups exposed, as a person reads them."""
        names = ("pregnant_workers", "young_workers", "temporary_workers")
        labels = {f.name: str(f.verbose_name) for f in self._meta.fields if f.name in names}
        return [labels[n] for n in names if getattr(self, n)]

    @property
    def criticity(self):
        from amelio.scoring.templatetags.scoring import level_badge

        return level_badge(self.level_info("gross"), self.gross_score)


class ImmutableError(Exception):
    """A published DUERP version cannot be changed or removed."""


class VersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("A published DUERP version cannot be altered.")

    def delete(self):
        raise ImmutableError("A published DUERP version is kept 40 years.")


class DuerpVersion(models.Model):
    """A published version of a DUERP: the lines and actions as they were, with the PDF, its
    date, its author and its checksum. Never altered (the model and a database trigger refuse
    it) and kept 40 years from its drafting (Code du travail R4121-4)."""

    duerp = models.ForeignKey(
        Duerp, verbose_name=_("DUERP"), on_delete=models.PROTECT, related_name="versions"
    )
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_name = models.CharField(_("author"), max_length=200)
    reason = models.CharField(_("reason for the update"), max_length=20, choices=REASONS)
    note = models.TextField(_("what changed"), blank=True)
    data = models.JSONField(_("content"))
    pdf = models.BinaryField(_("PDF"), blank=True)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("published DUERP version")
        verbose_name_plural = _("published DUERP versions")
        ordering = ["duerp", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["duerp", "number"], name="safety_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.duerp.reference} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableError("A published DUERP version cannot be altered.")
        self.checksum = self.compute_checksum()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("A published DUERP version is kept 40 years.")

    def compute_checksum(self) -> str:
        digest = hashlib.sha256(json.dumps(self.data, sort_keys=True).encode())
        digest.update(bytes(self.pdf or b""))
        return digest.hexdigest()

    @property
    def intact(self) -> bool:
        return self.compute_checksum() == self.checksum
