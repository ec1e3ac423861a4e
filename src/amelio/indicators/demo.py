"""Demo objectives and indicators of Forges et Mécanique du Rhône, tied to the four axes of
the QSE policy.

The indicators a module computes (accidents, near misses, NCs, complaints, audits, actions,
gas, waste, TF1) are bound to its measure: no value is typed for them, they are computed
from the registers at the end of the demo load (`finish`), so they say what the registers
hold. The others, which no register holds (service rate, scrap, TRS, survey, training hours,
absenteeism...), carry three years of typed monthly values: deterministic pseudo-random
series, some drifting or breaking control rules. One more indicator counts the actions
opened each month with a register filter."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from amelio.core import services
from amelio.core.measures import measures, period_start
from amelio.indicators import services as indicator_services
from amelio.indicators.models import Indicator, IndicatorTarget, IndicatorValue, Objective
from amelio.processes.models import Process

MONTHS = 36
# The months of history computed for the indicators bound to a measure.
COMPUTED_MONTHS = 24

# key, title, axis, process, unit, owner, description, means
OBJECTIVES = [
    (
        "service",
        "Livrer à l'heure au moins 95 % des commandes",
        "quality",
        "R-EXP",
        "LYO",
        "manager",
        "Taux de service client ≥ 95 % en moyenne glissante sur 3 mois.",
        "Planification à capacité finie, revue hebdomadaire des retards.",
    ),
    (
        "scrap",
        "Diviser par deux les rebuts d'usinage",
        "quality",
        "R-USI",
        "LYO-PROD",
        "manager",
        "Passer de 3 % à 1,5 % de pièces rebutées en usinage CN.",
        "Maîtrise statistique des cotes critiques, formation des régleurs.",
    ),
    (
        "safety",
        "Zéro accident avec arrêt",
        "safety",
        "M-QSE",
        "FMR",
        "coordinator",
        "Aucun accident avec arrêt ; TF1 < 10 sur 12 mois glissants.",
        "",
    ),
    (
        "energy",
        "Réduire de 10 % la consommation d'énergie par pièce",
        "energy",
        None,
        "FMR",
        "coordinator",
        "",
        "Plan de comptage, récupération de chaleur des compresseurs.",
    ),
]

# name, process, unit code, owner, unit, direction, target, alert, mean, noise, drift per
# month (applied to the last 8 months), chart, objective, lsl, usl
# fmt: off
INDICATORS = [
    ("Taux de service client", "R-EXP", "LYO", "manager", "%", "higher", 95, 92, 95.5, 1.2, -0.45, "individuals", "service", None, None),
    ("Retards de livraison", "R-EXP", "LYO", "manager", "cmd", "lower", 8, 12, 7, 2.5, 0, "c", "service", None, None),
    ("Taux de rebut usinage", "R-USI", "LYO-PROD", "manager", "%", "lower", 2.5, 3.0, 2.4, 0.35, 0.12, "p", "scrap", None, None),
    ("Cote Ø12 H7 : écart moyen", "R-USI", "LYO-USI", "manager", "µm", "lower", 4, 6, 2.0, 1.0, 0, "individuals", "scrap", -9, 9),
    ("Temps de réglage moyen", "R-USI", "LYO-USI", "manager", "min", "lower", 45, 55, 44, 4, 0, "individuals", None, None, None),
    ("TRS centre d'usinage", "R-USI", "LYO-USI", "manager", "%", "higher", 75, 70, 74, 3, 0, "individuals", None, None, None),
    ("Défauts de soudure par ensemble", "R-SOU", "LYO-SOU", "manager", "déf./ens.", "lower", 0.08, 0.12, 0.07, 0.02, 0, "u", "scrap", None, None),
    ("Épaisseur de peinture", "R-PEI", "LYO-PEI", "manager", "µm", "higher", 80, 75, 85, 2.5, 0, "individuals", None, 70, 100),
    ("Satisfaction client (enquête)", "M-AUD", "FMR", "auditor", "/10", "higher", 8, 7.5, 8.2, 0.3, 0, "individuals", None, None, None),
    ("Heures de formation sécurité", "S-RH", "FMR", "coordinator", "h", "higher", 120, 90, 125, 25, 0, "individuals", "safety", None, None),
    ("Absentéisme", "S-RH", "FMR", "coordinator", "%", "lower", 4, 5, 3.8, 0.6, 0, "individuals", None, None, None),
    ("Consommation électrique par pièce", None, "LYO", "coordinator", "kWh/pièce", "lower", 2.2, 2.5, 2.35, 0.08, -0.03, "individuals", "energy", None, None),
    ("Disponibilité des machines", "S-MAI", "LYO-MAI", "manager", "%", "higher", 95, 92, 95.5, 1.5, 0, "individuals", None, None, None),
    ("Interventions préventives réalisées", "S-MAI", "LYO-MAI", "manager", "%", "higher", 90, 85, 91, 4, 0, "individuals", None, None, None),
    ("Fournisseurs notés A", "S-ACH", "FMR", "coordinator", "%", "higher", 70, 60, 72, 4, 0, "individuals", None, None, None),
    ("Taux de service Roanne", "R-EXP", "ROA", "coordinator", "%", "higher", 95, 92, 96, 1.1, 0, "individuals", "service", None, None),
]
# fmt: on

# name, process, unit code, owner, unit, direction, target, alert, measure, frequency, chart,
# decimals, objective, definition. Targets are set against what the registers hold: about
# three lost-time accidents and three near misses a year, four internal NCs and one or two
# complaints a month, 2 t of hazardous waste a month at Vénissieux, 50 to 115 MWh PCI of gas.
# fmt: off
BOUND = [
    ("Accidents avec arrêt", "M-QSE", "FMR", "coordinator", "AT", "lower", 0, 1, "safety.lost_time_accidents", "monthly", "c", 0, "safety", "Accidents du travail avec au moins un jour d'arrêt, par date de survenue, tous sites."),
    ("Taux de fréquence TF1", "M-QSE", "FMR", "coordinator", "", "lower", 10, 15, "safety.tf1", "yearly", "individuals", 2, "safety", "Accidents avec arrêt par million d'heures travaillées, sur l'année civile."),
    ("Presqu'accidents déclarés", "M-QSE", "FMR", "coordinator", "décl.", "higher", 3, 1, "safety.near_misses", "quarterly", "c", 0, "safety", "Presqu'accidents déclarés dans le trimestre : un signe de la culture de remontée des situations à risque."),
    ("Non-conformités internes", "M-QSE", "FMR", "coordinator", "NC", "lower", 4, 6, "nonconformities.ncs.internal", "monthly", "c", 0, "scrap", "Non-conformités d'origine interne déclarées dans le mois, tous sites."),
    ("Réclamations clients", "M-AUD", "FMR", "auditor", "récl.", "lower", 1, 3, "customers.complaints", "monthly", "c", 0, "service", "Réclamations reçues des clients dans le mois."),
    ("Audits internes réalisés", "M-AUD", "FMR", "auditor", "%", "higher", 90, 75, "audits.programme_completion", "yearly", "individuals", 0, None, "Part des audits internes du programme de l'année réalisés."),
    ("Actions soldées dans les délais", "M-QSE", "FMR", "coordinator", "%", "higher", 80, 65, "actions.on_time_rate", "monthly", "individuals", 1, None, "Part des actions soldées dans le mois à leur date d'échéance ou avant."),
    ("Consommation de gaz", None, "LYO", "coordinator", "kWh PCI", "lower", 85000, 105000, "energy.kwh.natural_gas", "monthly", "individuals", 0, "energy", "Gaz naturel consommé par le site (chaufferie et four de polymérisation), en kWh PCI ; l'hiver dépasse la cible, l'IPÉ corrige du climat."),
    ("Déchets dangereux produits", None, "LYO", "coordinator", "t", "lower", 2.0, 3.0, "environment.hazardous_waste_tonnes", "monthly", "individuals", 2, None, "Déchets dangereux expédiés dans le mois (registre des déchets), en tonnes."),
    ("Taux de tri des déchets", None, "FMR", "coordinator", "%", "higher", 75, 65, "environment.waste_recovery_rate", "monthly", "individuals", 1, None, "Part des déchets expédiés vers une filière de valorisation (codes R), tous sites."),
]
# fmt: on


def _months(today: dt.date) -> list[dt.date]:
    """The 36 months up to the previous one, oldest first."""
    first = dt.date(today.year, today.month, 1)
    index = first.year * 12 + first.month - 1 - MONTHS
    return [dt.date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(MONTHS)]


def _series(rng: random.Random, mean: float, noise: float, drift: float) -> list[float]:
    values = []
    for i in range(MONTHS):
        shift = drift * max(0, i - (MONTHS - 8))
        values.append(mean + shift + rng.gauss(0, noise))
    return values


def load(company) -> None:
    processes = {p.code: p for p in Process.objects.all()}
    objectives = {}
    for key, title, axis, process, unit, owner, description, means in OBJECTIVES:
        record = Objective(
            org_unit=company.units[unit],
            title=title,
            policy_axis=axis,
            process=processes.get(process) if process else None,
            owner=company.users[owner],
            due_date=dt.date(timezone.localdate().year, 12, 31),
            description=description,
            means=means,
        )
        objectives[key] = services.record_create(record=record, user=company.users["coordinator"])
    periods = _months(timezone.localdate())
    rng = random.Random(20261122)
    for row in INDICATORS:
        _indicator(company, processes, objectives, periods, rng, *row)
    for bound in BOUND:
        _bound(company, processes, objectives, periods, *bound)
    _computed(company, processes)


def finish(company) -> None:
    """Compute the last 24 months of the computed indicators, once every register is
    loaded and dated. An indicator bound to a measure that is not published is left empty."""
    today = timezone.localdate()
    indicators = Indicator.objects.filter(
        source__in=(Indicator.Source.COMPUTED, Indicator.Source.MEASURE)
    ).order_by("pk")
    for indicator in indicators:
        if (
            indicator.source == Indicator.Source.MEASURE
            and indicator.source_measure not in measures
        ):
            continue
        periods = sorted(
            {period_start(day, indicator.frequency) for day in _months(today)[-COMPUTED_MONTHS:]}
        )
        indicator_services.computed_backfill(indicator=indicator, periods=periods)


def _bound(company, processes, objectives, periods, *row) -> None:
    """An indicator bound to a module's measure: its values are computed, never typed."""
    name, process, unit, owner, measure, direction, target, alert = row[:8]
    key, frequency, chart, decimals, objective, definition = row[8:]
    record = Indicator(
        org_unit=company.units[unit],
        name=name,
        definition=definition,
        unit=measure,
        direction=direction,
        frequency=frequency,
        owner=company.users[owner],
        process=processes.get(process) if process else None,
        objective=objectives.get(objective) if objective else None,
        chart_type=chart,
        decimals=decimals,
        source=Indicator.Source.MEASURE,
        source_measure=key,
    )
    if frequency == "monthly":
        record.baseline_start = periods[-COMPUTED_MONTHS]
        record.baseline_end = periods[-COMPUTED_MONTHS + 11]
    _save(record, company.users["coordinator"])
    first = period_start(periods[-COMPUTED_MONTHS], frequency)
    IndicatorTarget.objects.create(indicator=record, valid_from=first, target=target, alert=alert)


