"""Demo energy of Forges et Mécanique du Rhône: the meters of each site (electricity,
natural gas invoiced in kWh PCS at Vénissieux, propane at Roanne, off-road diesel for the
forklifts), three years of monthly readings up to last month with their costs, the monthly
production in tonnes and the heating degree-days (DJU base 18 °C, about 2 300 a year near
Lyon), and one EnPI per site: a regression of the site's energy on DJU and production fitted
on the first year, with real savings in the last year (variable-speed compressors at
Vénissieux, a better-insulated surface treatment line at Roanne). Dates are relative to the
day the demo is loaded; a fixed seed makes every demo look the same."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from amelio.core import services as core
from amelio.energy import computations as calc
from amelio.energy.models import EnergyIndicator, Meter, Reading, Variable, VariableValue

MONTHS = 36
# Normal heating degree-days (base 18 °C) of each month near Lyon: 2 310 a year.
DJU_NORMALS = [420, 350, 290, 190, 95, 20, 0, 0, 45, 175, 320, 405]
# Tonnes shipped in a normal month, August and December being holiday months.
PRODUCTION = {"LYO": 150, "ROA": 60}
HOLIDAYS = {8: 0.4, 12: 0.8}
COLDER = {"LYO": 1.0, "ROA": 1.06}

# key, site, name, energy, unit, usage, SEU, relevant variables, delivery point,
# monthly model (constant, per DJU, per tonne) in the meter's unit, price (€ per unit),
# part of the EnPI, saving reached at the end of the last year (share of the consumption).
METERS = [
    ("lyo-elec", "LYO", "Électricité – TGBT général", "electricity", "kWh",
     "Centres d'usinage CN, air comprimé, éclairage", True, "Production (t)",
     "PDL 30001234567890", (95_000, 0, 420), Decimal("0.162"), True, 0.12),
    ("lyo-gaz", "LYO", "Gaz naturel – chaufferie et four de polymérisation", "natural_gas",
     "kWh_PCS", "Chauffage des ateliers, four de cuisson de la peinture poudre", True,
     "DJU, production (t)", "PCE GI123456", (20_000, 190, 180), Decimal("0.078"), True, 0.03),
    ("lyo-gnr", "LYO", "Gazole non routier – chariots élévateurs", "diesel", "L",
     "Chariots élévateurs du magasin et de l'expédition", False, "Production (t)", "",
     (700, 0, 3.5), Decimal("1.18"), False, 0),
    ("roa-elec", "ROA", "Électricité – poste de livraison", "electricity", "kWh",
     "Redresseurs et chauffage des bains de traitement de surface, assemblage", True,
     "Production (t)", "PDL 30009876543210", (40_000, 0, 520), Decimal("0.158"), True, 0.04),
    ("roa-propane", "ROA", "Propane – citerne du chauffage et des bains", "propane", "kg",
     "Chauffage des bâtiments, maintien en température des bains", True, "DJU",
     "Citerne 3,2 t", (800, 14, 25), Decimal("1.32"), True, 0.15),
    ("roa-gnr", "ROA", "Gazole non routier – chariot élévateur", "diesel", "L",
     "Chariot élévateur du magasin", False, "Production (t)", "",
     (180, 0, 2.0), Decimal("1.18"), False, 0),
]  # fmt: skip
SUPPLIERS = {"electricity": "EDF", "natural_gas": "ENGIE", "propane": "PRIMAGAZ", "diesel": "TOTAL"}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    """That day at that time, never in the future."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return min(moment, timezone.now())


def _months(today: dt.date) -> list[dt.date]:
    last = calc.add_months(calc.first_of_month(today), -1)
    return [calc.add_months(last, index - MONTHS + 1) for index in range(MONTHS)]


def _variables(company, months, rng) -> dict[str, dict]:
    """DJU and production of each site and month, saved as variable values."""
    coordinator = company.users["coordinator"]
    created = _at(months[0])
    found: dict[str, dict] = {}
    for site in ("LYO", "ROA"):
        station = "Lyon-Bron" if site == "LYO" else "Roanne-Renaison"
        specs = [
            ("dju", f"DJU base 18 °C (station {station})", "hdd", "DJU",
             "Météo-France, méthode Météo : max(0 ; 18 − (Tmin + Tmax) / 2) par jour."),
            ("production", "Production expédiée", "production", "t",
             "Tonnes de pièces expédiées, d'après l'ERP."),
        ]  # fmt: skip
        found[site] = {}
        for key, name, kind, unit, description in specs:
            variable = Variable(
                org_unit=company.units[site], name=name, kind=kind, unit=unit,
                description=description, created_at=created, updated_at=created,
            )  # fmt: skip
            core.record_create(record=variable, user=coordinator)
            values = {}
            for month in months:
                if key == "dju":
                    normal = DJU_NORMALS[month.month - 1] * COLDER[site]
                    value = round(normal * rng.uniform(0.85, 1.15)) if normal else 0
                else:
                    base = PRODUCTION[site] * HOLIDAYS.get(month.month, 1.0)
                    value = round(base * rng.uniform(0.88, 1.12), 1)
                values[month] = value
                VariableValue.objects.create(
                    variable=variable, month=month, value=Decimal(str(value))
                )
            found[site][key] = (variable, values)
    return found


