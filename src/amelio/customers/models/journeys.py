"""The customer journey map: a journey of a segment, its stages from the first contact to
the after-sales, and the touchpoints of each stage with how each is measured and how the
customer feels it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index

# The felt experience of a touchpoint, 1 (painful) to 5 (delightful).
RATING_MIN, RATING_MAX = 1, 5


class Journey(Actionable, Record):
    """A customer journey (from the quote request to the after-sales…) for a segment: its
    stages left to right, their touchpoints and the experience the customer has of each."""

    REFERENCE_PREFIX = "PAR"

    name = models.CharField(_("name"), max_length=160)
    segment = models.ForeignKey(
        "customers.CustomerSegment",
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journeys",
    )
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Record.Meta):
        verbose_name = _("customer journey")
        verbose_name_plural = _("customer journeys")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("par", field) for field in ["reference", "name", "segment", "owner"]],
        ]

    def __str__(self) -> str:
        return self.name


class JourneyStage(Record):
    """A stage of a journey (quote request, order, delivery…), in the order the customer
    goes through them, with what the customer wants to achieve there."""

    REFERENCE_PREFIX = "ETP"

    journey = models.ForeignKey(
        Journey, verbose_name=_("journey"), on_delete=models.PROTECT, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=1, help_text=_("Stages are shown left to right by this number.")
    )
    name = models.CharField(_("name"), max_length=120)
    goal = models.TextField(
        _("customer's goal"), blank=True, help_text=_("What the customer wants at this stage.")
    )

    class Meta(Record.Meta):
        verbose_name = _("journey stage")
        verbose_name_plural = _("journey stages")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("etp", field) for field in ["reference", "journey", "order", "name"]],
        ]

    def __str__(self) -> str:
        # The reference first: one journey's "Order" is told from another's, and an import
        # names the stage by it.
        return f"{self.reference} {self.name}".strip()


class Touchpoint(Record):
    """A moment where the customer meets the company (a quote sent, a delivery, an invoice),
    its channel and owner, what is measured there and how, the indicator that follows it,
    and the experience felt (1 to 5) with its pain points."""

    REFERENCE_PREFIX = "PTC"

    class Channel(models.TextChoices):
        SITE = "site", _("Website")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        PORTAL = "portal", _("Customer portal")
        DELIVERY = "delivery", _("Delivery")
        INVOICE = "invoice", _("Invoice")
        VISIT = "visit", _("Visit or meeting")
        DOCUMENT = "document", _("Document")
        OTHER = "other", _("Other")

    stage = models.ForeignKey(
        JourneyStage,
        verbose_name=_("stage"),
        on_delete=models.PROTECT,
        related_name="touchpoints",
    )
    name = models.CharField(_("name"), max_length=160)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    measure = models.TextField(
        _("measure"),
        blank=True,
        help_text=_("What is measured at this touchpoint and how (e.g. reply time to a quote)."),
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="touchpoints",
        help_text=_("The indicator that follows this measure: its latest value is shown."),
    )
    rating = models.PositiveSmallIntegerField(
        _("experience felt (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
        help_text=_("How the customer feels this moment: 1 painful, 3 neutral, 5 delightful."),
    )
    pain_points = models.TextField(_("pain points"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("ptc", field)
                for field in [
                    "reference",
                    "stage",
                    "name",
                    "channel",
                    "rating",
                    "owner",
                    "indicator",
                ]
            ],
        ]

    def __str__(self) -> str:
        return self.name
