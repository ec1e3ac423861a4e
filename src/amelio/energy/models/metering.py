"""Meters of a site and their readings: what each meter measures, in which unit, what it
feeds, whether it is a significant energy use (ISO 50001 6.3); each reading's period,
quantity and cost, with its kWh PCI/PCS and kgCO2e computed on save from the factors in
force, and a link to those factors."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Record, active_index
from amelio.energy import computations as calc
from amelio.energy.models.reference import ConversionFactor, EmissionFactor, Energy


class ReadingUnit(models.TextChoices):
    KWH = "kWh", _("kWh")
    MWH = "MWh", _("MWh")
    KWH_PCS = "kWh_PCS", _("kWh PCS (gas invoices)")
    CUBIC_METRES = "m3", _("m³")
    LITRES = "L", _("L")
    KILOGRAMS = "kg", _("kg")
    TONNES = "t", _("t")
    GIGAJOULES = "GJ", _("GJ")


class ReadingKind(models.TextChoices):
    READING = "reading", _("Meter reading")
    INVOICE = "invoice", _("Invoice")
    ESTIMATE = "estimate", _("Estimate")


# Energies bought as energy, never as a fuel quantity.
ENERGY_ONLY = {Energy.ELECTRICITY, Energy.STEAM, Energy.DISTRICT_HEAT}


class Meter(Record):
    """A meter (or a delivery point, or a fuel tank) of a site: the energy it measures, the
    unit its readings are written in, the use it feeds and whether that use is significant."""

    REFERENCE_PREFIX = "CPT"

    name = models.CharField(_("name"), max_length=200)
    energy = models.CharField(_("energy"), max_length=20, choices=Energy.choices)
    unit = models.CharField(
        _("unit of the readings"), max_length=8, choices=ReadingUnit.choices, default="kWh"
    )
    supplier_coefficient = models.DecimalField(
        _("supplier's coefficient (kWh PCS/m³)"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("Printed on gas invoices (coefficient de conversion); needed in m³."),
    )
    delivery_point = models.CharField(_("delivery point (PDL, PCE)"), max_length=40, blank=True)
    usage = models.CharField(
        _("usage"), max_length=200, blank=True, help_text=_("What it feeds: furnace, heating…")
    )
    significant = models.BooleanField(_("significant energy use (SEU)"), default=False)
    relevant_variables = models.TextField(
        _("relevant variables"),
        blank=True,
        help_text=_("What makes its consumption vary: production, degree-days, shifts…"),
    )

    class Meta(Record.Meta):
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("enmet", f)
                for f in ("reference", "name", "energy", "unit", "significant")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()

    def clean(self) -> None:
        errors: dict = {}
        gas_volume = self.energy == Energy.NATURAL_GAS and self.unit == ReadingUnit.CUBIC_METRES
        if gas_volume and not self.supplier_coefficient:
            errors["supplier_coefficient"] = _(
                "A gas meter read in m³ needs the supplier's coefficient (kWh PCS per m³) "
                "printed on the invoice."
            )
        if self.supplier_coefficient and not gas_volume:
            errors["supplier_coefficient"] = _("Only for a natural gas meter read in m³.")
        message = self._unit_problem()
        if message:
            errors["unit"] = message
        elif not errors:
            message = self._trial_problem()
            if message:
                errors["unit"] = message
        if self.pk and not errors and self._used_differently():
            errors["unit"] = _(
                "This meter has readings: its energy and unit stay as they are; create a "
                "new meter for another energy or unit."
            )
        if errors:
            raise ValidationError(errors)

    def _unit_problem(self):
        if not self.energy or not self.unit:
            return None
        if self.energy in ENERGY_ONLY and not calc.is_energy_unit(self.unit):
            return _("%(energy)s is read in kWh, MWh or GJ.") % {
                "energy": self.get_energy_display()
            }
        if self.energy == Energy.NATURAL_GAS and self.unit == ReadingUnit.CUBIC_METRES:
            return None
        if self.unit == ReadingUnit.KWH_PCS or calc.is_energy_unit(self.unit):
            return None
        factors = [f.as_factor() for f in ConversionFactor.objects.filter(energy=self.energy)]
        if calc.choose_factor(self.unit, factors) is None:
            return _(
                "No conversion factor turns %(unit)s of %(energy)s into kWh: choose another "
                "unit, or ask an administrator to add the factor."
            ) % {"unit": self.get_unit_display(), "energy": self.get_energy_display()}
        return None

    def _trial_problem(self):
        """Why a reading of this meter could not be converted with today's factors (a fuel
        oil read in kWh PCS, diesel in tonnes against a factor per litre), or None. A missing
        emission factor is not held against the meter: the coordinator may import it later."""
        from amelio.energy.services import reading_figures

        try:
            reading_figures(
                meter=self, unit=self.unit, quantity=Decimal(1), day=timezone.localdate()
            )
        except ValidationError as error:
            problems = error.message_dict
            if set(problems) == {"period_start"}:
                return None
            return " ".join(problems.get("quantity", error.messages))
        return None

    def _used_differently(self) -> bool:
        stored = Meter.objects.filter(pk=self.pk).values("energy", "unit").first()
        changed = stored and (stored["energy"], stored["unit"]) != (self.energy, self.unit)
        return bool(changed) and self.readings.exists()


class Reading(Record):
    """A quantity of a meter over a period (a meter reading, an invoice or an estimate), its
    cost, and what it comes to in kWh PCI, kWh PCS and kgCO2e with the factors used."""

    REFERENCE_PREFIX = "REL"

    meter = models.ForeignKey(
        Meter, verbose_name=_("meter"), on_delete=models.PROTECT, related_name="readings"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("In the meter's unit."),
    )
    cost = models.DecimalField(
        _("cost excl. VAT (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReadingKind.choices, default=ReadingKind.READING
    )
    invoice_number = models.CharField(_("invoice number"), max_length=60, blank=True)
    # Computed on save; the unit is the meter's at the time of the reading.
    unit = models.CharField(_("unit"), max_length=8, choices=ReadingUnit.choices, editable=False)
    kwh_pci = models.DecimalField(
        _("kWh PCI"), max_digits=16, decimal_places=3, null=True, editable=False
    )
    kwh_pcs = models.DecimalField(
        _("kWh PCS"), max_digits=16, decimal_places=3, null=True, editable=False
    )
    kg_co2e = models.DecimalField(
        _("kgCO2e"), max_digits=16, decimal_places=3, null=True, editable=False
    )
    conversion_factor = models.ForeignKey(
        ConversionFactor,
        verbose_name=_("conversion factor"),
        null=True,
        on_delete=models.PROTECT,
        related_name="readings",
        editable=False,
    )
    emission_factor = models.ForeignKey(
        EmissionFactor,
        verbose_name=_("emission factor"),
        null=True,
        on_delete=models.PROTECT,
        related_name="readings",
        editable=False,
    )

    class Meta(Record.Meta):
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("enrea", f)
                for f in ("reference", "meter", "period_start", "period_end", "kind")
            ],
            models.Index(fields=["meter", "period_start", "period_end"], name="enrea_meter_period"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.meter.name if self.meter_id else ''}".strip()

    def clean(self) -> None:
        errors: dict = {}
        meter = getattr(self, "meter", None)
        if self.outside(meter):
            errors["org_unit"] = _("A reading belongs to its meter's site.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        elif meter is not None and self.period_start and self.period_end:
            overlap = self._overlapping()
            if overlap is not None:
                errors["period_start"] = _(
                    "This period overlaps reading %(reference)s of the same meter "
                    "(%(start)s – %(end)s)."
                ) % {
                    "reference": overlap.reference,
                    "start": formats.date_format(overlap.period_start, "SHORT_DATE_FORMAT"),
                    "end": formats.date_format(overlap.period_end, "SHORT_DATE_FORMAT"),
                }
        if not errors and meter is not None and self.quantity and self.period_start:
            self.compute()
        if errors:
            raise ValidationError(errors)

    def _overlapping(self):
        return (
            Reading.objects.active()
            .filter(
                meter=self.meter,
                period_start__lte=self.period_end,
                period_end__gte=self.period_start,
            )
            .exclude(pk=self.pk)
            .order_by("period_start")
            .first()
        )

    def compute(self) -> None:
        """Set kWh PCI/PCS, kgCO2e and the factors from the factors in force at the start of
        the period; a ValidationError on the quantity says which factor is missing."""
        from amelio.energy.services import reading_figures

        if not self.unit or not self.pk:
            self.unit = self.meter.unit
        figures = reading_figures(
            meter=self.meter, unit=self.unit, quantity=self.quantity, day=self.period_start
        )
        self.kwh_pci, self.kwh_pcs, self.kg_co2e = figures.kwh_pci, figures.kwh_pcs, figures.kg
        self.conversion_factor, self.emission_factor = figures.conversion, figures.emission

    def save(self, *args, **kwargs) -> None:
        if self.kwh_pci is None and self.quantity is not None:
            self.compute()
        super().save(*args, **kwargs)