def _quantity(spec, month, index, variables, rng) -> Decimal:
    """The month's consumption from the meter's model, with noise, and the saving that the
    improvement brings along the last year."""
    constant, per_dju, per_tonne = spec[9]
    site_values = variables[spec[1]]
    dju = site_values["dju"][1][month]
    tonnes = site_values["production"][1][month]
    holidays = 0.75 if month.month == 8 else 1.0
    value = (constant * holidays + per_dju * dju + per_tonne * tonnes) * rng.gauss(1, 0.025)
    first_saving_month = MONTHS - 12
    if index >= first_saving_month:
        progress = (index - first_saving_month + 1) / 12
        value *= 1 - spec[12] * progress
    return Decimal(round(value))


def _meters_and_readings(company, months, variables, rng) -> dict[str, Meter]:
    coordinator = company.users["coordinator"]
    meters = {}
    for spec in METERS:
        key, site, name, energy, unit, usage, seu, relevant, point = spec[:9]
        meter = Meter(
            org_unit=company.units[site], name=name, energy=energy, unit=unit, usage=usage,
            significant=seu, relevant_variables=relevant, delivery_point=point,
            created_at=_at(months[0]), updated_at=_at(months[0]),
        )  # fmt: skip
        core.record_create(record=meter, user=coordinator)
        meters[key] = meter
        for index, month in enumerate(months):
            end = calc.add_months(month, 1) - dt.timedelta(days=1)
            quantity = _quantity(spec, month, index, variables, rng)
            invoiced = energy in SUPPLIERS and energy != "diesel"
            estimated = invoiced and rng.random() < 0.06
            reading = Reading(
                org_unit=meter.org_unit,
                meter=meter,
                period_start=month,
                period_end=end,
                quantity=quantity,
                cost=(quantity * spec[10] + (Decimal(95) if invoiced else 0)).quantize(
                    Decimal("0.01")
                ),
                kind="estimate" if estimated else "invoice" if invoiced else "reading",
                invoice_number=f"{SUPPLIERS[energy]}-{month:%Y%m}-{site}{index:03d}"
                if invoiced
                else "",
                created_at=_at(end + dt.timedelta(days=6)),
                updated_at=_at(end + dt.timedelta(days=6)),
            )
            core.record_create(record=reading, user=coordinator)
    return meters


def _indicators(company, months, meters, variables) -> None:
    coordinator = company.users["coordinator"]
    specs = [
        ("LYO", "Consommation d'énergie du site de Vénissieux (électricité + gaz)", ["lyo-elec", "lyo-gaz"]),
        ("ROA", "Consommation d'énergie du site de Roanne (électricité + propane)", ["roa-elec", "roa-propane"]),
    ]  # fmt: skip
    for site, name, keys in specs:
        indicator = EnergyIndicator(
            org_unit=company.units[site],
            name=name,
            kind="regression",
            variable_1=variables[site]["dju"][0],
            variable_2=variables[site]["production"][0],
            baseline_start=months[0],
            baseline_end=months[11],
            reporting_start=months[12],
            description=(
                "Référence énergétique : régression mensuelle E = β0 + β1·DJU + β2·production "
                "sur la première année ; période de suivi ensuite (ISO 50001 6.4-6.5, ISO 50006)."
            ),
            created_at=_at(months[12]),
            updated_at=_at(months[12]),
        )
        core.record_create(
            record=indicator,
            user=coordinator,
            m2m_save=lambda i=indicator, k=keys: i.meters.set([meters[key] for key in k]),
        )


def load(company) -> None:
    """Create the demo meters, readings, variables and EnPIs."""
    from amelio.energy.reference_data import ensure_factors

    ensure_factors()  # a test database flushed between journeys has lost them
    rng = random.Random(50001)
    months = _months(timezone.localdate())
    variables = _variables(company, months, rng)
    meters = _meters_and_readings(company, months, variables, rng)
    _indicators(company, months, meters, variables)
