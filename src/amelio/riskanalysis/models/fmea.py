"""FMEA (AMDEC): a process or design analysis by a team, and its lines, each a chain item or
process step -> function -> failure mode -> effect -> cause, with the controls in place, the
severity, occurrence and detection ratings on the study's matrix (the shipped AMDEC-SOD
1-10 scales by default), the recommended action and the re-rating once actions are done.
Every change of a rating is kept in the line's rating history (`FmeaRating`)."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.riskanalysis import computations
from amelio.riskanalysis.models.study import Study
from amelio.scoring.scored import Scored

PERSON: dict[str, Any] = {
    "null": True,
    "blank": True,
    "on_delete": models.SET_NULL,
    "related_name": "+",
}
LEVEL: dict[str, Any] = {"max_length": 30, "blank": True, "editable": False}
RATING_FIELDS = (
    "severity",
    "occurrence",
    "detection",
    "revised_severity",
    "revised_occurrence",
    "revised_detection",
)


class FmeaKind(models.TextChoices):
    PROCESS = "process", _("Process FMEA")
    DESIGN = "design", _("Design FMEA")


class Classification(models.TextChoices):
    """Special characteristics flagged on a line (AIAG practice)."""

    NONE = "", _("None")
    CRITICAL = "CC", _("Critical characteristic (safety, regulation)")
    SIGNIFICANT = "SC", _("Significant characteristic (fit, function)")


class Fmea(Study):
    """An FMEA study: what it covers, the team, the matrix its lines are rated on, and the
    revision. Approving it freezes its lines; a new revision reopens them."""

    REFERENCE_PREFIX = "AMDEC"
    ACTION_ROLE = "preventive"

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("type of FMEA"), max_length=10, choices=FmeaKind.choices, default=FmeaKind.PROCESS
    )
    item = models.CharField(
        _("product, part or process"),
        max_length=200,
        help_text=_("What is analysed: the part and its drawing, or the process and its line."),
    )
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.TextField(
        _("scope"), blank=True, help_text=_("What is in the analysis and what is left out.")
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("leader"), **PERSON)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="+"
    )
    other_members = models.TextField(
        _("other members"),
        blank=True,
        help_text=_("People without an account: customer, supplier, consultant."),
    )
    matrix = models.ForeignKey(
        "scoring.ScoringMatrix",
        verbose_name=_("scoring matrix"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Severity, occurrence and detection scales and the action thresholds."),
    )

    class Meta(Record.Meta):
        verbose_name = _("FMEA")
        verbose_name_plural = _("FMEAs")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("rafmea", f)
                for f in ("reference", "title", "kind", "owner", "status", "next_review")
            ],
        ]

    def clean(self) -> None:
        matrix = getattr(self, "matrix", None)
        if matrix is not None and len(matrix.factors) != 3:
            raise ValidationError(
                {
                    "matrix": _(
                        "Choose a matrix with three factors: severity, occurrence and detection."
                    )
                }
            )

    def rules(self) -> computations.Rules:
        """The action thresholds of the study's matrix."""
        return computations.rules_from_definition(self.matrix.definition)


