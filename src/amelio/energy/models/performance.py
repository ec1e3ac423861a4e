"""Energy performance (ISO 50001 6.4-6.5): the relevant variables of a site with their
monthly values, and the energy performance indicators (EnPI) with their baseline period,
reporting period and kind of model (absolute consumption, ratio, regression)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Record, active_index
from amelio.energy import computations as calc


class VariableKind(models.TextChoices):
    PRODUCTION = "production", _("Production")
    HEATING_DEGREE_DAYS = "hdd", _("Heating degree-days (DJU)")
    COOLING_DEGREE_DAYS = "cdd", _("Cooling degree-days")
    OCCUPANCY = "occupancy", _("Occupancy or opening hours")
    OTHER = "other", _("Other")


class Variable(Record):
    """A relevant variable of a site: a quantifiable factor that changes routinely and moves
    its energy use (tonnes produced, degree-days base 18 °C), with one value per month."""

    REFERENCE_PREFIX = "VAR"

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=VariableKind.choices, default=VariableKind.PRODUCTION
    )
    unit = models.CharField(_("unit"), max_length=30, help_text=_("t, parts, DJU, hours…"))
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Where the values come from: weather station, production system…"),
    )

    class Meta(Record.Meta):
        verbose_name = _("relevant variable")
        verbose_name_plural = _("relevant variables")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("envar", f) for f in ("reference", "name", "kind")],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name} ({self.unit})".strip()


class VariableValue(models.Model):
    """The value of a relevant variable for one month (the first day of the month)."""

    variable = models.ForeignKey(
        Variable, verbose_name=_("variable"), on_delete=models.CASCADE, related_name="values"
    )
    month = models.DateField(_("month"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = _("value of a variable")
        verbose_name_plural = _("values of variables")
        ordering = ["variable", "month"]
        constraints = [
            models.UniqueConstraint(fields=["variable", "month"], name="energy_varvalue_unique")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.value}"

    def save(self, *args, **kwargs) -> None:
        self.month = calc.first_of_month(self.month)
        super().save(*args, **kwargs)


class IndicatorKind(models.TextChoices):
    ABSOLUTE = "absolute", _("Absolute consumption (kWh)")
    RATIO = "ratio", _("Ratio (kWh per unit of a variable)")
    REGRESSION = "regression", _("Regression model (up to two variables)")


class EnergyIndicator(Record):
    """An energy performance indicator (EnPI) and its energy baseline (EnB): the meters it
    counts, how the baseline is normalised, the baseline and reporting periods (months)."""

    REFERENCE_PREFIX = "IPE"

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=IndicatorKind.choices, default=IndicatorKind.ABSOLUTE
    )
    meters = models.ManyToManyField(
        "energy.Meter",
        verbose_name=_("meters"),
        blank=True,
        related_name="indicators",
        help_text=_("Empty: every meter of the org unit and below."),
    )
    variable_1 = models.ForeignKey(
        Variable,
        verbose_name=_("first relevant variable"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    variable_2 = models.ForeignKey(
        Variable,
        verbose_name=_("second relevant variable"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Regression model only."),
    )
    baseline_start = models.DateField(_("baseline from (month)"))
    baseline_end = models.DateField(_("baseline to (month)"))
    reporting_start = models.DateField(_("reporting from (month)"))
    reporting_end = models.DateField(
        _("reporting to (month)"), null=True, blank=True, help_text=_("Empty: up to last month.")
    )
    r2_threshold = models.DecimalField(
        _("R² threshold"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.75"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Below it the regression model does not explain the consumption well."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("energy performance indicator")
        verbose_name_plural = _("energy performance indicators")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("enenpi", f) for f in ("reference", "name", "kind")],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()

    @property
    def variables(self) -> list[Variable]:
        if self.kind == IndicatorKind.ABSOLUTE:
            return []
        found = [
            self.variable_1,
            self.variable_2 if self.kind == IndicatorKind.REGRESSION else None,
        ]
        return [v for v in found if v is not None]

    def clean(self) -> None:
        for name in ("baseline_start", "baseline_end", "reporting_start", "reporting_end"):
            day = getattr(self, name)
            if day is not None:
                setattr(self, name, calc.first_of_month(day))
        errors: dict = {}
        if self.baseline_start and self.baseline_end and self.baseline_end < self.baseline_start:
            errors["baseline_end"] = _("The baseline ends before it starts.")
        if (
            self.reporting_start
            and self.reporting_end
            and self.reporting_end < self.reporting_start
        ):
            errors["reporting_end"] = _("The reporting period ends before it starts.")
        if self.kind in (IndicatorKind.RATIO, IndicatorKind.REGRESSION) and not self.variable_1_id:
            errors["variable_1"] = _("A ratio or a regression needs a relevant variable.")
        if self.kind == IndicatorKind.RATIO and self.variable_2_id:
            errors["variable_2"] = _("A ratio has one variable only.")
        if self.variable_1_id and self.variable_1_id == self.variable_2_id:
            errors["variable_2"] = _("Choose two different variables.")
        errors.update(self._variables_of_the_site())
        if errors:
            raise ValidationError(errors)

    def _variables_of_the_site(self) -> dict:
        unit = getattr(self, "org_unit", None)
        if unit is None:
            return {}
        site = unit.site or unit
        errors = {}
        for name in ("variable_1", "variable_2"):
            variable = getattr(self, name)
            if variable is not None and not variable.org_unit.path.startswith(site.path):
                errors[name] = _("The variable must belong to the indicator's site.")
        return errors
