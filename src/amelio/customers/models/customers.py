"""Customers and the segments their satisfaction is read by."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index


class CustomerSegment(Record):
    """A group of customers whose needs and satisfaction are followed together (automotive
    OEMs, tier-1 suppliers, distributors…)."""

    REFERENCE_PREFIX = "SEG"
    SHARED_WITH_UNITS_BELOW = True

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("customer segment")
        verbose_name_plural = _("customer segments")
        indexes = [*Record.Meta.indexes, active_index("seg", "name")]

    def __str__(self) -> str:
        return self.name


class Customer(Actionable, Record):
    """A customer: its segment, its account manager, and through the nonconformities module
    the complaints it made."""

    REFERENCE_PREFIX = "CLI"
    SHARED_WITH_UNITS_BELOW = True

    name = models.CharField(_("company name"), max_length=160)
    code = models.CharField(
        _("customer code"), max_length=30, blank=True, help_text=_("The code in the ERP.")
    )
    segment = models.ForeignKey(
        CustomerSegment,
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customers",
    )
    country = models.CharField(_("country"), max_length=60, blank=True, default="France")
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("cli", field)
                for field in ["reference", "name", "code", "segment", "country", "owner"]
            ],
        ]

    def __str__(self) -> str:
        return self.name
