"""The supplier file: who the company buys from, what, for which sites, and whether it may."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
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


SUPPLIER_INDEXED = ["reference", "name", "status", "country", "owner", "siren"]


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

    class Meta(Record.Meta):
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("sup", field) for field in SUPPLIER_INDEXED],
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
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
