"""Scoring matrices: versioned reference data (factors, scales, levels) evaluated by pure code.

A matrix is organisation-wide. Once a record refers to it, it is never edited again: a new
version is made instead, so that every stored score keeps the meaning it had when it was given.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from amelio.scoring import computations

PROBLEM_MESSAGES = {
    "factor_count": _("A matrix has 2 or 3 factors (here: %(count)s)."),
    "factor_keys": _("Each factor needs its own key."),
    "scale_size": _("The scale of “%(factor)s” has %(count)s values; it needs 3 to 10."),
    "scale_not_positive": _("The values of “%(factor)s” must be whole numbers above zero."),
    "scale_not_increasing": _("The values of “%(factor)s” must go up, lowest first."),
    "text_missing": _("“%(where)s” needs a label in %(language)s."),
    "method": _("Unknown way of forming the score: %(method)s."),
    "grid_needs_two_factors": _("A lookup grid is only possible with 2 factors."),
    "grid_shape": _("The grid must have %(rows)s rows of %(columns)s scores."),
    "grid_not_positive": _("The scores of the grid must be whole numbers above zero."),
    "grid_not_monotonic": _("The scores of the grid must not go down when a factor goes up."),
    "no_levels": _("The matrix needs at least one level."),
    "level_keys": _("Each level needs its own key."),
    "level_colour": _("The colour of level “%(level)s” must be written #rrggbb."),
    "level_range": _("Level “%(level)s” needs a minimum score not above its maximum."),
    "levels_not_ascending": _(
        "Levels are listed lowest first; “%(level)s” overlaps the one before."
    ),
    "score_coverage": _(
        "The score %(score)s must fall in exactly one level (levels holding it: %(count)s)."
    ),
    "escalation_factor": _("An escalation names an unknown factor or value: %(factor)s."),
    "escalation_level": _("An escalation names an unknown level: %(level)s."),
}


def problem_messages(definition: Any) -> list[str]:
    """What is wrong with a definition, in the user's language."""
    if not isinstance(definition, dict):
        return [str(_("The definition must be a JSON object."))]
    try:
        problems = computations.validate(definition)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return [str(_("The definition is not shaped as a scoring matrix."))]
    return [str(PROBLEM_MESSAGES[p.code] % p.params) for p in problems]


def localised(texts: Any) -> str:
    """The text of a {"fr": ..., "en": ...} mapping in the active language (French fallback)."""
    if not isinstance(texts, dict):
        return str(texts or "")
    language = (translation.get_language() or "fr")[:2]
    return str(texts.get(language) or texts.get("fr") or texts.get("en") or "")


class ScoringMatrix(models.Model):
    """A versioned scoring matrix: 2 or 3 factors with their scales, how the score is formed
    (product or lookup grid) and the levels with their thresholds, colours and acceptability.
    The definition is validated JSON (see `amelio.scoring.computations` and decision 0011)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_USE = "in_use", _("In use")
        RETIRED = "retired", _("Retired")

    code = models.CharField(_("code"), max_length=30, help_text=_("e.g. PG-4x4"))
    version = models.PositiveIntegerField(_("version"), default=1)
    # "PG-4x4 v2": how exports and imports of scored records name the matrix.
    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    purpose_fr = models.TextField(_("purpose (French)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the scales come from.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    definition = models.JSONField(_("definition"))
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated on"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("scoring matrix")
        verbose_name_plural = _("scoring matrices")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="scoring_matrix_version")
        ]
        indexes = [models.Index(fields=["status", "code"], name="scoring_matrix_status")]

    def __str__(self) -> str:
        return self.reference or f"{self.code} v{self.version}"

    def save(self, *args, **kwargs) -> None:
        self.reference = f"{self.code} v{self.version}"
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return localised({"fr": self.name_fr, "en": self.name_en})

    @property
    def purpose(self) -> str:
        return localised({"fr": self.purpose_fr, "en": self.purpose_en})

    def clean(self) -> None:
        messages = problem_messages(self.definition)
        if messages:
            raise ValidationError({"definition": messages})

    @property
    def is_used(self) -> bool:
        """Whether any record refers to this matrix (then it is never edited again)."""
        for relation in self._meta.related_objects:
            if relation.related_model is ScoringMatrix or not relation.one_to_many:
                continue
            if relation.related_model._default_manager.filter(
                **{relation.field.name: self}
            ).exists():
                return True
        return False

    @property
    def factors(self) -> list[Any]:
        return computations.factors(self.definition)

    @property
    def levels(self) -> list[Any]:
        return computations.levels(self.definition)

    def evaluate(self, values) -> computations.Result:
        """Score and level of factor values (raises `computations.OutOfScale`)."""
        return computations.evaluate(self.definition, list(values))

    def level(self, key: str) -> dict | None:
        found = computations.level(self.definition, key)
        return dict(found) if found else None
