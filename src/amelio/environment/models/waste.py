"""Waste streams of a site and the chronological register of outgoing waste (C. env.
R541-43, arrêté du 31 mai 2021): what leaves, when, how much, with whom, where to and for
which treatment."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Record, active_index
from amelio.environment import computations as calc

siret = RegexValidator(r"^\d{14}$", _("A SIRET has 14 digits."))


class Category(models.TextChoices):
    DND = "DND", _("Non-hazardous waste (DND)")
    DD = "DD", _("Hazardous waste (DD)")
    DI = "DI", _("Inert waste (DI)")
    DEEE = "DEEE", _("Waste electrical and electronic equipment (DEEE)")
    DASRI = "DASRI", _("Healthcare waste with infectious risk (DASRI)")


class SortingStream(models.TextChoices):
    """The flows to sort at source (C. env. D543-278 ff.: 5 flows, 7 for construction waste,
    textiles from 2025, bio-waste from 2024)."""

    PAPER = "paper", _("Paper and cardboard")
    METAL = "metal", _("Metal")
    PLASTIC = "plastic", _("Plastic")
    GLASS = "glass", _("Glass")
    WOOD = "wood", _("Wood")
    MINERAL = "mineral", _("Mineral fraction")
    PLASTER = "plaster", _("Plaster")
    TEXTILE = "textile", _("Textiles")
    BIOWASTE = "biowaste", _("Bio-waste")
    NONE = "none", _("Not a sorted flow")


class TreatmentMode(models.TextChoices):
    """Treatment modes of the national register (arrêté du 31 mai 2021)."""

    REUSE = "REUTILISATION", _("Reuse")
    RECYCLING = "RECYCLAGE", _("Recycling")
    ENERGY = "VALORISATION_ENERGETIQUE", _("Energy recovery")
    OTHER = "AUTRES_VALORISATIONS", _("Other recovery")
    DISPOSAL = "ELIMINATION", _("Disposal")


class TransportMode(models.TextChoices):
    ROAD = "road", _("Road")
    RAIL = "rail", _("Rail")
    RIVER = "river", _("Inland waterway")
    SEA = "sea", _("Sea")
    AIR = "air", _("Air")
    PIPELINE = "pipeline", _("Pipeline")


class IntermediaryRole(models.TextChoices):
    BROKER = "broker", _("Broker (courtier)")
    TRADER = "trader", _("Trader (négociant)")


siren = RegexValidator(r"^\d{9}(\d{5})?$", _("A SIREN has 9 digits (or give the 14-digit SIRET)."))


class Unit(models.TextChoices):
    TONNES = "t", _("t")
    KILOGRAMS = "kg", _("kg")
    CUBIC_METRES = "m3", _("m³")


class WasteStream(Record):
    """A kind of waste a site produces, with its code in the European List of Waste, its
    category, its sorting flow, its container, who collects it and where it goes for which
    treatment. Its shipments make the register."""

    REFERENCE_PREFIX = "FLX"

    name = models.CharField(_("usual name"), max_length=200)
    waste_code = models.ForeignKey(
        "environment.WasteCode",
        verbose_name=_("waste code"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField(_("category"), max_length=5, choices=Category.choices)
    sorting_stream = models.CharField(
        _("sorting flow"), max_length=10, choices=SortingStream.choices, default="none"
    )
    pop = models.BooleanField(_("contains persistent organic pollutants (POP)"), default=False)
    container = models.CharField(_("container"), max_length=120, blank=True)
    density = models.DecimalField(
        _("density (t/m³)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("To count in tonnes the shipments measured in m³."),
    )
    collector = models.CharField(_("collector / transporter"), max_length=200, blank=True)
    collector_siret = models.CharField(
        _("collector's SIRET"), max_length=14, blank=True, validators=[siret]
    )
    collector_receipt = models.CharField(_("transport receipt number"), max_length=60, blank=True)
    destination = models.CharField(_("destination facility"), max_length=200, blank=True)
    destination_siret = models.CharField(
        _("destination's SIRET"), max_length=14, blank=True, validators=[siret]
    )
    destination_address = models.TextField(_("destination's address"), blank=True)
    treatment = models.ForeignKey(
        "environment.TreatmentCode",
        verbose_name=_("planned treatment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    basel_code = models.CharField(
        _("Basel code"),
        max_length=10,
        blank=True,
        help_text=_("Annex VIII or IX of the Basel Convention, for a transboundary shipment."),
    )
    intermediary_role = models.CharField(
        _("broker or trader"), max_length=6, choices=IntermediaryRole.choices, blank=True
    )
    intermediary = models.CharField(_("broker's or trader's name"), max_length=200, blank=True)
    intermediary_siret = models.CharField(
        _("broker's or trader's SIRET"), max_length=14, blank=True, validators=[siret]
    )
    intermediary_receipt = models.CharField(
        _("broker's or trader's receipt number"), max_length=60, blank=True
    )
    eco_organisme = models.CharField(
        _("eco-organisme"),
        max_length=200,
        blank=True,
        help_text=_(
            "When the waste is taken in charge under an extended producer responsibility scheme."
        ),
    )
    eco_organisme_siren = models.CharField(
        _("eco-organisme's SIREN"), max_length=14, blank=True, validators=[siren]
    )

    class Meta(Record.Meta):
        verbose_name = _("waste stream")
        verbose_name_plural = _("waste streams")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("envstr", f)
                for f in ("reference", "name", "category", "sorting_stream", "waste_code")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()

    def clean(self) -> None:
        code = getattr(self, "waste_code", None)
        if code is None:
            return
        if code.hazardous and self.category not in (Category.DD, Category.DASRI, Category.DEEE):
            raise ValidationError(
                {
                    "category": _(
                        "%(code)s is a hazardous waste: choose the category DD, DASRI or DEEE."
                    )
                    % {"code": code.official}
                }
            )
        if not code.hazardous and self.category == Category.DD:
            raise ValidationError(
                {"category": _("%(code)s is not a hazardous waste.") % {"code": code.official}}
            )
        treatment = getattr(self, "treatment", None)
        if treatment is not None and not self.pk and not treatment.in_use:
            raise ValidationError({"treatment": _("This operation is not allowed in France.")})
        if bool(self.intermediary_role) != bool(self.intermediary.strip()):
            field = "intermediary" if self.intermediary_role else "intermediary_role"
            raise ValidationError(
                {field: _("Give both the role and the name of the intermediary.")}
            )

    @property
    def hazardous(self) -> bool:
        return bool(self.waste_code_id and self.waste_code.hazardous)


class WasteMovement(Record):
    """One line of the chronological register of outgoing waste: a shipment of a stream on
    a date, its quantity, who took it, where to, for which treatment, its tracking slip."""

    REFERENCE_PREFIX = "DEC"

    stream = models.ForeignKey(
        WasteStream,
        verbose_name=_("waste stream"),
        on_delete=models.PROTECT,
        related_name="movements",
    )
    shipped_on = models.DateField(_("shipped on"), default=timezone.localdate)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    unit = models.CharField(_("unit"), max_length=2, choices=Unit.choices, default=Unit.TONNES)
    estimated = models.BooleanField(
        _("estimated quantity"), default=False, help_text=_("Not weighed.")
    )
    transporter = models.CharField(
        _("transporter"), max_length=200, blank=True, help_text=_("Empty: the stream's collector.")
    )
    transporter_siret = models.CharField(
        _("transporter's SIRET"), max_length=14, blank=True, validators=[siret]
    )
    transporter_receipt = models.CharField(
        _("transporter's receipt number"), max_length=60, blank=True
    )
    destination = models.CharField(
        _("destination facility"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the stream's destination."),
    )
    destination_siret = models.CharField(
        _("destination's SIRET"), max_length=14, blank=True, validators=[siret]
    )
    destination_address = models.TextField(
        _("destination's address"), blank=True, help_text=_("Empty: the stream's destination.")
    )
    treatment = models.ForeignKey(
        "environment.TreatmentCode",
        verbose_name=_("treatment code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the stream's planned treatment."),
    )
    slip_number = models.CharField(_("tracking slip number (BSD)"), max_length=60, blank=True)
    transport_mode = models.CharField(
        _("transport mode"), max_length=8, choices=TransportMode.choices, default="road"
    )
    treatment_mode = models.CharField(
        _("planned treatment mode"),
        max_length=24,
        choices=TreatmentMode.choices,
        blank=True,
        help_text=_("Empty: the usual mode of the treatment code."),
    )
    transboundary_number = models.CharField(
        _("transboundary shipment number"),
        max_length=40,
        blank=True,
        help_text=_("Notification or movement number (GISTRID, regulation 1013/2006)."),
    )
    tonnes = models.DecimalField(
        _("tonnes"), max_digits=12, decimal_places=4, null=True, blank=True, editable=False
    )

    class Meta(Record.Meta):
        verbose_name = _("waste shipment")
        verbose_name_plural = _("waste register")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("envmov", f)
                for f in ("reference", "stream", "shipped_on", "slip_number", "quantity")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.shipped_on}".strip()

    def clean(self) -> None:
        errors: dict = {}
        stream = getattr(self, "stream", None)
        if self.shipped_on and self.shipped_on > timezone.localdate():
            errors["shipped_on"] = _("A shipment cannot be in the future.")
        if self.outside(stream):
            errors["org_unit"] = _("The shipment leaves from the stream's site.")
        if stream is not None:
            if stream.hazardous and not self.slip_number.strip():
                errors["slip_number"] = _(
                    "A hazardous waste travels with a tracking slip (BSD, Trackdéchets): give "
                    "its number."
                )
            if self.unit == Unit.CUBIC_METRES and not stream.density:
                errors["unit"] = _(
                    "Give the stream's density to count this shipment in tonnes, or enter "
                    "it in tonnes."
                )
            treatment = getattr(self, "treatment", None) or stream.treatment
            modes = treatment.modes.split("|") if treatment and treatment.modes else []
            if self.treatment_mode and modes and self.treatment_mode not in modes:
                errors["treatment_mode"] = _(
                    "%(code)s does not fit this treatment mode: choose one of %(modes)s."
                ) % {
                    "code": treatment.code,
                    "modes": ", ".join(str(TreatmentMode(m).label) for m in modes),
                }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        stream = getattr(self, "stream", None)
        density = stream.density if stream is not None else None
        if self.quantity is not None:
            self.tonnes = calc.tonnes(Decimal(self.quantity), self.unit, density)
        super().save(*args, **kwargs)

    # What the register shows: the shipment's own value, else the stream's.
    @property
    def effective_treatment(self):
        return self.treatment or self.stream.treatment

    @property
    def effective_treatment_mode(self) -> str:
        """The mode chosen, else the first mode expected for the treatment code."""
        if self.treatment_mode:
            return self.treatment_mode
        treatment = self.effective_treatment
        return treatment.modes.split("|")[0] if treatment and treatment.modes else ""

    @property
    def effective_transporter(self) -> str:
        return self.transporter or self.stream.collector

    @property
    def effective_destination(self) -> str:
        return self.destination or self.stream.destination
