"""Demo objectives and indicators of Forges et Mécanique du Rhône: 25 indicators (and one computed from the actions) with three
years of monthly values (deterministic pseudo-random series, some drifting or breaking
control rules), targets that tighten in the last year, and four objectives tied to the axes
of the QSE policy."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from amelio.core import services
from amelio.indicators import services as indicator_services
from amelio.indicators.models import Indicator, IndicatorTarget, IndicatorValue, Objective
from amelio.processes.models import Process

MONTHS = 36

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
    ("Réclamations clients", "M-AUD", "FMR", "auditor", "récl.", "lower", 3, 5, 2.5, 1.5, 0, "c", "service", None, None),
    ("Satisfaction client (enquête)", "M-AUD", "FMR", "auditor", "/10", "higher", 8, 7.5, 8.2, 0.3, 0, "individuals", None, None, None),
    ("Audits internes réalisés", "M-AUD", "FMR", "auditor", "%", "higher", 90, 80, 92, 6, 0, "individuals", None, None, None),
    ("Actions soldées dans les délais", "M-QSE", "FMR", "coordinator", "%", "higher", 85, 75, 84, 5, 0, "individuals", None, None, None),
    ("Non-conformités internes", "M-QSE", "FMR", "coordinator", "NC", "lower", 10, 14, 9, 3, 0.5, "c", "scrap", None, None),
    ("Accidents avec arrêt", "M-QSE", "FMR", "coordinator", "AT", "lower", 0, 1, 0.3, 0.6, 0, "c", "safety", None, None),
    ("Presqu'accidents déclarés", "M-QSE", "FMR", "coordinator", "décl.", "higher", 6, 4, 6, 2, 0.3, "c", "safety", None, None),
    ("Heures de formation sécurité", "S-RH", "FMR", "coordinator", "h", "higher", 120, 90, 125, 25, 0, "individuals", "safety", None, None),
    ("Absentéisme", "S-RH", "FMR", "coordinator", "%", "lower", 4, 5, 3.8, 0.6, 0, "individuals", None, None, None),
    ("Consommation électrique par pièce", None, "LYO", "coordinator", "kWh/pièce", "lower", 2.2, 2.5, 2.35, 0.08, -0.03, "individuals", "energy", None, None),
    ("Consommation de gaz", None, "LYO", "coordinator", "MWh", "lower", 60, 70, 62, 9, 0, "individuals", "energy", None, None),
    ("Déchets dangereux produits", None, "LYO", "coordinator", "t", "lower", 1.5, 1.8, 1.4, 0.2, 0, "individuals", None, None, None),
    ("Taux de tri des déchets", None, "FMR", "coordinator", "%", "higher", 85, 80, 86, 2, 0, "individuals", None, None, None),
    ("Disponibilité des machines", "S-MAI", "LYO-MAI", "manager", "%", "higher", 95, 92, 95.5, 1.5, 0, "individuals", None, None, None),
    ("Interventions préventives réalisées", "S-MAI", "LYO-MAI", "manager", "%", "higher", 90, 85, 91, 4, 0, "individuals", None, None, None),
    ("Fournisseurs notés A", "S-ACH", "FMR", "coordinator", "%", "higher", 70, 60, 72, 4, 0, "individuals", None, None, None),
    ("Taux de service Roanne", "R-EXP", "ROA", "coordinator", "%", "higher", 95, 92, 96, 1.1, 0, "individuals", "service", None, None),
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
    _computed(company, processes)


def _computed(company, processes) -> None:
    """An indicator computed from the actions register (values computed on demand: the
    actions of the demo are loaded after the indicators)."""
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
