"""The legal register (veille réglementaire): the texts a company faces, the requirements
drawn from each, whether each text applies to each site (proposed from the site's own facts by
the texts' applicability rules, then accepted or rejected by the coordinator), and the periodic
evaluation of conformity to each requirement, site by site."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.compliance.facts import FACTS
from amelio.core.models import Actionable, Record, active_index


class Domain(models.TextChoices):
    QUALITY = "quality", _("Quality")
    HEALTH_SAFETY = "health_safety", _("Health and safety")
    ENVIRONMENT = "environment", _("Environment")
    ENERGY = "energy", _("Energy")


class TextStatus(models.TextChoices):
    IN_FORCE = "in_force", pgettext_lazy("legal text status", "In force")
    AMENDED = "amended", pgettext_lazy("legal text status", "Amended")
    REPEALED = "repealed", pgettext_lazy("legal text status", "Repealed")


class Confidence(models.TextChoices):
    CONFIRMED = "C", _("Confirmed")
    SECONDARY = "S", _("Secondary source")
    VERIFY = "V", _("To verify")


class WebAddressField(models.URLField):
    """An address typed without its scheme is taken as https (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class LegalText(Actionable, Record):
    """A law, decree, order or European regulation: where to read it, what it is about, in
    our own words, and whether it is still in force (with the text replacing it)."""

    REFERENCE_PREFIX = "TXT"
    # The company's library is read by its sites (core.permissions.shared_scope).
    SHARED_WITH_UNITS_BELOW = True
    ACTION_ROLE = "preventive"

    title = models.CharField(_("title"), max_length=300)
    citation = models.CharField(
        pgettext_lazy("legal text", "legal reference"),
        max_length=300,
        help_text=_("Code and articles, or decree or order with its date, as usually cited."),
    )
    nor = models.CharField(
        _("NOR"), max_length=20, blank=True, help_text=_("Identifier of the Journal officiel.")
    )
    source_url = WebAddressField(
        _("source"), max_length=500, blank=True, help_text=_("Légifrance, EUR-Lex…")
    )
    domain = models.CharField(_("domain"), max_length=14, choices=Domain.choices)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    applies_from = models.DateField(_("applies from"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("legal text", "status"),
        max_length=10,
        choices=TextStatus.choices,
        default=TextStatus.IN_FORCE,
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    summary = models.TextField(_("summary"), blank=True)
    confidence = models.CharField(
        _("confidence"),
        max_length=1,
        choices=Confidence.choices,
        default=Confidence.CONFIRMED,
        help_text=_("How far the facts of this entry were checked against the text."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    library_key = models.CharField(
        _("library key"), max_length=60, blank=True, editable=False, db_index=True
    )

    class Meta(Record.Meta):
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cmptxt", f)
                for f in (
                    "reference",
                    "title",
                    "domain",
                    "status",
                    "published_on",
                    "updated_at",
                    "confidence",
                    "theme",
                )
            ],
        ]

    def clean(self) -> None:
        errors: dict = {}
        if self.replaced_by_id and self.pk and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("A text cannot replace itself.")
        if self.published_on and self.applies_from and self.applies_from < self.published_on:
            errors["applies_from"] = _("A text applies on or after its publication.")
        if errors:
            raise ValidationError(errors)


class LegalRequirement(Record):
    """One obligation drawn from a text, checkable on its own, with its periodicity where
    the text sets one (an inspection, an update, a declaration)."""

    REFERENCE_PREFIX = "EXI"
    # The company's library is read by its sites (core.permissions.shared_scope).
    SHARED_WITH_UNITS_BELOW = True

    text = models.ForeignKey(
        LegalText,
        verbose_name=_("legal text"),
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    title = models.CharField(pgettext_lazy("legal requirement", "requirement"), max_length=300)
    article = models.CharField(_("article"), max_length=60, blank=True)
    details = models.TextField(_("details"), blank=True)
    periodicity_months = models.PositiveSmallIntegerField(
        _("periodicity (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Only where the text sets one; otherwise the evaluation cycle applies."),
    )

    class Meta(Record.Meta):
        verbose_name = _("legal requirement")
        verbose_name_plural = _("legal requirements")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cmpreq", f)
                for f in ("reference", "title", "text", "article", "periodicity_months")
            ],
        ]

    def clean(self) -> None:
        if self.outside(getattr(self, "text", None)):
            raise ValidationError({"org_unit": _("A requirement belongs to its text's unit.")})


class Operator(models.TextChoices):
    PRESENT = "present", _("is present")
    ABSENT = "absent", _("is absent")
    GTE = "gte", _("is at least")
    LT = "lt", _("is less than")
    IN = "in", _("is one of")
    EQ = "eq", _("equals")


FACT_CHOICES = [(key, fact.label) for key, fact in FACTS.items()]


class TextRule(Record):
    """One condition on a fact Amelio holds about a site. The conditions of a text with the
    same group number must all hold; the text is proposed when any group holds."""

    REFERENCE_PREFIX = "RGL"
    # The company's library is read by its sites (core.permissions.shared_scope).
    SHARED_WITH_UNITS_BELOW = True

    text = models.ForeignKey(
        LegalText,
        verbose_name=_("legal text"),
        on_delete=models.PROTECT,
        related_name="rules",
    )
    group = models.PositiveSmallIntegerField(
        _("group"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Conditions of one group must all hold; any group proposes the text."),
    )
    fact = models.CharField(_("fact"), max_length=30, choices=FACT_CHOICES)
    parameter = models.CharField(
        _("parameter"),
        max_length=40,
        blank=True,
        help_text=_("The rubrique, equipment category, energy, risk family or declared fact."),
    )
    operator = models.CharField(_("operator"), max_length=8, choices=Operator.choices)
    value = models.CharField(
        pgettext_lazy("rule", "value"),
        max_length=100,
        blank=True,
        help_text=_("A number, or values separated by commas for “is one of”."),
    )

    class Meta(Record.Meta):
        verbose_name = _("applicability rule")
        verbose_name_plural = _("applicability rules")
        ordering = ["text", "group", "id"]
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cmprgl", f)
                for f in ("reference", "text", "fact", "group", "operator")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.condition}".strip()

    @property
    def condition(self) -> str:
        """The condition in words, in the reader's language."""
        from amelio.compliance.facts import describe_condition

        return describe_condition(self)

    def clean(self) -> None:
        from amelio.compliance.facts import condition_errors

        errors = condition_errors(self.fact, self.parameter, self.operator, self.value)
        if self.outside(getattr(self, "text", None)):
            errors["org_unit"] = _("A rule belongs to its text's unit.")
        if errors:
            raise ValidationError(errors)


class Decision(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("applicability", "Proposed")
    APPLICABLE = "applicable", pgettext_lazy("applicability", "Applicable")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("applicability", "Not applicable")


class Result(models.TextChoices):
    CONFORM = "conform", pgettext_lazy("conformity", "Conform")
    PARTIAL = "partial", pgettext_lazy("conformity", "Partially conform")
    NOT_CONFORM = "not_conform", pgettext_lazy("conformity", "Not conform")
    NOT_EVALUATED = "not_evaluated", pgettext_lazy("conformity", "Not evaluated")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("conformity", "Not applicable")


class Applicability(Actionable, Record):
    """Whether a text applies to a site, and why. Proposed by the rules from the site's
    facts (and proposed again when the facts change), decided by the coordinator; it carries
    the site's conformity to the text, from the latest evaluation of each requirement."""

    REFERENCE_PREFIX = "APL"
    ACTION_ROLE = "corrective"
    # Set by `services.decide`, which fills the decision fields itself.
    _decided = False

    text = models.ForeignKey(
        LegalText,
        verbose_name=_("legal text"),
        on_delete=models.PROTECT,
        related_name="applicabilities",
    )
    decision = models.CharField(
        _("decision"), max_length=14, choices=Decision.choices, default=Decision.PROPOSED
    )
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("Why the text applies or not: the installations, people or activities."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    matched_facts = models.TextField(_("facts found"), blank=True, editable=False)
    facts_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    rule_matches = models.BooleanField(_("the rules match"), default=False, editable=False)
    conformity = models.CharField(
        _("conformity"),
        max_length=14,
        choices=Result.choices,
        default=Result.NOT_EVALUATED,
        editable=False,
    )
    last_evaluated_on = models.DateField(
        _("last evaluated on"), null=True, blank=True, editable=False
    )
    next_evaluation_due = models.DateField(
        _("next evaluation due"), null=True, blank=True, editable=False
    )

    class Meta(Record.Meta):
        verbose_name = _("applicability to a site")
        verbose_name_plural = _("legal register of the sites")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cmpapl", f)
                for f in (
                    "reference",
                    "text",
                    "decision",
                    "conformity",
                    "last_evaluated_on",
                    "next_evaluation_due",
                )
            ],
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["text", "org_unit"],
                condition=models.Q(archived_at__isnull=True),
                name="cmp_applicability_one",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.text.title}".strip()

    def clean(self) -> None:
        errors: dict = {}
        unit = getattr(self, "org_unit", None)
        if self.decision == Decision.NOT_APPLICABLE and not self.justification.strip():
            errors["justification"] = _("Say why the text does not apply to this site.")
        text = getattr(self, "text", None)
        if text is not None and unit is not None and not unit.path.startswith(text.org_unit.path):
            errors["text"] = _("This text is not in the library of this site.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        from amelio.compliance import services

        if kwargs.get("update_fields") is None:
            self._record_decision()
        super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            services.refresh_applicability(self)

    def _record_decision(self) -> None:
        """A decision taken on any path (the site's page, the form, the API, an import) says
        who took it, when, and on which facts; `services.decide` fills them itself."""
        from amelio.compliance import services

        if getattr(self, "_decided", False) or self.decision == Decision.PROPOSED:
            return
        stored = (
            type(self).objects.filter(pk=self.pk).values_list("decision", flat=True).first()
            if self.pk
            else None
        )
        if stored == self.decision:
            return
        self.decided_by = self.updated_by
        self.decided_on = timezone.localdate()
        found = services.match_text(self.org_unit, self.text, self.decided_on)
        self.matched_facts = "\n".join(found.facts)
        self.facts_fingerprint = found.fingerprint
        self.rule_matches = found.matches


class Evaluation(Actionable, Record):
    """The conformity of a site to one requirement on a date, with its evidence; a gap
    becomes an action. The next evaluation falls due after the requirement's periodicity, or
    after the company's evaluation cycle."""

    REFERENCE_PREFIX = "EVC"
    ACTION_ROLE = "corrective"

    requirement = models.ForeignKey(
        LegalRequirement,
        verbose_name=pgettext_lazy("legal requirement", "requirement"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    evaluated_on = models.DateField(_("evaluated on"), default=timezone.localdate)
    result = models.CharField(_("result"), max_length=14, choices=Result.choices)
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What was seen; attach reports below or give the reference of a record."),
    )
    evidence_record = models.CharField(
        _("record as evidence"),
        max_length=32,
        blank=True,
        help_text=_("Reference of any record of Amelio, e.g. VER-2026-0012."),
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    next_due = models.DateField(_("next evaluation due"), null=True, blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("conformity evaluation")
        verbose_name_plural = _("conformity evaluations")
        ordering = ["-evaluated_on", "-id"]
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cmpevc", f)
                for f in ("reference", "requirement", "evaluated_on", "result", "next_due")
            ],
            models.Index(
                fields=["requirement", "org_unit", "-evaluated_on", "-id"],
                name="cmpevc_latest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.requirement.title}".strip()

    def clean(self) -> None:
        errors: dict = {}
        unit = getattr(self, "org_unit", None)
        requirement = getattr(self, "requirement", None)
        if (
            unit is not None
            and requirement is not None
            and not unit.path.startswith(requirement.org_unit.path)
        ):
            errors["requirement"] = _("This requirement is not in the library of this unit.")
        if self.evaluated_on and self.evaluated_on > timezone.localdate():
            errors["evaluated_on"] = _("An evaluation is recorded once it has been done.")
        gap = self.result in (Result.PARTIAL, Result.NOT_CONFORM)
        if gap and not self.evidence.strip():
            errors["evidence"] = _("Describe the gap found.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        from amelio.compliance import services

        if kwargs.get("update_fields") is None:
            self.next_due = services.evaluation_due(self)
        super().save(*args, **kwargs)
        # Archived or restored too: the conformity follows the active evaluations.
        services.refresh_after_evaluation(self)
