"""Supplier specifications (cahier des charges) and the selection of offers (ISO 9001 8.4.1,
8.4.3): what is bought and why, the requirements the supplier must meet, the weighted
criteria the offers are compared on, the offers received with a score per criterion, and
the decision with its reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.suppliers import selection
from amelio.suppliers.workflows_specifications import specification_workflow

__all__ = [
    "CriterionFamily",
    "Offer",
    "OfferScore",
    "Requirement",
    "RequirementKind",
    "SelectionCriterion",
    "Specification",
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
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(Decimal(0))],
}
LOCKED_STATES = ("decided", "cancelled")


class Specification(Actionable, Record):
    """A specification sent to suppliers for one purchase: its subject and context, when it is
    needed, the budget, the requirements (`Requirement`) and the weighted selection criteria
    (`SelectionCriterion`); the offers received (`Offer`) are compared on a grid and one is chosen,
    with its reason, by whom and when."""

    REFERENCE_PREFIX = "CDC"
    ACTION_ROLE = "improvement"

    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(
        "suppliers.SupplierCategory",
        verbose_name=_("purchase category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.TextField(_("subject"), help_text=_("What is bought: goods or service."))
    context = models.TextField(
        _("context"), blank=True, help_text=_("Why, for which site or process, what it replaces.")
    )
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    budget = models.DecimalField(_("budget excl. tax (€)"), **MONEY)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("buyer"), **PERSON)
    status = models.CharField(
        _("status"), max_length=12, choices=specification_workflow.choices(), default="draft"
    )
    chosen_offer = models.ForeignKey(
        "suppliers.Offer",
        verbose_name=_("chosen offer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decision_reason = models.TextField(_("reason for the choice"), blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), editable=False, **PERSON
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True, editable=False)

    workflow = specification_workflow

    class Meta(Record.Meta):
        verbose_name = _("specification")
        verbose_name_plural = _("specifications")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("supspec", f)
                for f in ("reference", "title", "category", "needed_by", "owner", "status")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def locks_children(self) -> bool:
        """Once decided (or cancelled) the offers and their scores are kept as they were."""
        return self.status in LOCKED_STATES

    @property
    def content_editable(self) -> bool:
        """Whether the requirements and criteria may still change."""
        return not self.is_archived and self.status not in LOCKED_STATES

    def weights(self) -> dict[int, Decimal]:
        return {c.pk: c.weight for c in self.criteria.all()}

    def weight_refusal(self, weights: list[Decimal] | None = None) -> str | None:
        """Why the criteria cannot be used yet (their weights do not sum to 100 %), or None."""
        if weights is None:
            weights = list(self.weights().values())
        if not weights:
            return str(_("Add the selection criteria and their weights."))
        total = selection.weight_sum(weights)
        if total != selection.FULL_WEIGHT:
            return str(
                _("The weights of the criteria sum to %(sum)s %%: they must sum to 100 %%.")
                % {"sum": _plain(total)}
            )
        return None


def _plain(value: Decimal) -> str:
    """A decimal without trailing zeros (90, 33.5)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class RequirementKind(models.TextChoices):
    TECHNICAL = "technical", _("Technical")
    QUALITY = "quality", pgettext_lazy("requirement kind", "Quality")
    HSE = "hse", _("HSE / CSR")
    DELIVERY = "delivery", pgettext_lazy("requirement kind", "Delivery")
    DOCUMENTATION = "documentation", _("Documentation")


class Requirement(models.Model):
    """One requirement of a specification, mandatory or not: an offer that does not meet a
    mandatory one cannot be chosen."""

    scope_parent = "specification"

    specification = models.ForeignKey(
        Specification,
        verbose_name=_("specification"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    kind = models.CharField(_("kind"), max_length=14, choices=RequirementKind.choices)
    text = models.TextField(_("requirement"))
    mandatory = models.BooleanField(_("mandatory"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class CriterionFamily(models.TextChoices):
    QUALITY = "quality", pgettext_lazy("criterion family", "Quality")
    DELIVERY = "delivery", pgettext_lazy("criterion family", "Delivery")
    PRICE = "price", _("Price")
    CSR = "csr", _("CSR")
    SAFETY = "safety", _("Safety")
    OTHER = "other", pgettext_lazy("criterion family", "Other")


class SelectionCriterion(models.Model):
    """A selection criterion and its weight in %; the weights of a specification sum to
    100 % before it goes out and before a decision."""

    scope_parent = "specification"

    specification = models.ForeignKey(
        Specification,
        verbose_name=_("specification"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("criterion"), max_length=120)
    family = models.CharField(_("family"), max_length=10, choices=CriterionFamily.choices)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Offer(Record):
    """An offer received from a supplier for a specification: amount, lead time, comments,
    whether it meets every mandatory requirement, and its scores on the comparison grid."""

    REFERENCE_PREFIX = "OFR"
    # Filled by `services_specifications.comparison` for the grid: the total out of 100, how
    # many criteria are not scored, and the place (a `selection.Placed`, None when excluded).
    total: Decimal | None = None
    missing: int = 0
    place: Any = None

    specification = models.ForeignKey(
        Specification,
        verbose_name=_("specification"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount excl. tax (€)"), **MONEY)
    lead_time_days = models.PositiveIntegerField(
        _("lead time (days)"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    mandatory_met = models.BooleanField(
        _("meets every mandatory requirement"),
        default=True,
        help_text=_("An offer that misses a mandatory requirement cannot be chosen."),
    )
    gaps = models.TextField(
        _("requirements not met"),
        blank=True,
        help_text=_("Which requirements the offer does not meet, and how far."),
    )
    comments = models.TextField(_("comments"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("supoffer", f)
                for f in (
                    "reference",
                    "specification",
                    "supplier",
                    "received_on",
                    "amount",
                    "mandatory_met",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.supplier}".strip() if self.supplier_id else self.reference

    def clean(self) -> None:
        errors: dict = {}
        adding = self._state.adding
        if adding and self.specification_id and self.specification.status == "draft":
            errors["specification"] = _(
                "This specification is still a draft: offers are recorded once its "
                "consultation has started."
            )
        if not self.mandatory_met and not self.gaps.strip():
            errors["gaps"] = _("Say which mandatory requirements the offer does not meet.")
        if errors:
            raise ValidationError(errors)


class OfferScore(models.Model):
    """The score of an offer on one criterion, from 0 to 10, with a comment; entered on the
    comparison grid."""

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        SelectionCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    score = models.DecimalField(
        _("score (0–10)"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))],
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["offer", "criterion"], name="sup_offer_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.offer} — {self.criterion}: {self.score}"
