"""The figures the energy app publishes (../shared/DESIGN.md, core.measures): kWh PCI in all
and by energy, tCO2e, cost and the share of the significant energy uses, as the energy review
computes them (`series.consumption`), and each EnPI with its improvement over the months of
the period, as the EnPI page computes them (`series.analyse`).

A reading spread over several months counts pro rata to its days, month by month: a period
counts its whole months. A period without any reading has no figure (None), not 0 kWh: the
invoices of a month often come weeks later.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from amelio.core.measures import HIGHER, LOWER, Measure, Scope, measures
from amelio.energy import computations as calc
from amelio.energy.models import Energy, EnergyIndicator, Reading
from amelio.energy.series import (
    Consumption,
    Month,
    analyse,
    consumption_between,
    performance_between,
)

REVIEW = "energy:reading_review"
ENPIS = "energy:energyindicator_list"


def months(scope: Scope) -> tuple[dt.date, dt.date]:
    """The first and last months the scope covers."""
    return calc.first_of_month(scope.start), calc.first_of_month(scope.last_day)


def scope_consumption(scope: Scope) -> Consumption:
    """The consumption of the scope's readings over its months, as the energy review sums it."""
    readings = Reading.objects.active().filter(org_unit__path__startswith=scope.path)
    return consumption_between(readings, *months(scope))


def _total(scope: Scope) -> Month | None:
    found = scope_consumption(scope)
    return found.total if found.by_energy else None


@measures.measure(
    "energy.kwh",
    label=_("Energy used"),
    unit="kWh",
    direction=LOWER,
    description=_(
        "Every energy in kWh PCI (lower heating value), a reading over several months "
        "spread pro rata to its days, as the energy review adds them."
    ),
    page=REVIEW,
    decimals=0,
)
def kwh(scope: Scope) -> float | None:
    total = _total(scope)
    return None if total is None else total.kwh


def _energy_kwh(energy: str):
    def compute(scope: Scope) -> float | None:
        found = scope_consumption(scope).by_energy.get(energy)
        return None if found is None else found.kwh

    return compute


for _energy, _label in Energy.choices:
    measures.measure(
        f"energy.kwh.{_energy}",
        label=format_lazy("{} ({})", _("Energy used"), _label),
        unit="kWh",
        direction=LOWER,
        description=_(
            "The kWh PCI of this energy, a reading over several months spread pro rata to "
            "its days, as the energy review adds them."
        ),
        page=REVIEW,
        decimals=0,
    )(_energy_kwh(_energy))


@measures.measure(
    "energy.tco2e",
    label=_("Greenhouse gases from energy"),
    unit="tCO2e",
    direction=LOWER,
    description=_(
        "Location-based emissions of the energy used, with the emission factor in force "
        "for each reading, as the energy review adds them."
    ),
    page=REVIEW,
    decimals=1,
)
def tco2e(scope: Scope) -> float | None:
    total = _total(scope)
    return None if total is None else total.kg / 1000


@measures.measure(
    "energy.cost",
    label=_("Energy cost excl. VAT"),
    unit="€",
    direction=LOWER,
    description=_(
        "The costs recorded on the readings, excl. VAT, spread like their kWh; no figure "
        "when no reading of the period has its cost."
    ),
    page=REVIEW,
    decimals=0,
)
def cost(scope: Scope) -> float | None:
    total = _total(scope)
    return total.cost if total is not None and total.costed else None


@measures.measure(
    "energy.seu_share",
    label=_("Share of the significant energy uses"),
    unit="%",
    direction=HIGHER,
    description=_(
        "The share of the kWh used by the meters marked as significant energy uses (ISO "
        "50001 6.3), as the energy review shows it."
    ),
    page=REVIEW,
    decimals=1,
)
def seu_share(scope: Scope) -> float | None:
    share = scope_consumption(scope).seu_share
    return None if share is None else share * 100


# --- EnPIs: one measure per energy performance indicator ----------------------------------


def enpi_performance(pk: int, scope: Scope):
    """The EnPI's totals over the reporting months of the scope's period, as its page
    computes them over its whole reporting period; None when the EnPI is archived, outside
    the scope, has no fitted baseline or no reporting month in the period."""
    indicator = EnergyIndicator.objects.active().select_related("org_unit").filter(pk=pk).first()
    if indicator is None or not indicator.org_unit.path.startswith(scope.path):
        return None
    analysis = analyse(indicator, timezone.localdate())
    return performance_between(analysis, *months(scope))


def _enpi_ratio(pk: int):
    def compute(scope: Scope) -> float | None:
        found = enpi_performance(pk, scope)
        return None if found is None else found.ratio

    return compute


def _enpi_improvement(pk: int):
    def compute(scope: Scope) -> float | None:
        found = enpi_performance(pk, scope)
        return None if found is None else found.improvement

    return compute


def _indicators() -> list[tuple[int, str, str]]:
    return [
        (pk, f"{reference} {name}".strip(), path)
        for pk, reference, name, path in EnergyIndicator.objects.active()
        .order_by("pk")
        .values_list("pk", "reference", "name", "org_unit__path")
    ]


@measures.family("energy.enpi")
def enpis() -> list[Measure]:
    """Each EnPI as the ratio of the actual consumption to the adjusted baseline."""
    return [
        Measure(
            key=f"energy.enpi.{pk}",
            label=format_lazy("{} – {}", name, _("EnPI (actual / adjusted baseline)")),
            compute=_enpi_ratio(pk),
            unit="",
            direction=LOWER,
            description=_(
                "Actual kWh over the kWh the baseline model expects for the same relevant "
                "variables, over the reporting months of the period; below 1 is better than "
                "the baseline."
            ),
            page=ENPIS,
            unit_path=path,
            decimals=3,
        )
        for pk, name, path in _indicators()
    ]


@measures.family("energy.enpi_improvement")
def enpi_improvements() -> list[Measure]:
    """Each EnPI's energy performance improvement against its baseline, in %."""
    return [
        Measure(
            key=f"energy.enpi_improvement.{pk}",
            label=format_lazy("{} – {}", name, _("Energy performance improvement")),
            compute=_enpi_improvement(pk),
            unit="%",
            direction=HIGHER,
            description=_(
                "(Adjusted baseline − actual) / adjusted baseline, over the reporting months "
                "of the period, as the EnPI page shows it."
            ),
            page=ENPIS,
            unit_path=path,
            decimals=1,
        )
        for pk, name, path in _indicators()
    ]
