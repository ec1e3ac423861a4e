"""HAZOP studies (IEC 61882; DOMAIN.md 9.3): a team goes through an installation node by node;
for each node it combines the process parameters (flow, level, pH...) with guide words (no,
more, less...) into deviations from the design intent, and for each deviation writes the
causes, the consequences and the safeguards in place, ranks the risk on the study's matrix
(likelihood x severity) and makes recommendations, followed up as actions.

The guide words and the usual parameters are versioned reference data shipped in
`data/hazop_guide_words.json` (IEC 61882), installed by `reference_data.install_hazop`;
the coordinator may reword them or add a parameter."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index
from amelio.riskanalysis import computations_hazop as hazop
from amelio.riskanalysis.models.study import Study
from amelio.scoring.scored import Scored

PERSON: dict[str, Any] = {
    "null": True,
    "blank": True,
    "on_delete": models.SET_NULL,
    "related_name": "+",
}


def _in_french() -> bool:
    return (get_language() or "fr").startswith("fr")


class HazopGuideWord(models.Model):
    """A guide word of IEC 61882 (no, more, less, as well as...), with its meaning and the
    pattern of the deviations it makes, in French and English."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    label_fr = models.CharField(_("guide word (French)"), max_length=60)
    label_en = models.CharField(_("guide word (English)"), max_length=60)
    meaning_fr = models.CharField(_("meaning (French)"), max_length=200, blank=True)
    meaning_en = models.CharField(_("meaning (English)"), max_length=200, blank=True)
    deviation_fr = models.CharField(_("deviation pattern (French)"), max_length=120)
    deviation_en = models.CharField(_("deviation pattern (English)"), max_length=120)
    active = models.BooleanField(_("in use"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("HAZOP guide word")
        verbose_name_plural = _("HAZOP guide words")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_fr if _in_french() else self.label_en

    @property
    def meaning(self) -> str:
        return self.meaning_fr if _in_french() else self.meaning_en

    @classmethod
    def find_for_import(cls, text: str) -> HazopGuideWord | None:
        """A guide word named as exports write it, in either language, or by its code."""
        words = cls.objects.all()
        return (
            words.filter(label_fr__iexact=text).first()
            or words.filter(label_en__iexact=text).first()
            or words.filter(code__iexact=text).first()
        )

    def spec(self) -> hazop.GuideWord:
        return hazop.GuideWord(self.code, {"fr": self.deviation_fr, "en": self.deviation_en})


class HazopParameter(models.Model):
    """A process parameter a deviation is about (flow, pressure, level, pH...), the guide
    words that make sense with it and its own wording of some deviations."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    feminine = models.BooleanField(
        _("feminine in French"), default=False, help_text=_("“Pression trop élevée”.")
    )
    guide_words = models.ManyToManyField(
        HazopGuideWord,
        verbose_name=_("guide words that make sense"),
        blank=True,
        related_name="+",
        help_text=_("None: every guide word is offered."),
    )
    wordings = models.JSONField(
        _("own wordings"),
        default=dict,
        blank=True,
        help_text=_("Guide word code -> {“fr”: ..., “en”: ...}, e.g. “Pas de niveau (cuve vide)”."),
    )
    active = models.BooleanField(_("in use"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("HAZOP parameter")
        verbose_name_plural = _("HAZOP parameters")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return hazop.capitalised(self.name_fr if _in_french() else self.name_en)

    def spec(self) -> hazop.Parameter:
        return hazop.Parameter(
            names={"fr": self.name_fr, "en": self.name_en},
            feminine=self.feminine,
            guide_words=tuple(g.code for g in self.guide_words.all()),
            wordings=self.wordings or {},
        )


class HazopStudy(Study):
    """A HAZOP study of an installation: the team, the scope, the P&IDs it works on, the
    matrix its deviations are ranked on, and the revision. Approving it freezes its
    deviations; a new revision reopens them."""

    REFERENCE_PREFIX = "HAZOP"
    CONTENT = "deviations"
    ACTION_ROLE = "preventive"

    title = models.CharField(_("title"), max_length=200)
    installation = models.CharField(
        _("installation"),
        max_length=200,
        help_text=_("The unit, line or equipment studied, e.g. Surface-treatment line 1."),
    )
    scope = models.TextField(
        _("scope"),
        blank=True,
        help_text=_("Boundaries of the study, operating modes covered, what is left out."),
    )
    drawings = models.TextField(
        _("drawings"),
        blank=True,
        help_text=_("P&IDs and other drawings studied, with their revision."),
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("leader"), **PERSON)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="+"
    )
    other_members = models.TextField(
        _("other members"),
        blank=True,
        help_text=_("People without an account: designer, contractor, consultant."),
    )
    matrix = models.ForeignKey(
        "scoring.ScoringMatrix",
        verbose_name=_("scoring matrix"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Likelihood and severity scales the deviations are ranked on."),
    )

    class Meta(Record.Meta):
        verbose_name = _("HAZOP study")
        verbose_name_plural = _("HAZOP studies")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("rahzs", f)
                for f in ("reference", "title", "installation", "owner", "status", "next_review")
            ],
        ]

    def clean(self) -> None:
        matrix = getattr(self, "matrix", None)
        if matrix is not None and len(matrix.factors) != 2:
            raise ValidationError(
                {"matrix": _("Choose a matrix with two factors: likelihood and severity.")}
            )


class HazopNode(models.Model):
    """A part of the installation studied as a whole (a tank, a line between two items), with
    its design intent and the design values of its parameters. Edited on the study's page."""

    scope_parent = "study"

    study = models.ForeignKey(
        HazopStudy, verbose_name=_("HAZOP study"), on_delete=models.CASCADE, related_name="nodes"
    )
    position = models.PositiveIntegerField(_("number"), default=0)
    name = models.CharField(_("node"), max_length=200)
    drawing = models.CharField(
        _("drawing"), max_length=100, blank=True, help_text=_("P&ID sheet, e.g. PID-TS-02 rev. C")
    )
    design_intent = models.TextField(
        _("design intent"),
        blank=True,
        help_text=_("What the node is meant to do, e.g. keep the degreasing bath at 60 °C."),
    )
    design_values = models.TextField(
        _("design values"),
        blank=True,
        help_text=_("Design value or range of each parameter: flow, temperature, level, pH..."),
    )

    class Meta:
        verbose_name = _("HAZOP node")
        verbose_name_plural = _("HAZOP nodes")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}" if self.position else self.name

    @classmethod
    def find_for_import(cls, text: str) -> HazopNode | None:
        """A node named as exports write it ("2. Pickling tank"), or by its name alone."""
        number, _dot, name = text.partition(". ")
        if number.isdigit() and name:
            found = cls.objects.filter(position=int(number), name__iexact=name).first()
            if found is not None:
                return found
        return cls.objects.filter(name__iexact=text).first()


class HazopDeviation(Scored, Actionable, Record):
    """One row of the HAZOP worksheet: in a node, a parameter and a guide word make a
    deviation; its causes, consequences and safeguards in place; the risk ranked on the
    study's matrix; the recommendations, followed up as actions."""

    REFERENCE_PREFIX = "DEV"
    ACTION_ROLE = "preventive"

    assessments = {"risk": ("likelihood", "severity")}
    # A row added from the worksheet is ranked once the team has discussed it.
    optional_assessments = ("risk",)

    study = models.ForeignKey(
        HazopStudy,
        verbose_name=_("HAZOP study"),
        on_delete=models.PROTECT,
        related_name="deviations",
    )
    node = models.ForeignKey(
        HazopNode, verbose_name=_("node"), on_delete=models.PROTECT, related_name="deviations"
    )
    parameter = models.ForeignKey(
        HazopParameter, verbose_name=_("parameter"), on_delete=models.PROTECT, related_name="+"
    )
    guide_word = models.ForeignKey(
        HazopGuideWord, verbose_name=_("guide word"), on_delete=models.PROTECT, related_name="+"
    )
    deviation = models.CharField(
        _("deviation"),
        max_length=300,
        blank=True,
        help_text=_("Left empty, it is written from the parameter and the guide word."),
    )
    causes = models.TextField(_("causes"), blank=True)
    consequences = models.TextField(_("consequences"), blank=True)
    safeguards = models.TextField(
        _("safeguards"),
        blank=True,
        help_text=_("Barriers in place: alarms, interlocks, relief, procedures."),
    )
    likelihood = models.PositiveSmallIntegerField(_("likelihood (L)"), null=True, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity (S)"), null=True, blank=True)
    risk_score = models.PositiveIntegerField(_("risk"), null=True, editable=False)
    risk_level = models.CharField(_("risk level"), max_length=30, blank=True, editable=False)
    recommendations = models.TextField(
        _("recommendations"),
        blank=True,
        help_text=_("What the team recommends; follow it up with actions below."),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), **PERSON
    )

    class Meta(Record.Meta):
        verbose_name = _("HAZOP deviation")
        verbose_name_plural = _("HAZOP deviations")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("rahzd", f)
                for f in (
                    "reference",
                    "study",
                    "parameter",
                    "guide_word",
                    "risk_score",
                    "risk_level",
                    "responsible",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.deviation}".strip()

    @property
    def matrix(self):
        study = getattr(self, "study", None) if self.study_id else None
        return study.matrix if study is not None else None

    @property
    def matrix_id(self):
        study = getattr(self, "study", None) if self.study_id else None
        return study.matrix_id if study is not None else None

    def clean(self) -> None:
        errors: dict = {}
        study = getattr(self, "study", None) if self.study_id else None
        if self.outside(study):
            errors["org_unit"] = _("This unit is not covered by the HAZOP study.")
        if self.node_id and self.study_id and self.node.study_id != self.study_id:
            errors["node"] = _("Choose a node of this HAZOP study.")
        if (self.likelihood is None) != (self.severity is None):
            errors["likelihood"] = _("Give both the likelihood and the severity, or neither.")
        if errors:
            raise ValidationError(errors)
        self.suggest_deviation()
        self.score_assessments()

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is None:
            self.suggest_deviation()
            self.score_assessments()
        super().save(*args, **kwargs)

    def suggest_deviation(self) -> None:
        """Write the deviation from the parameter and the guide word when it is left empty,
        in the language of the page."""
        if self.deviation.strip() or not (self.parameter_id and self.guide_word_id):
            return
        language = "fr" if _in_french() else "en"
        self.deviation = hazop.suggest_deviation(
            self.parameter.spec(), self.guide_word.spec(), language
        )

    @property
    def risk(self):
        """The coloured badge of the ranking (score and level)."""
        from amelio.scoring.templatetags.scoring import level_badge

        return level_badge(self.level_info("risk"), self.risk_score)
