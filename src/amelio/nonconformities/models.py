"""Nonconformities and customer complaints (ISO 9001 clause 10.2) with their root-cause
toolbox: 5 whys, Ishikawa causes and the 8D report."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.nonconformities.computations import total_cost
from amelio.nonconformities.workflows import nonconformity_workflow

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2, "null": True, "blank": True}
# Every field the register filters or sorts on: one partial index each.
INDEXED = [
    "reference",
    "title",
    "status",
    "nc_type",
    "severity",
    "process",
    "cause_category",
    "defect_type",
    "product",
    "detected_on",
    "cost_total",
    "owner",
    "customer_response_due",
    "supplier",
    "customer",
]


class CauseCategory(models.TextChoices):
    """The Ishikawa families (DOMAIN 9.5): 5M, then Measurement (6M), Management (7M) and
    Money (8M)."""

    MATERIAL = "material", _("Material")
    MACHINE = "machine", _("Machine")
    METHOD = "method", _("Method")
    MANPOWER = "manpower", _("Manpower")
    MILIEU = "milieu", pgettext_lazy("5M cause", "Environment")
    MEASUREMENT = "measurement", _("Measurement")
    MANAGEMENT = "management", _("Management")
    MONEY = "money", _("Money")


# How many families each variant of the diagram shows.
ISHIKAWA_VARIANTS = {"5M": 5, "6M": 6, "7M": 7, "8M": 8}


class Nonconformity(Actionable, Record):
    """A nonconformity, customer complaint, supplier, audit or regulatory deviation: the facts
    (QQOQCCP), its grade, its cost, containment and correction, its root cause, and the
    corrective actions (through ActionLink) whose effectiveness is checked before closure."""

    REFERENCE_PREFIX = "NC"
    workflow = nonconformity_workflow

    class Type(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        CUSTOMER = "customer", _("Customer complaint")
        SUPPLIER = "supplier", _("Supplier")
        AUDIT = "audit", _("Audit")
        REGULATORY = "regulatory", _("Regulatory")

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        MAJOR = "major", _("Major")
        CRITICAL = "critical", _("Critical")

    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=nonconformity_workflow.choices(),
        default=nonconformity_workflow.initial,
        editable=False,
    )
    nc_type = models.CharField(
        _("type"), max_length=12, choices=Type.choices, default=Type.INTERNAL
    )
    severity = models.CharField(
        _("grade"),
        max_length=10,
        choices=Severity.choices,
        default=Severity.MINOR,
        help_text=_(
            "Major: affects the ability to achieve the intended results or to meet "
            "requirements; critical: safety, regulatory or customer-stopping impact."
        ),
    )
    source_content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("source record type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    source_object_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    source_record = GenericForeignKey("source_content_type", "source_object_id")
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformities",
    )
    product = models.CharField(_("product"), max_length=120, blank=True)
    lot = models.CharField(_("lot"), max_length=60, blank=True)
    order_reference = models.CharField(_("order reference"), max_length=60, blank=True)
    quantity_checked = models.PositiveIntegerField(_("quantity checked"), null=True, blank=True)
    quantity_nonconforming = models.PositiveIntegerField(
        _("quantity nonconforming"), null=True, blank=True
    )
    detected_on = models.DateField(_("detected on"), default=timezone.localdate)
    detection_place = models.CharField(_("place of detection"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    qqoqccp_who = models.TextField(
        _("Who?"), blank=True, help_text=_("Who found it, who is concerned.")
    )
    qqoqccp_what = models.TextField(_("What?"), blank=True, help_text=_("What is the problem."))
    qqoqccp_where = models.TextField(_("Where?"), blank=True, help_text=_("Where it was found."))
    qqoqccp_when = models.TextField(_("When?"), blank=True, help_text=_("When it happened."))
    qqoqccp_how = models.TextField(_("How?"), blank=True, help_text=_("How it was found."))
    qqoqccp_how_many = models.TextField(
        _("How many?"), blank=True, help_text=_("How many parts, how often, how much.")
    )
    qqoqccp_why = models.TextField(
        _("Why does it matter?"), blank=True, help_text=_("Which requirement is not met.")
    )
    defect_type = models.CharField(_("defect type"), max_length=80, blank=True)
    cause_category = models.CharField(
        _("cause category"), max_length=12, choices=CauseCategory.choices, blank=True
    )
    cost_scrap = models.DecimalField(_("scrap cost (€)"), **MONEY)
    cost_rework = models.DecimalField(_("rework cost (€)"), **MONEY)
    cost_handling = models.DecimalField(_("handling cost (€)"), **MONEY)
    cost_penalties = models.DecimalField(_("penalties (€)"), **MONEY)
    cost_total = models.DecimalField(
        _("cost of nonquality (€)"), max_digits=12, decimal_places=2, default=0, editable=False
    )
    containment = models.TextField(_("containment"), blank=True)
    correction = models.TextField(_("correction"), blank=True)
    root_cause = models.TextField(
        _("root cause"), blank=True, help_text=_("Needed before the action plan.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    third_party = models.CharField(_("customer or supplier"), max_length=160, blank=True)
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        verbose_name=_("supplier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformities",
        help_text=_("The supplier at the origin: its evaluation counts this nonconformity."),
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        help_text=_("The customer who complained."),
    )
    customer_response_due = models.DateField(_("customer response due"), null=True, blank=True)
    customer_response = models.TextField(_("response to the customer"), blank=True)
    ishikawa_variant = models.CharField(
        _("Ishikawa variant"),
        max_length=2,
        choices=[(key, key) for key in ISHIKAWA_VARIANTS],
        default="6M",
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("nc", field) for field in INDEXED],
            # The nonconformities raised from a record, listed on that record's page.
            models.Index(fields=["source_content_type", "source_object_id"], name="nc_source"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def clean(self) -> None:
        errors: dict = {}
        checked, bad = self.quantity_checked, self.quantity_nonconforming
        if checked is not None and bad is not None and bad > checked:
            errors["quantity_nonconforming"] = _("More nonconforming parts than parts checked.")
        if self.customer_response_due and self.customer_response_due < self.detected_on:
            errors["customer_response_due"] = _("The response cannot be due before detection.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        if not self.third_party and (self.supplier_id or self.customer_id):
            self.third_party = str(self.supplier or self.customer)[:160]
        # The total is stored so that lists sort and sum on it without computing per row.
        self.cost_total = total_cost(
            self.cost_scrap, self.cost_rework, self.cost_handling, self.cost_penalties
        )
        super().save(*args, **kwargs)

    @property
    def is_complaint(self) -> bool:
        return self.nc_type == self.Type.CUSTOMER

    @property
    def nonconforming_percent(self) -> float | None:
        """Share of the parts checked found nonconforming, in percent."""
        if not self.quantity_checked or self.quantity_nonconforming is None:
            return None
        return 100 * self.quantity_nonconforming / self.quantity_checked

    def ishikawa_categories(self) -> list[tuple[str, Any]]:
        """The families of the chosen variant (5M to 8M), in order."""
        return list(CauseCategory.choices)[: ISHIKAWA_VARIANTS[self.ishikawa_variant]]


class WhyStep(models.Model):
    """One step of the 5 whys: the question asked and its answer; the last answer is the
    root cause."""

    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.CASCADE, related_name="whys")
    position = models.PositiveSmallIntegerField(_("position"))
    question = models.CharField(_("why?"), max_length=300)
    answer = models.CharField(_("because"), max_length=300)

    class Meta:
        verbose_name = _("why")
        verbose_name_plural = _("5 whys")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.question}"


class IshikawaCause(models.Model):
    """One cause written on a bone of the Ishikawa diagram."""

    nonconformity = models.ForeignKey(
        Nonconformity, on_delete=models.CASCADE, related_name="ishikawa_causes"
    )
    category = models.CharField(_("category"), max_length=12, choices=CauseCategory.choices)
    text = models.CharField(_("cause"), max_length=200)

    class Meta:
        verbose_name = _("Ishikawa cause")
        verbose_name_plural = _("Ishikawa causes")
        ordering = ["category", "id"]

    def __str__(self) -> str:
        return self.text


class EightD(models.Model):
    """The 8D report of a nonconformity (D0 to D8); containment and root cause are read from
    the nonconformity itself so that they are written once."""

    nonconformity = models.OneToOneField(
        Nonconformity, on_delete=models.CASCADE, related_name="eight_d"
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    d0_preparation = models.TextField(_("D0 Preparation and emergency response"), blank=True)
    d1_team = models.TextField(_("D1 Team"), blank=True, help_text=_("One member per line."))
    d2_problem = models.TextField(_("D2 Problem description"), blank=True)
    d3_containment = models.TextField(_("D3 Interim containment actions"), blank=True)
    d4_root_cause = models.TextField(
        _("D4 Root causes of occurrence and of non-detection"), blank=True
    )
    d5_corrective = models.TextField(_("D5 Permanent corrective actions chosen"), blank=True)
    d6_validation = models.TextField(_("D6 Implementation and validation"), blank=True)
    d7_prevention = models.TextField(_("D7 Prevention of recurrence"), blank=True)
    d8_congratulations = models.TextField(_("D8 Team recognition and closure"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("8D report")
        verbose_name_plural = _("8D reports")

    def __str__(self) -> str:
        return f"8D {self.nonconformity.reference}"

    def team(self) -> list[str]:
        return [line.strip() for line in self.d1_team.splitlines() if line.strip()]


# The fields of the form, the export, the import and the API, in reading order.
FORM_FIELDS = [
    "title",
    "nc_type",
    "org_unit",
    "process",
    "severity",
    "detected_on",
    "detection_place",
    "product",
    "lot",
    "order_reference",
    "quantity_checked",
    "quantity_nonconforming",
    "third_party",
    "supplier",
    "customer",
    "description",
    "qqoqccp_who",
    "qqoqccp_what",
    "qqoqccp_where",
    "qqoqccp_when",
    "qqoqccp_how",
    "qqoqccp_how_many",
    "qqoqccp_why",
    "defect_type",
    "cause_category",
    "containment",
    "correction",
    "root_cause",
    "cost_scrap",
    "cost_rework",
    "cost_handling",
    "cost_penalties",
    "owner",
    "customer_response_due",
    "customer_response",
    "ishikawa_variant",
]
