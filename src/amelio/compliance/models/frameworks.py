"""Standards frameworks and gap assessments (état des lieux).

A framework is a clause tree (numbers and short titles only, never the standard's text) with
audit questions in our own words, shipped as versioned data files or added by the user. Clauses
of different frameworks that carry the same `shared` key are one requirement on the shared
structure: answered once in a site's assessment, they are shown as covered in every framework.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from amelio.compliance.workflows import assessment_workflow
from amelio.core.models import Actionable, Record, active_index


class Framework(Record):
    """A standard or a reference framework (ISO 9001, MASE, a customer's requirements…)."""

    REFERENCE_PREFIX = "REF"
    # The company's library is read by its sites (core.permissions.shared_scope).
    SHARED_WITH_UNITS_BELOW = True

    key = models.SlugField(_("key"), max_length=40, editable=False)
    name = models.CharField(_("name"), max_length=120)
    edition = models.CharField(_("edition"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    shipped = models.BooleanField(_("shipped with Amelio"), default=False, editable=False)
    data_version = models.CharField(_("version"), max_length=80, blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("standards framework")
        verbose_name_plural = _("standards frameworks")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("cmpfwk", f) for f in ("reference", "name", "key", "shipped")],
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(archived_at__isnull=True),
                name="cmp_framework_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}:{self.edition}" if self.edition else self.name

    def save(self, *args, **kwargs) -> None:
        if not self.key:
            self.key = self._free_key(slugify(f"{self.name} {self.edition}")[:30] or "framework")
        super().save(*args, **kwargs)

    def _free_key(self, base: str) -> str:
        taken = set(
            Framework.objects.active().filter(key__startswith=base).values_list("key", flat=True)
        )
        key, count = base, 1
        while key in taken:
            count += 1
            key = f"{base}-{count}"
        return key


class Clause(models.Model):
    """One clause of a framework: its number, short title and the auditor's question."""

    # Picked (in forms and the API) among the clauses of the frameworks the user may see.
    scope_parent = "framework"

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("standards framework"),
        on_delete=models.CASCADE,
        related_name="clauses",
    )
    number = models.CharField(_("clause"), max_length=20)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    shared = models.CharField(
        _("shared requirement"),
        max_length=40,
        blank=True,
        help_text=_("Clauses of other frameworks with the same key are the same requirement."),
    )
    question_fr = models.TextField(_("question (French)"), blank=True)
    question_en = models.TextField(_("question (English)"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    leaf = models.BooleanField(_("assessed"), default=True)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["framework", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="cmp_clause_number")
        ]
        indexes = [models.Index(fields=["shared"], name="cmp_clause_shared")]

    def __str__(self) -> str:
        return f"{self.framework} §{self.number} {self.title}"

    @classmethod
    def find_for_import(cls, text: str) -> Clause | None:
        """The clause written "<framework> §<number> <title>", the framework by its name
        (with its edition after a colon) or its key."""
        framework, _sep, rest = text.partition("§")
        number = rest.split()[0] if rest.split() else ""
        name, _colon, edition = framework.strip().partition(":")
        clauses = cls.objects.filter(number=number, framework__archived_at__isnull=True)
        by_name = clauses.filter(framework__name__iexact=name.strip())
        if edition:
            by_name = by_name.filter(framework__edition__iexact=edition.strip())
        return by_name.first() or clauses.filter(framework__key__iexact=name.strip()).first()

    @property
    def title(self) -> str:
        english = (get_language() or "fr").startswith("en")
        return (self.title_en if english else self.title_fr) or self.title_fr or self.title_en

    @property
    def question(self) -> str:
        english = (get_language() or "fr").startswith("en")
        return (self.question_en if english else self.question_fr) or self.question_fr

    @property
    def chapter(self) -> str:
        return self.number.split(".")[0]


class GapAssessment(Actionable, Record):
    """The state of a site against a framework on a date: each clause answered, scores per
    chapter, the statement of applicability, and actions for the gaps."""

    REFERENCE_PREFIX = "EDL"
    ACTION_ROLE = "corrective"

    title = models.CharField(_("title"), max_length=200)
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("standards framework"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scope = models.TextField(_("scope"), blank=True)
    status = models.CharField(
        pgettext_lazy("gap assessment", "status"),
        max_length=12,
        choices=assessment_workflow.choices(),
        default=assessment_workflow.initial,
        editable=False,
    )

    workflow = assessment_workflow

    class Meta(Record.Meta):
        verbose_name = _("gap assessment")
        verbose_name_plural = _("gap assessments")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cmpedl", f)
                for f in ("reference", "title", "framework", "assessed_on", "status")
            ],
        ]

    def locks_children(self) -> bool:
        return self.status == "completed"


class ClauseResult(models.TextChoices):
    CONFORM = "conform", pgettext_lazy("conformity", "Conform")
    PARTIAL = "partial", pgettext_lazy("conformity", "Partially conform")
    NOT_CONFORM = "not_conform", pgettext_lazy("conformity", "Not conform")
    NOT_ASSESSED = "not_assessed", pgettext_lazy("clause", "Not assessed")


class ClauseAnswer(Actionable, Record):
    """The answer to one clause in a gap assessment: result, maturity 0–5, evidence; or its
    exclusion from the statement of applicability, with the reason."""

    REFERENCE_PREFIX = "EDLR"
    ACTION_ROLE = "corrective"

    assessment = models.ForeignKey(
        GapAssessment,
        verbose_name=_("gap assessment"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), on_delete=models.PROTECT, related_name="answers"
    )
    result = models.CharField(
        _("result"), max_length=12, choices=ClauseResult.choices, default="not_assessed"
    )
    maturity = models.PositiveSmallIntegerField(
        _("maturity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
        help_text=_("0 nothing in place … 5 optimised and improving."),
    )
    applicable = models.BooleanField(_("applicable"), default=True)
    exclusion_reason = models.TextField(_("reason for the exclusion"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("clause answer")
        verbose_name_plural = _("clause answers")
        ordering = ["assessment", "clause__position", "id"]
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cmpans", f)
                for f in ("reference", "assessment", "clause", "result", "maturity", "applicable")
            ],
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "clause"],
                condition=models.Q(archived_at__isnull=True),
                name="cmp_answer_one",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} §{self.clause.number} {self.clause.title}".strip()

    def clean(self) -> None:
        errors: dict = {}
        assessment = getattr(self, "assessment", None)
        clause = getattr(self, "clause", None)
        if self.outside(assessment):
            errors["org_unit"] = _("An answer belongs to its assessment's unit.")
        if (
            assessment is not None
            and clause is not None
            and clause.framework_id != assessment.framework_id
        ):
            errors["clause"] = _("This clause is not in the assessment's framework.")
        if not self.applicable and not self.exclusion_reason.strip():
            errors["exclusion_reason"] = _("Say why the clause does not apply.")
        if errors:
            raise ValidationError(errors)
