"""Versioned reference data of energy: kWh per unit of each energy (conversion factors) and
kgCO2e per kWh or per litre (emission factors), each with its version, date of validity,
status and source. A reading keeps a link to the factors it was computed with."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.numbers import plain
from amelio.energy import computations as calc


class Energy(models.TextChoices):
    ELECTRICITY = "electricity", _("Electricity")
    NATURAL_GAS = "natural_gas", _("Natural gas")
    FUEL_OIL = "fuel_oil", _("Fuel oil")
    PROPANE = "propane", _("Propane")
    BUTANE = "butane", _("Butane")
    DIESEL = "diesel", _("Diesel")
    PETROL = "petrol", _("Petrol")
    WOOD_PELLETS = "wood_pellets", _("Wood pellets")
    STEAM = "steam", _("Steam")
    DISTRICT_HEAT = "district_heat", _("District heat")


# The tonne of oil equivalent is a unit of account, not an energy one buys: a conversion
# factor only.
TOE = "toe"
FACTOR_ENERGIES = [*Energy.choices, (TOE, _("Tonne of oil equivalent (unit of account)"))]


class FactorStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    TO_VERIFY = "to_verify", _("To verify")
    INDICATIVE = "indicative", _("Indicative")


class FactorQuerySet(models.QuerySet):
    def valid_on(self, energy: str, day: dt.date) -> list:
        """The factors of `energy` in force on `day`: for each unit (conversion) or basis
        (emission), the one with the latest "valid from" on or before `day`."""
        key = "unit" if self.model is ConversionFactor else "basis_unit"
        kept: dict[str, object] = {}
        for factor in self.filter(energy=energy, valid_from__lte=day).order_by(
            "-valid_from", "-id"
        ):
            kept.setdefault(getattr(factor, key), factor)
        return list(kept.values())

    def in_force(self, energy: str, day: dt.date):
        """The emission factor of `energy` for a period starting on `day`: the latest valid
        from on or before it (None when there is none)."""
        return (
            self.filter(energy=energy, valid_from__lte=day).order_by("-valid_from", "-id").first()
        )


def validate_unit(value: str) -> None:
    if not calc.is_valid_unit(value):
        raise ValidationError(
            _("“%(unit)s” is not a unit: write kWh, L, kg, t or m**3."), params={"unit": value}
        )


class ConversionFactor(models.Model):
    """kWh PCI (and PCS) per unit of an energy: 9.97 kWh PCI per litre of fuel oil, 0.90 kWh
    PCI per kWh PCS of natural gas."""

    energy = models.CharField(_("energy"), max_length=20, choices=FACTOR_ENERGIES)
    unit = models.CharField(
        _("unit"),
        max_length=20,
        validators=[validate_unit],
        help_text=_("As pint writes it: kWh, L, kg, t, m**3."),
    )
    kwh_pci_per_unit = models.DecimalField(
        _("kWh PCI per unit"),
        max_digits=14,
        decimal_places=6,
        validators=[MinValueValidator(0)],
    )
    kwh_pcs_per_unit = models.DecimalField(
        _("kWh PCS per unit"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    version = models.CharField(_("version"), max_length=80)
    valid_from = models.DateField(_("valid from"))
    status = models.CharField(_("status"), max_length=12, choices=FactorStatus.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = FactorQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversion factor")
        verbose_name_plural = _("conversion factors")
        ordering = ["energy", "unit", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["energy", "unit", "valid_from"], name="energy_convfactor_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_energy_display()}: {plain(self.kwh_pci_per_unit)} kWh PCI/{self.unit}"

    def as_factor(self) -> calc.Factor:
        return calc.Factor(self.unit, self.kwh_pci_per_unit, self.kwh_pcs_per_unit)


class EmissionFactor(models.Model):
    """kgCO2e per kWh PCI (or per litre) of an energy, from a named base and vintage."""

    energy = models.CharField(_("energy"), max_length=20, choices=Energy.choices)
    value = models.DecimalField(
        _("kgCO2e per unit"), max_digits=12, decimal_places=6, validators=[MinValueValidator(0)]
    )
    basis_unit = models.CharField(
        _("per"),
        max_length=20,
        validators=[validate_unit],
        help_text=_("kWh (PCI) or a physical unit such as L."),
    )
    scope = models.CharField(_("scope"), max_length=120, blank=True)
    vintage = models.CharField(_("vintage"), max_length=20, blank=True)
    base_name = models.CharField(_("base"), max_length=120)
    valid_from = models.DateField(_("valid from"))
    status = models.CharField(_("status"), max_length=12, choices=FactorStatus.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=400, blank=True)
    imported_at = models.DateTimeField(_("imported on"), default=timezone.now, editable=False)

    objects = FactorQuerySet.as_manager()

    class Meta:
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        ordering = ["energy", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["energy", "valid_from"], name="energy_emisfactor_unique"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_energy_display()}: {plain(self.value)} kgCO2e/{self.basis_label} "
            f"({self.base_name} {self.vintage})".replace(" )", ")")
        )

    @property
    def basis_label(self) -> str:
        return f"{self.basis_unit} PCI" if calc.is_energy_unit(self.basis_unit) else self.basis_unit
