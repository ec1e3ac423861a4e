"""HACCP studies (Codex CXC 1-1969, rev. 2020; DOMAIN.md 9.2): the team and scope, the product
described with its intended use and users, the flow diagram confirmed on site, and the
hazards of each step rated on a two-factor matrix (likelihood x severity). Each hazard keeps
the team's answers to the Codex decision tree and the result (`computations_haccp`); a CCP
carries its critical limits, monitoring, corrective actions, verification and records, which
make the HACCP plan. Approving the study freezes its steps and hazards."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.riskanalysis import computations_haccp as tree
from amelio.riskanalysis.models.study import Study
from amelio.scoring.scored import Scored

PERSON: dict[str, Any] = {
    "null": True,
    "blank": True,
    "on_delete": models.SET_NULL,
    "related_name": "+",
}
ANSWER: dict[str, Any] = {"null": True, "blank": True}


class HaccpStudy(Study):
    """A HACCP study (Codex steps 1 to 5 here; the hazards are steps 6 to 12): what it covers,
    the team, the product and its use, the flow diagram confirmed on site, and the matrix its
    hazards are rated on."""

    REFERENCE_PREFIX = "HACCP"
    CONTENT = "hazards"
    ACTION_ROLE = "preventive"

    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(
        _("scope"),
        blank=True,
        help_text=_("Products, processes and premises covered; what is left out."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("HACCP team leader"), **PERSON
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("HACCP team"), blank=True, related_name="+"
    )
    other_members = models.TextField(
        _("other members"),
        blank=True,
        help_text=_("People without an account: dietitian, supplier, consultant, laboratory."),
    )
    product = models.CharField(
        _("product or product family"), max_length=200, help_text=_("e.g. Hot meals served")
    )
    composition = models.TextField(
        _("composition"), blank=True, help_text=_("Raw materials and ingredients, allergens.")
    )
    structure = models.TextField(
        _("physical and chemical characteristics"),
        blank=True,
        help_text=_("Structure, pH, water activity, preservatives."),
    )
    processing = models.TextField(
        _("processing"), blank=True, help_text=_("Treatments: cooking, cooling, freezing…")
    )
    packaging = models.TextField(_("packaging"), blank=True)
    storage_distribution = models.TextField(
        _("storage and distribution conditions"),
        blank=True,
        help_text=_("Temperatures, transport, hot or cold holding."),
    )
    shelf_life = models.CharField(_("shelf life"), max_length=200, blank=True)
    intended_use = models.TextField(
        _("intended use"), blank=True, help_text=_("How the product is consumed or used.")
    )
    intended_users = models.TextField(
        _("intended users"),
        blank=True,
        help_text=_(
            "Consumers, with the vulnerable groups: young children, elderly people, pregnant "
            "women, people with allergies or a weak immune system."
        ),
    )
    flow_confirmed_on = models.DateField(
        _("flow diagram confirmed on site on"), null=True, blank=True
    )
    flow_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("flow diagram confirmed by"), **PERSON
    )
    matrix = models.ForeignKey(
        "scoring.ScoringMatrix",
        verbose_name=_("scoring matrix"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Likelihood and severity scales; a hazard rated on a level that is not acceptable "
            "is significant."
        ),
    )

    class Meta(Record.Meta):
        verbose_name = _("HACCP study")
        verbose_name_plural = _("HACCP studies")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("rahac", f)
                for f in ("reference", "title", "product", "owner", "status", "next_review")
            ],
        ]

    def clean(self) -> None:
        matrix = getattr(self, "matrix", None) if self.matrix_id else None
        if matrix is not None and len(matrix.factors) != 2:
            raise ValidationError(
                {"matrix": _("Choose a matrix with two factors: likelihood and severity.")}
            )

    @property
    def content_editable(self) -> bool:
        """Whether its flow diagram may change (not archived, not approved)."""
        return not self.is_archived and not self.locks_children()


class StepKind(models.TextChoices):
    RECEPTION = "reception", _("Reception")
    STORAGE = "storage", pgettext_lazy("haccp step", "Storage")
    PREPARATION = "preparation", _("Preparation")
    COOKING = "cooking", _("Cooking")
    COOLING = "cooling", _("Cooling")
    REHEATING = "reheating", _("Reheating")
    HOLDING = "holding", _("Hot or cold holding")
    PACKAGING = "packaging", pgettext_lazy("haccp step", "Packaging")
    TRANSPORT = "transport", _("Transport")
    SERVING = "serving", _("Serving")
    OTHER = "other", pgettext_lazy("haccp step", "Other")


class HaccpStep(models.Model):
    """One step of the study's flow diagram, in order (`position`)."""

    scope_parent = "study"

    study = models.ForeignKey(HaccpStudy, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("step"), max_length=200)
    kind = models.CharField(
        _("kind of step"), max_length=12, choices=StepKind.choices, default=StepKind.OTHER
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Equipment, temperatures, times, people.")
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("flow diagram step")
        verbose_name_plural = _("flow diagram steps")

    def __str__(self) -> str:
        return self.name


class HazardCategory(models.TextChoices):
    BIOLOGICAL = "biological", _("Biological")
    CHEMICAL = "chemical", _("Chemical")
    PHYSICAL = "physical", _("Physical")
    ALLERGEN = "allergen", _("Allergen")


class TreeOutcome(models.TextChoices):
    """The stored result of the decision tree; empty while no question is answered."""

    CCP = tree.CCP, _("CCP")
    NOT_CCP = tree.NOT_CCP, _("Not a CCP")
    MODIFY = tree.MODIFY, _("Modify the step, process or product")
    INCOMPLETE = tree.INCOMPLETE, _("Decision tree incomplete")


class HaccpHazard(Scored, Actionable, Record):
    """A hazard at one step of the flow diagram: its category, cause and control measures,
    its rating (significant when its level is not acceptable), the decision-tree answers and,
    for a CCP, the lines of the HACCP plan."""

    REFERENCE_PREFIX = "HAZ"
    ACTION_ROLE = "preventive"

    assessments = {"risk": ("likelihood", "severity")}

    study = models.ForeignKey(
        HaccpStudy,
        verbose_name=_("HACCP study"),
        on_delete=models.PROTECT,
        related_name="hazards",
        editable=False,
        help_text=_("The study of its step."),
    )
    step = models.ForeignKey(
        HaccpStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="hazards"
    )
    category = models.CharField(_("category"), max_length=12, choices=HazardCategory.choices)
    description = models.CharField(
        _("hazard"), max_length=300, help_text=_("e.g. Growth of Listeria monocytogenes")
    )
    source = models.TextField(_("source or cause"), blank=True)
    control_measures = models.TextField(_("control measures"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    severity = models.PositiveSmallIntegerField(_("severity"))
    risk_score = models.PositiveIntegerField(_("criticity"), null=True, editable=False)
    risk_level = models.CharField(_("level"), max_length=30, blank=True, editable=False)
    significant = models.BooleanField(_("significant hazard"), default=False, editable=False)
    q1 = models.BooleanField(_("Q1. Do control measures exist at this step?"), **ANSWER)
    q1b = models.BooleanField(_("Is control at this step necessary for safety?"), **ANSWER)
    q2 = models.BooleanField(
        _(
            "Q2. Is the step specifically designed to eliminate the hazard or reduce its "
            "likely occurrence to an acceptable level?"
        ),
        **ANSWER,
    )
    q3 = models.BooleanField(
        _("Q3. Could contamination occur or increase to unacceptable levels?"), **ANSWER
    )
    q4 = models.BooleanField(
        _("Q4. Will a subsequent step eliminate the hazard or reduce it to an acceptable level?"),
        **ANSWER,
    )
    tree_notes = models.TextField(
        _("justification of the answers"),
        blank=True,
        help_text=_("Why the team answered so: data, validation, practice."),
    )
    decision = models.CharField(
        _("decision"), max_length=12, choices=TreeOutcome.choices, blank=True, editable=False
    )
    critical_limits = models.TextField(_("critical limits"), blank=True)
    monitoring_what = models.TextField(_("monitoring: what"), blank=True)
    monitoring_how = models.TextField(_("monitoring: how"), blank=True)
    monitoring_frequency = models.CharField(_("monitoring: frequency"), max_length=200, blank=True)
    monitoring_who = models.CharField(_("monitoring: who"), max_length=200, blank=True)
    corrective_actions = models.TextField(_("corrective actions"), blank=True)
    verification = models.TextField(_("verification"), blank=True)
    records = models.TextField(_("records"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("HACCP hazard")
        verbose_name_plural = _("HACCP hazards")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("rahaz", f)
                for f in (
                    "reference",
                    "study",
                    "step",
                    "category",
                    "risk_score",
                    "risk_level",
                    "significant",
                    "decision",
                )
            ],
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        known = self.__dict__  # deferred fields are left alone (no query)
        if known.get("step_id") and "study_id" in known and known["study_id"] is None:
            # The study is the step's: forms and the API give the step only, and the lock of
            # an approved study is checked on the study before the record is cleaned.
            self.study_id = self.step.study_id

    def __str__(self) -> str:
        return f"{self.reference} {self.description}".strip()

    @property
    def matrix(self):
        study = getattr(self, "study", None) if self.study_id else None
        return study.matrix if study is not None else None

    @property
    def matrix_id(self):
        study = getattr(self, "study", None) if self.study_id else None
        return study.matrix_id if study is not None else None

    def answers(self) -> dict[str, bool | None]:
        return {name: getattr(self, name) for name in tree.QUESTIONS}

    @property
    def tree(self) -> tree.Decision:
        return tree.ccp_decision(**self.answers())

    @property
    def criticity(self):
        """The level badge of the rating, for the flow diagram and the pages."""
        from amelio.scoring.templatetags.scoring import level_badge

        return level_badge(self.level_info("risk"), self.risk_score)

    @property
    def is_ccp(self) -> bool:
        return self.decision == TreeOutcome.CCP

    def clean(self) -> None:
        step = getattr(self, "step", None) if self.step_id else None
        if step is not None:
            self.study = step.study
        study = getattr(self, "study", None) if self.study_id else None
        if self.outside(study):
            raise ValidationError({"org_unit": _("This unit is not covered by the HACCP study.")})
        self.evaluate()

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is None:
            self.evaluate()
        super().save(*args, **kwargs)

    def evaluate(self) -> None:
        """Store the rating, whether it makes the hazard significant, and the tree's result;
        answers left off the path (an earlier answer changed) are cleared."""
        self.score_assessments()
        level = self.level_info("risk")
        self.significant = level is not None and not level.get("acceptable", True)
        decision = self.tree
        for name in tree.QUESTIONS:
            if name not in decision.path:
                setattr(self, name, None)
        answered = any(v is not None for v in self.answers().values())
        self.decision = decision.outcome if answered else ""
