"""Deliveries and the periodic supplier evaluation: the scheme (criteria, weights, class
thresholds, re-evaluation intervals), the evaluations and their lines (DOMAIN §11)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.suppliers import computations
from amelio.suppliers.models.suppliers import CLASS_CHOICES, Supplier

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Delivery(Record):
    """One delivery received from a supplier (a line of the ERP's receipts): the order, the
    date it was due and the date it came, the quantity received. PPM and on-time delivery are
    computed from them."""

    REFERENCE_PREFIX = "LIV"
    SHARED_WITH_UNITS_BELOW = True

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="deliveries"
    )
    order_reference = models.CharField(_("order reference"), max_length=60)
    due_date = models.DateField(_("due date"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    quantity_received = models.PositiveIntegerField(_("quantity received"), default=0)

    class Meta(Record.Meta):
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            *Record.Meta.indexes,
            active_index("supdlv", "supplier"),
            active_index("supdlv", "reference"),
            active_index("supdlv", "quantity_received"),
            active_index("supdlv", "due_date"),
            active_index("supdlv", "received_on"),
            active_index("supdlv", "order_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.order_reference} — {self.supplier}"

    @property
    def on_time(self) -> bool | None:
        """On time with no tolerance (the evaluation applies its scheme's tolerance)."""
        return computations.on_time(self.due_date, self.received_on)


class EvaluationScheme(Record):
    """How suppliers are evaluated, set by the coordinator for the company: the criteria and
    their weights (summing to 100 %), the class thresholds and the re-evaluation interval of
    each class."""

    REFERENCE_PREFIX = "GEV"
    SHARED_WITH_UNITS_BELOW = True

    name = models.CharField(_("name"), max_length=120)
    class_a_min = models.PositiveSmallIntegerField(
        _("class A from (score)"), default=80, validators=PERCENT
    )
    class_b_min = models.PositiveSmallIntegerField(
        _("class B from (score)"), default=60, validators=PERCENT
    )
    months_a = models.PositiveSmallIntegerField(_("re-evaluate class A after (months)"), default=12)
    months_b = models.PositiveSmallIntegerField(_("re-evaluate class B after (months)"), default=6)
    months_c = models.PositiveSmallIntegerField(_("re-evaluate class C after (months)"), default=3)
    tolerance_days = models.PositiveSmallIntegerField(
        _("delivery tolerance (days)"),
        default=0,
        help_text=_("A delivery received up to this many days after its due date is on time."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("evaluation scheme")
        verbose_name_plural = _("evaluation schemes")
        indexes = [
            *Record.Meta.indexes,
            active_index("supsch", "name"),
            active_index("supsch", "reference"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.class_b_min > self.class_a_min:
            raise ValidationError(
                {"class_b_min": _("Class B cannot start above class A's threshold.")}
            )

    def active_criteria(self):
        return self.criteria.filter(archived_at__isnull=True).order_by("position", "id")

    def weights_total(self) -> float:
        return computations.weights_total(float(c.weight) for c in self.active_criteria())

    def weights_problem(self) -> str:
        """Why the scheme cannot be used yet ("" when its weights sum to 100 %)."""
        total = self.weights_total()
        if abs(total - 100) > 1e-9:
            return str(
                _("The weights of the criteria sum to %(total)s %%, not 100 %%.")
                % {"total": f"{total:g}"}
            )
        return ""

    def months_for(self, grade: str) -> int:
        return {"A": self.months_a, "B": self.months_b}.get(grade, self.months_c)


class CriterionKind(models.TextChoices):
    PPM = "ppm", _("PPM (nonconforming parts per million received)")
    NC_COUNT = "nc_count", _("Number of supplier nonconformities")
    OTD = "otd", _("On-time delivery (%)")
    NC_RESPONSE_DAYS = "nc_response_days", _("Response time to nonconformities (days)")
    RATED = "rated", _("Rated by the evaluator (0–100)")


class Criterion(Record):
    """A criterion of a scheme: its weight, and how it is scored (computed from the records
    and mapped linearly from "value scoring 100" to "value scoring 0", or rated)."""

    REFERENCE_PREFIX = "CRI"
    SHARED_WITH_UNITS_BELOW = True

    scheme = models.ForeignKey(
        EvaluationScheme,
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="criteria",
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("how it is scored"), max_length=20, choices=CriterionKind.choices)
    weight = models.DecimalField(
        _("weight (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    best_value = models.FloatField(
        _("value scoring 100"), null=True, blank=True, help_text=_("Computed criteria only.")
    )
    worst_value = models.FloatField(
        _("value scoring 0"), null=True, blank=True, help_text=_("Computed criteria only.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta(Record.Meta):
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        indexes = [
            *Record.Meta.indexes,
            active_index("supcri", "scheme"),
            active_index("supcri", "reference"),
            active_index("supcri", "name"),
            active_index("supcri", "weight"),
            active_index("supcri", "kind"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def computed(self) -> bool:
        return self.kind != CriterionKind.RATED

    def clean(self) -> None:
        errors: dict = {}
        if self.computed and (self.best_value is None or self.worst_value is None):
            errors["best_value"] = _(
                "A computed criterion needs the value scoring 100 and the value scoring 0."
            )
        if self.scheme_id and self.weight is not None:
            others = (
                Criterion.objects.filter(scheme_id=self.scheme_id, archived_at__isnull=True)
                .exclude(pk=self.pk)
                .values_list("weight", flat=True)
            )
            total = float(sum(others)) + float(self.weight)
            if total > 100 + 1e-9:
                errors["weight"] = _(
                    "With this weight the criteria of the scheme would sum to %(total)s %%; "
                    "they must sum to 100 %%."
                ) % {"total": f"{total:g}"}
        if errors:
            raise ValidationError(errors)


class SupplierEvaluation(Actionable, Record):
    """One periodic evaluation of a supplier over a period, with a scheme: a line per
    criterion, the weighted total on 100, the class and the trend. While a draft, it is
    recomputed from the records; once validated it is kept as it is and sets the supplier's
    next evaluation."""

    REFERENCE_PREFIX = "EVF"
    SHARED_WITH_UNITS_BELOW = True

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("evaluation status", "Draft")
        VALIDATED = "validated", pgettext_lazy("evaluation status", "Validated")

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="evaluations"
    )
    scheme = models.ForeignKey(
        EvaluationScheme,
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    total_score = models.DecimalField(
        _("score /100"), max_digits=5, decimal_places=1, null=True, blank=True, editable=False
    )
    grade = models.CharField(
        _("class"), max_length=1, blank=True, choices=CLASS_CHOICES, editable=False
    )
    previous_score = models.DecimalField(
        _("previous score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
    )
    trend = models.CharField(
        _("trend"),
        max_length=4,
        blank=True,
        editable=False,
        choices=[
            ("up", pgettext_lazy("trend", "Better")),
            ("flat", pgettext_lazy("trend", "Same")),
            ("down", pgettext_lazy("trend", "Worse")),
        ],
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    validated_on = models.DateField(_("validated on"), null=True, blank=True, editable=False)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("supplier evaluation")
        verbose_name_plural = _("supplier evaluations")
        indexes = [
            *Record.Meta.indexes,
            active_index("supevl", "supplier"),
            active_index("supevl", "reference"),
            active_index("supevl", "period_end"),
            active_index("supevl", "grade"),
            active_index("supevl", "status"),
            active_index("supevl", "total_score"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} — {self.period_end:%m/%Y}" if self.period_end else self.reference

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        if self.pk and self.status == self.Status.VALIDATED:
            raise ValidationError(_("A validated evaluation cannot be changed."))

    @property
    def is_validated(self) -> bool:
        return self.status == self.Status.VALIDATED

    def after_create(self, user) -> None:
        """A new evaluation is computed from the records at once when its scheme is usable
        (otherwise its page says what to correct)."""
        from amelio.suppliers.services import evaluation_compute

        if not self.scheme.weights_problem():
            evaluation_compute(evaluation=self, user=user)


class EvaluationLine(models.Model):
    """The result of one criterion in an evaluation: the raw value read from the records (or
    None with the reason), the 0–100 score, the weight, and the evaluator's comment."""

    evaluation = models.ForeignKey(
        SupplierEvaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("criterion"), max_length=120)
    kind = models.CharField(_("how it is scored"), max_length=20, choices=CriterionKind.choices)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    raw_value = models.FloatField(_("value"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True, validators=PERCENT)
    computed = models.BooleanField(_("computed"), default=True)
    # What the value was read from, or why there is none, as facts ({"deliveries": 11,
    # "late": 0}) phrased in the reader's language by `basis_text`.
    basis = models.JSONField(_("basis"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("evaluation line")
        verbose_name_plural = _("evaluation lines")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def basis_text(self) -> str:
        """What the value was read from, in the reader's language."""
        return basis_text(self.basis or {})


def basis_text(facts: dict) -> str:
    """The facts a criterion was read from ("11 deliveries, 0 late"), or why it has no value,
    phrased when shown so that each reader gets their own language."""
    reason = facts.get("none")
    if reason:
        return str(NO_VALUE.get(reason, ""))
    parts = []
    if "ncs" in facts:
        count = facts["ncs"]
        parts.append(
            ngettext("%(count)d nonconformity", "%(count)d nonconformities", count)
            % {"count": count}
        )
    if "taken_up" in facts:
        count = facts["taken_up"]
        parts.append(
            ngettext(
                "%(count)d nonconformity taken up", "%(count)d nonconformities taken up", count
            )
            % {"count": count}
        )
    if facts.get("waiting"):
        parts.append(str(_("%(count)d not yet")) % {"count": facts["waiting"]})
    if "deliveries" in facts:
        count = facts["deliveries"]
        parts.append(
            ngettext("%(count)d delivery", "%(count)d deliveries", count) % {"count": count}
        )
        parts.append(str(_("%(count)d late")) % {"count": facts.get("late", 0)})
    if "received" in facts:
        parts.append(
            str(_("%(bad)s nonconforming / %(received)s received"))
            % {"bad": _number(facts["bad"]), "received": _number(facts["received"])}
        )
    return ", ".join(parts)


def _number(value) -> str:
    return number_format(value, force_grouping=True)


NO_VALUE = {
    "no_deliveries": _("no deliveries in the period"),
    "no_parts": _("no parts received in the period"),
    "no_ncs": _("no nonconformity in the period"),
    "none_taken_up": _("no nonconformity taken up yet"),
}
