"""The environmental analysis (ISO 14001 6.1.2): for each activity, product or service, its
environmental aspects, the impacts they cause, in which condition and at which life-cycle
stage, rated on a scoring matrix; an aspect is significant when its level is not acceptable
or when a legal requirement applies to it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.environment import computations as calc
from amelio.scoring.scored import Scored


class AspectType(models.TextChoices):
    AIR = "air", _("Emission to air")
    WATER = "water", _("Discharge to water")
    WASTE = "waste", _("Waste")
    SOIL = "soil", _("Soil contamination")
    RESOURCES = "resources", _("Use of raw materials and natural resources")
    WATER_USE = "water_use", _("Water consumption")
    ENERGY = "energy", _("Energy use")
    NOISE = "noise", _("Noise and vibration")
    ODOUR = "odour", _("Odour")
    LIGHT = "light", _("Light and visual nuisance")
    BIODIVERSITY = "biodiversity", _("Biodiversity and land use")
    OTHER = "other", pgettext_lazy("aspect type", "Other")


class Condition(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("operating condition", "Normal")
    ABNORMAL = "abnormal", _("Abnormal (start-up, shutdown, maintenance)")
    EMERGENCY = "emergency", _("Emergency")


class Stage(models.TextChoices):
    """Life-cycle stages (ISO 14001 6.1.2 asks for a life-cycle perspective)."""

    MATERIALS = "materials", _("Raw materials and purchasing")
    DESIGN = "design", _("Design")
    PRODUCTION = "production", _("Production")
    TRANSPORT = "transport", _("Transport and delivery")
    USE = "use", _("Use by the customer")
    END_OF_LIFE = "end_of_life", _("End of life")


class Control(models.TextChoices):
    DIRECT = "direct", _("Direct (the site controls it)")
    INDIRECT = "indirect", _("Indirect (the site can influence it)")


class Aspect(Scored, Actionable, Record):
    """An environmental aspect of an activity and the impact it causes, rated on a matrix.

    `significant` is stored when the record is saved: a level the matrix calls not
    acceptable, or a legal requirement (which forces significance whatever the rating)."""

    REFERENCE_PREFIX = "ASP"
    ACTION_ROLE = "preventive"

    assessments = {"rating": ("likelihood", "severity", "third")}

    activity = models.CharField(_("activity, product or service"), max_length=200)
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    aspect_type = models.CharField(_("type of aspect"), max_length=12, choices=AspectType.choices)
    aspect = models.CharField(
        _("environmental aspect"),
        max_length=200,
        help_text=_(
            "What the activity does to the environment, e.g. VOC emissions from the paint booth."
        ),
    )
    impact = models.TextField(
        _("environmental impact"),
        help_text=_("The change to the environment, e.g. photochemical smog, river pollution."),
    )
    condition = models.CharField(
        _("operating condition"), max_length=10, choices=Condition.choices, default="normal"
    )
    stage = models.CharField(
        _("life-cycle stage"), max_length=12, choices=Stage.choices, default="production"
    )
    control = models.CharField(
        _("control"), max_length=10, choices=Control.choices, default="direct"
    )
    legal_requirement = models.BooleanField(
        _("subject to a legal requirement"),
        default=False,
        help_text=_("A regulated aspect is always significant."),
    )
    legal_reference = models.CharField(
        _("legal reference"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the ministerial order of the ICPE rubrique, a discharge permit."),
    )
    existing_controls = models.TextField(_("controls in place"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    matrix = models.ForeignKey(
        "scoring.ScoringMatrix",
        verbose_name=_("scoring matrix"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    likelihood = models.PositiveSmallIntegerField(_("frequency or likelihood"))
    severity = models.PositiveSmallIntegerField(_("severity of the impact"))
    third = models.PositiveSmallIntegerField(
        _("third factor"),
        null=True,
        blank=True,
        help_text=_("Only for matrices with a third factor (control level)."),
    )
    rating_score = models.PositiveIntegerField(_("score"), null=True, editable=False)
    rating_level = models.CharField(_("level"), max_length=30, blank=True, editable=False)
    significant = models.BooleanField(_("significant"), default=False, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("environmental aspect")
        verbose_name_plural = _("environmental aspects")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("envasp", f)
                for f in (
                    "reference",
                    "aspect",
                    "activity",
                    "aspect_type",
                    "condition",
                    "stage",
                    "legal_requirement",
                    "likelihood",
                    "severity",
                    "rating_score",
                    "rating_level",
                    "significant",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.aspect}".strip()

    def clean(self) -> None:
        if self.legal_requirement and not self.legal_reference.strip():
            raise ValidationError(
                {"legal_reference": _("Name the requirement: text, article or permit.")}
            )
        self.score_assessments()
        self.significant = self.is_significant()

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is None:
            self.score_assessments()
            self.significant = self.is_significant()
        super().save(*args, **kwargs)

    def is_significant(self) -> bool:
        info = self.level_info("rating")
        acceptable = bool(info and info.get("acceptable"))
        return calc.aspect_significant(
            acceptable=acceptable if info else None, legal=self.legal_requirement
        )

    @property
    def significance_reason(self) -> str:
        info = self.level_info("rating")
        if self.legal_requirement:
            return str(_("Legal requirement"))
        if self.significant and info:
            from amelio.scoring.models import localised

            return str(_("Level on the matrix: %(level)s") % {"level": localised(info["label"])})
        return ""

    @property
    def rating(self):
        from amelio.scoring.templatetags.scoring import level_badge

        return level_badge(self.level_info("rating"), self.rating_score)
