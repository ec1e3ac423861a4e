"""The supplier file: who the company buys from, what, for which sites, and whether it may."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.suppliers import identifiers


class IdentifierField(models.CharField):
    """A company number kept as its digits (or letters and digits) only: the spaces, dots and
    dashes people type between the groups are dropped before the length is checked."""

    def to_python(self, value):
        value = super().to_python(value)
        return identifiers.digits_only(value).upper() if value else value

    def formfield(self, **kwargs):
        # Room for the separators typed between the groups; the model checks the digits.
        return super().formfield(**{"max_length": (self.max_length or 0) + 8, **kwargs})


SUPPLIER_INDEXED = [
    "reference",
    "name",
    "status",
    "country",
    "owner",
    "siren",
    "current_class",
    "next_evaluation_on",
]
CLASS_CHOICES = [("A", "A"), ("B", "B"), ("C", "C")]


class SupplierCategory(Record):
    """A purchase family the company sorts its suppliers by (raw materials, subcontracted
    machining, HSE services, transport…), kept by the company for all its sites."""

    REFERENCE_PREFIX = "CAT"
    SHARED_WITH_UNITS_BELOW = True

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    critical = models.BooleanField(
        _("critical purchase"),
        default=False,
        help_text=_("Purchases that affect product conformity, safety or the environment."),
    )

    class Meta(Record.Meta):
        verbose_name = _("purchase category")
        verbose_name_plural = _("purchase categories")
        indexes = [
            *Record.Meta.indexes,
            active_index("supcat", "name"),
            active_index("supcat", "critical"),
        ]

    def __str__(self) -> str:
        return self.name


class Supplier(Actionable, Record):
    """An external provider (ISO 9001 clause 8.4): identity, the purchase categories and
    sites it serves, and its status, which says whether it may be ordered from."""

    REFERENCE_PREFIX = "FRN"
    SHARED_WITH_UNITS_BELOW = True

    class Status(models.TextChoices):
        PROSPECT = "prospect", pgettext_lazy("supplier status", "Prospect")
        APPROVED = "approved", pgettext_lazy("supplier status", "Approved")
        CONDITIONAL = "conditional", pgettext_lazy("supplier status", "Conditionally approved")
        BLOCKED = "blocked", pgettext_lazy("supplier status", "Blocked")

    name = models.CharField(_("company name"), max_length=160)
    siren = IdentifierField(
        _("SIREN"), max_length=9, blank=True, help_text=_("9 digits, French companies only.")
    )
    siret = IdentifierField(
        _("SIRET"),
        max_length=14,
        blank=True,
        help_text=_("14 digits: the SIREN and the establishment number."),
    )
    vat_number = IdentifierField(_("VAT number"), max_length=15, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROSPECT
    )
    categories = models.ManyToManyField(
        SupplierCategory, verbose_name=_("purchase categories"), blank=True, related_name="+"
    )
    sites_served = models.ManyToManyField(
        "core.OrgUnit", verbose_name=_("sites served"), blank=True, related_name="+"
    )
    address = models.TextField(_("address"), blank=True)
    country = models.CharField(_("country"), max_length=60, blank=True, default="France")
    website = models.URLField(_("website"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buyer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    status_reason = models.TextField(
        _("reason for the status"),
        blank=True,
        help_text=_("Why the supplier is conditional or blocked (needed to block it)."),
    )
    status_changed_on = models.DateField(
        _("status changed on"), null=True, blank=True, editable=False
    )
    # Set when an evaluation is validated (services.evaluation_validate).
    current_score = models.DecimalField(
        _("last score"), max_digits=5, decimal_places=1, null=True, blank=True, editable=False
    )
    current_class = models.CharField(
        _("class"), max_length=1, blank=True, editable=False, choices=CLASS_CHOICES
    )
    next_evaluation_on = models.DateField(
        _("next evaluation"), null=True, blank=True, editable=False
    )

    class Meta(Record.Meta):
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("sup", field) for field in SUPPLIER_INDEXED],
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def may_be_ordered_from(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.CONDITIONAL)

    def save(self, *args, **kwargs) -> None:
        """A change of status is dated (the first save of a supplier dates its status too)."""
        previous = None
        if self.pk:
            previous = (
                type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            )
        if previous != self.status:
            self.status_changed_on = timezone.localdate()
            fields = kwargs.get("update_fields")
            if fields is not None:
                kwargs["update_fields"] = {*fields, "status_changed_on"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.status == self.Status.BLOCKED and not self.status_reason.strip():
            raise ValidationError({"status_reason": _("Say why the supplier is blocked.")})
        self._clean_identifiers()

    def _clean_identifiers(self) -> None:
        errors: dict = {}
        if self.siren and not identifiers.siren_valid(self.siren):
            errors["siren"] = _("This SIREN is not valid: 9 digits whose Luhn key checks.")
        if self.siret:
            if not identifiers.siret_valid(self.siret):
                errors["siret"] = _("This SIRET is not valid: 14 digits whose Luhn key checks.")
            elif self.siren and not self.siret.startswith(self.siren):
                errors["siret"] = _("A SIRET starts with the company's SIREN.")
        if self.vat_number:
            if not identifiers.vat_shape_valid(self.vat_number):
                errors["vat_number"] = _(
                    "A VAT number is a country code (2 letters) then 2 to 13 letters or digits."
                )
            elif self.vat_number.startswith("FR") and self.siren and "siren" not in errors:
                expected = identifiers.french_vat_number(self.siren)
                if self.vat_number != expected:
                    errors["vat_number"] = _(
                        "This VAT number does not match the SIREN: expected %(expected)s."
                    ) % {"expected": expected}
        if errors:
            raise ValidationError(errors)


class SupplierContact(Record):
    """A person to talk to at a supplier: name, role, e-mail, phone."""

    REFERENCE_PREFIX = "CTF"
    SHARED_WITH_UNITS_BELOW = True

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("supplier contact")
        verbose_name_plural = _("supplier contacts")
        indexes = [
            *Record.Meta.indexes,
            active_index("supctc", "name"),
            active_index("supctc", "reference"),
            active_index("supctc", "supplier"),
        ]

    def __str__(self) -> str:
        return self.name


class Certification(Record):
    """A certificate a supplier holds (ISO 9001, IATF 16949…): number, body, validity; the
    certificate itself is attached to the record. A reminder goes out before it expires."""

    REFERENCE_PREFIX = "CRT"
    SHARED_WITH_UNITS_BELOW = True
    # Days before expiry the buyer and the coordinators are told.
    REMINDER_DAYS = 60

    class Kind(models.TextChoices):
        ISO_9001 = "iso9001", "ISO 9001"
        ISO_14001 = "iso14001", "ISO 14001"
        ISO_45001 = "iso45001", "ISO 45001"
        ISO_50001 = "iso50001", "ISO 50001"
        IATF_16949 = "iatf16949", "IATF 16949"
        OTHER = "other", pgettext_lazy("certification", "Other")

    supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="certifications",
    )
    kind = models.CharField(_("standard"), max_length=12, choices=Kind.choices)
    other_name = models.CharField(
        _("name of the standard"), max_length=120, blank=True, help_text=_("For “Other”.")
    )
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    body = models.CharField(_("certification body"), max_length=120, blank=True)
    valid_until = models.DateField(_("valid until"))

    class Meta(Record.Meta):
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        indexes = [
            *Record.Meta.indexes,
            active_index("supcrt", "kind"),
            active_index("supcrt", "reference"),
            active_index("supcrt", "supplier"),
            active_index("supcrt", "valid_until"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.other_name if self.kind == self.Kind.OTHER else str(self.get_kind_display())

    def is_expired(self, today=None) -> bool:
        return self.valid_until < (today or timezone.localdate())

    def expires_soon(self, today=None, days: int | None = None) -> bool:
        today = today or timezone.localdate()
        limit = days if days is not None else self.REMINDER_DAYS
        return not self.is_expired(today) and (self.valid_until - today).days <= limit

    def clean(self) -> None:
        if self.kind == self.Kind.OTHER and not self.other_name.strip():
            raise ValidationError({"other_name": _("Name the standard.")})