class FmeaLine(Scored, Actionable, Record):
    """One line of an FMEA worksheet. The initial rating is made with the controls in place;
    the revised rating once the recommended actions are done."""

    REFERENCE_PREFIX = "AML"
    ACTION_ROLE = "preventive"

    assessments = {
        "initial": ("severity", "occurrence", "detection"),
        "revised": ("revised_severity", "revised_occurrence", "revised_detection"),
    }
    optional_assessments = ("revised",)

    fmea = models.ForeignKey(
        Fmea, verbose_name=_("FMEA"), on_delete=models.PROTECT, related_name="lines"
    )
    position = models.PositiveIntegerField(
        _("line number"), default=0, help_text=_("Order of the line in the worksheet.")
    )
    item = models.CharField(
        _("item or process step"), max_length=200, help_text=_("e.g. Op. 20 Turning")
    )
    function = models.TextField(
        pgettext_lazy("fmea", "function"),
        blank=True,
        help_text=_("What the item or step must do, with its requirement."),
    )
    failure_mode = models.CharField(_("failure mode"), max_length=300)
    effect = models.TextField(_("effect of the failure"))
    severity = models.PositiveSmallIntegerField(_("severity (S)"))
    classification = models.CharField(
        _("class"), max_length=2, choices=Classification.choices, blank=True
    )
    cause = models.TextField(_("cause of the failure"))
    prevention_controls = models.TextField(_("current prevention controls"), blank=True)
    occurrence = models.PositiveSmallIntegerField(_("occurrence (O)"))
    detection_controls = models.TextField(_("current detection controls"), blank=True)
    detection = models.PositiveSmallIntegerField(_("detection (D)"))
    initial_score = models.PositiveIntegerField(_("RPN"), null=True, editable=False)
    initial_level = models.CharField(_("priority"), **LEVEL)
    recommended_action = models.TextField(_("recommended action"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), **PERSON
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    actions_taken = models.TextField(_("actions taken"), blank=True)
    revised_severity = models.PositiveSmallIntegerField(_("revised S"), null=True, blank=True)
    revised_occurrence = models.PositiveSmallIntegerField(_("revised O"), null=True, blank=True)
    revised_detection = models.PositiveSmallIntegerField(_("revised D"), null=True, blank=True)
    revised_score = models.PositiveIntegerField(_("revised RPN"), null=True, editable=False)
    revised_level = models.CharField(_("revised priority"), **LEVEL)

    class Meta(Record.Meta):
        verbose_name = _("FMEA line")
        verbose_name_plural = _("FMEA lines")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("rafml", f)
                for f in (
                    "reference",
                    "fmea",
                    "item",
                    "severity",
                    "initial_score",
                    "initial_level",
                    "revised_score",
                    "responsible",
                    "target_date",
                )
            ],
            models.Index(fields=["fmea", "position"], name="rafml_worksheet"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.failure_mode}".strip()

    @property
    def matrix(self):
        fmea = getattr(self, "fmea", None) if self.fmea_id else None
        return fmea.matrix if fmea is not None else None

    @property
    def matrix_id(self):
        fmea = getattr(self, "fmea", None) if self.fmea_id else None
        return fmea.matrix_id if fmea is not None else None

    def ratings_tuple(self) -> tuple:
        return tuple(getattr(self, name, None) for name in RATING_FIELDS)

    def clean(self) -> None:
        errors: dict = {}
        fmea = getattr(self, "fmea", None) if self.fmea_id else None
        if self.outside(fmea):
            errors["org_unit"] = _("This unit is not covered by the FMEA.")
        revised = [getattr(self, f) for f in RATING_FIELDS[3:]]
        if any(v is not None for v in revised) and any(v is None for v in revised):
            errors["revised_severity"] = _(
                "Give the three revised ratings, or none until the actions are done."
            )
        if errors:
            raise ValidationError(errors)
        self.score_assessments()

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is None:
            if not self.position and self.fmea_id:
                self.position = self.next_position()
            self.score_assessments()
        stored = FmeaLine.objects.filter(pk=self.pk).values_list(*RATING_FIELDS).first()
        super().save(*args, **kwargs)
        if stored is None or tuple(stored) != self.ratings_tuple():
            FmeaRating.record(self)

    def next_position(self) -> int:
        last = FmeaLine.objects.filter(fmea_id=self.fmea_id).aggregate(m=models.Max("position"))
        return (last["m"] or 0) + 10

    @property
    def priority(self) -> computations.Priority:
        """Why the line must, should or need not be acted on, from the study's rules."""
        rules = self.fmea.rules()
        return computations.priority(self.severity, self.occurrence, self.detection, rules)

    @property
    def rerating(self) -> computations.Rerating | None:
        """What the actions changed, once the revised rating is given."""
        revised = (self.revised_severity, self.revised_occurrence, self.revised_detection)
        if self.revised_score is None or None in revised:
            return None
        return computations.rerate(
            computations.Rating(self.severity, self.occurrence, self.detection),
            computations.Rating(*cast(tuple[int, int, int], revised)),
            self.fmea.rules(),
        )


class FmeaRating(models.Model):
    """One state of a line's ratings, written each time one of its six ratings changes: the
    line's rating history, shown on its page and in the FMEA's PDF."""

    line = models.ForeignKey(FmeaLine, on_delete=models.CASCADE, related_name="ratings")
    rated_at = models.DateTimeField(_("rated on"))
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), **PERSON)
    revision = models.PositiveIntegerField(_("revision"))
    severity = models.PositiveSmallIntegerField(pgettext_lazy("fmea rating", "S"))
    occurrence = models.PositiveSmallIntegerField(pgettext_lazy("fmea rating", "O"))
    detection = models.PositiveSmallIntegerField(pgettext_lazy("fmea rating", "D"))
    rpn = models.PositiveIntegerField(_("RPN"))
    revised_severity = models.PositiveSmallIntegerField(_("revised S"), null=True)
    revised_occurrence = models.PositiveSmallIntegerField(_("revised O"), null=True)
    revised_detection = models.PositiveSmallIntegerField(_("revised D"), null=True)
    revised_rpn = models.PositiveIntegerField(_("revised RPN"), null=True)

    class Meta:
        ordering = ["rated_at", "id"]
        verbose_name = _("rating")
        verbose_name_plural = _("rating history")

    @classmethod
    def record(cls, line: FmeaLine) -> FmeaRating:
        return cls.objects.create(
            line=line,
            rated_at=line.updated_at,
            rated_by=line.updated_by or line.created_by,
            revision=line.fmea.revision,
            severity=line.severity,
            occurrence=line.occurrence,
            detection=line.detection,
            rpn=line.initial_score or 0,
            revised_severity=line.revised_severity,
            revised_occurrence=line.revised_occurrence,
            revised_detection=line.revised_detection,
            revised_rpn=line.revised_score,
        )