def _save(record: Indicator, user) -> None:
    """Create the indicator; one bound to a measure no module publishes yet (a module not
    installed) is saved as it is, without the check of its measure."""
    if record.source_measure in measures:
        services.record_create(record=record, user=user)
        return
    record.created_by = record.updated_by = user
    record.save()


def _computed(company, processes) -> None:
    """An indicator computed from the actions register, with a register filter (its values
    are computed by `finish`: the actions of the demo are loaded after the indicators)."""
    record = Indicator(
        org_unit=company.units["FMR"],
        name="Actions ouvertes par mois",
        definition="Nombre d'actions créées dans le mois, tous sites.",
        unit="actions",
        direction=Indicator.Direction.LOWER,
        owner=company.users["coordinator"],
        process=processes.get("M-QSE"),
        chart_type=Indicator.ChartType.C,
        decimals=0,
        source=Indicator.Source.COMPUTED,
        source_register="actions.action",
        aggregation=Indicator.Aggregation.COUNT,
        source_date_field="created_at",
    )
    services.record_create(record=record, user=company.users["coordinator"])


def _indicator(company, processes, objectives, periods, rng, *row) -> None:
    name, process, unit, owner, measure, direction, target, alert = row[:8]
    noise, chart, objective, lsl, usl = row[9], row[11], row[12], row[13], row[14]
    user = company.users[owner]
    record = Indicator(
        org_unit=company.units[unit],
        name=name,
        definition=f"{name} ({measure}), mesuré chaque mois.",
        unit=measure,
        direction=direction,
        owner=user,
        process=processes.get(process) if process else None,
        objective=objectives.get(objective) if objective else None,
        chart_type=chart,
        decimals=0 if chart == "c" else 2 if noise < 0.5 else 1,
        lsl=lsl,
        usl=usl,
        baseline_start=periods[0],
        baseline_end=periods[17],
    )
    services.record_create(record=record, user=company.users["coordinator"])
    indicator = record
    IndicatorTarget.objects.create(
        indicator=indicator, valid_from=periods[0], target=target, alert=alert
    )
    IndicatorValue.objects.bulk_create(_values(indicator, user, periods, rng, row))
    indicator_services.refresh(indicator, notify_periods={periods[-1]})


def _values(indicator, user, periods, rng, row) -> list[IndicatorValue]:
    mean, noise, drift, chart = row[8], row[9], row[10], row[11]
    rows = []
    for period, value in zip(periods, _series(rng, mean, noise, drift), strict=True):
        numerator = denominator = None
        if chart == "c":
            value = float(max(0, round(value)))
        elif chart in ("p", "u"):
            denominator = float(rng.randint(900, 1300) if chart == "p" else rng.randint(80, 120))
            share = max(0.0, value / (100 if chart == "p" else 1))
            numerator = float(round(share * denominator))
            value = round(numerator / denominator * (100 if chart == "p" else 1), 4)
        rows.append(
            IndicatorValue(
                indicator=indicator,
                period=period,
                value=round(value, 3),
                numerator=numerator,
                denominator=denominator,
                entered_by=user,
            )
        )
    return rows
