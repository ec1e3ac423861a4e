"""Demo control plan of Forges et Mécanique du Rhône: the surveillance plan of the CNC
machining of the Ø 25 transmission shaft at Vénissieux, the part of the demo FMEA (bearing
seat Ø 25 h7, its roughness Ra, hardness after the subcontracted heat treatment, tightening
torque, burrs), approved, with three months of controls entered by the operators. A
tool-wear drift puts two diameters out of tolerance and a few other controls fail: each
raised its nonconformity. The diameter is linked to the FMEA line of the same failure mode
when the demo FMEA is loaded, and feeds its SPC indicator.

Dates are counted back from the day the demo is loaded; a fixed seed makes every demo alike."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from amelio.core import services as core
from amelio.riskanalysis import services_control
from amelio.riskanalysis.models import ControlCharacteristic, ControlPlan, ControlRecord, FmeaLine

DAYS = 91
SHIFTS = (dt.time(6, 30), dt.time(14, 30))
REACTION_BORE = (
    "Arrêter la machine. Isoler et trier au micromètre toutes les pièces depuis le dernier "
    "contrôle bon. Changer la plaquette de finition et corriger l'usure d'outil, contrôler "
    "3 pièces avant de relancer. Prévenir le chef d'équipe."
)
FMEA_FAILURE_MODE = "Diamètre Ø 25 h7 hors tolérance"

# key, name, watched, class, type, nominal, LSL, USL, unit, method, instrument, sample,
# every, unit of frequency, responsible, reaction plan
CHARACTERISTICS: list[tuple[Any, ...]] = [
    ("bore", "Diamètre Ø 25 h7 de portée de roulement", "product", "SC", "variable", "24.990", "24.979", "25.000", "mm", "Micromètre sur la 1re pièce du poste puis 1 pièce sur 20", "Micromètre d'extérieur 25-50 mm (MET-114)", 5, 1, "shift", "tmercier", REACTION_BORE),
    ("ra", "Rugosité Ra de la portée de roulement", "product", "SC", "variable", None, None, "0.8", "µm", "Mesure sur 1 pièce, 3 génératrices", "Rugosimètre portable (MET-087)", 1, 1, "week", "erousseau", "Contrôler les 10 dernières pièces. Changer la plaquette et vérifier les conditions de coupe (avance, lubrification)."),
    ("hardness", "Dureté après traitement thermique", "product", "SC", "variable", "31", "28", "34", "HRC", "3 empreintes sur 3 pièces par lot reçu du traiteur", "Duromètre Rockwell (MET-052)", 3, 1, "week", "employee", "Bloquer le lot, demander le procès-verbal du traiteur et ouvrir une réclamation fournisseur."),
    ("torque", "Couple de serrage de l'écrou M12 en bout d'arbre", "process", "CC", "variable", "80", "75", "85", "N·m", "Contrôle au couple de reprise sur 5 vis", "Clé dynamométrique 20-100 N·m (MET-140)", 5, 1, "day", "employee", "Resserrer au couple les vis de la série, vérifier l'étalonnage de la visseuse, prévenir la qualité."),
    ("burrs", "Absence de bavures sur le chanfrein de portée", "product", "", "attribute", None, None, None, "", "Contrôle visuel et au toucher, 5 pièces", "", 5, 1, "day", "erousseau", "Ébavurer les pièces du conteneur, vérifier l'outil à chanfreiner."),
]  # fmt: skip

# The process of each demo characteristic's values: mean, standard deviation, decimals.
DRIFTS = {
    "bore": (Decimal("24.990"), 0.0032, 3),
    "ra": (Decimal("0.55"), 0.07, 2),
    "hardness": (Decimal("31"), 1.1, 1),
    "torque": (Decimal("80"), 1.4, 1),
}
# Controls that failed, counted back from the last one (1: the latest control), so that the
# demo is alike whatever the day it is loaded: key -> {rank: value (None: "not conform")}.
FAILED: dict[str, dict[int, str | None]] = {
    "bore": {88: "25.004", 86: "25.006"},
    "ra": {9: "0.92"},
    "hardness": {3: "27.4"},
    "burrs": {50: None, 11: None},
}
COMMENTS = {
    ("bore", 88): "Usure de la plaquette de finition, 38 pièces triées, 2 rebutées.",
    ("bore", 86): "Dérive confirmée après changement de plaquette : jauge de réglage déréglée.",
    ("ra", 9): "Brouillard d'huile insuffisant, buse bouchée.",
    ("hardness", 3): "Lot TT-2231 du traiteur : 27,4 HRC sur 2 pièces sur 3.",
    ("burrs", 50): "Bavures sur 3 pièces sur 5, chanfreineur émoussé.",
    ("burrs", 11): "Bavure sur 1 pièce, ébavurage manuel.",
}


def load(company) -> None:
    coordinator = company.users["coordinator"]
    plan = _plan(company, coordinator)
    characteristics = {
        row[0]: _characteristic(company, plan, row, coordinator) for row in CHARACTERISTICS
    }
    core.record_transition(record=plan, user=coordinator, name="submit")
    core.record_transition(record=plan, user=coordinator, name="approve")
    _records(company, characteristics)
    services_control.spc_indicator_create(characteristic=characteristics["bore"], user=coordinator)


def _plan(company, user) -> ControlPlan:
    from amelio.processes.models import Process

    plan = ControlPlan(
        title="Plan de surveillance usinage – arbre de transmission Ø 25",
        org_unit=company.units["LYO-USI"],
        process=Process.objects.filter(code="R-USI").first(),
        product="Arbre de transmission Ø 25 réf. AT-25-180 (plan indice C), ligne CN",
        phase="production",
        owner=company.users["manager"],
        next_review=timezone.localdate() + dt.timedelta(days=240),
    )
    core.record_create(record=plan, user=user)
    return plan


def _number(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _characteristic(company, plan, row, user) -> ControlCharacteristic:
    (key, name, watched, special, data_type, nominal, lsl, usl, unit, method, instrument,
     sample, every, frequency, responsible, reaction) = row  # fmt: skip
    characteristic = ControlCharacteristic(
        plan=plan,
        org_unit=plan.org_unit,
        name=name,
        watched=watched,
        special_class=special,
        data_type=data_type,
        nominal=_number(nominal),
        lsl=_number(lsl),
        usl=_number(usl),
        unit=unit,
        method=method,
        instrument=instrument,
        sample_size=sample,
        frequency_every=every,
        frequency_unit=frequency,
        responsible=company.users[responsible],
        reaction_plan=reaction,
        fmea_line=_fmea_line() if key == "bore" else None,
    )
    core.record_create(record=characteristic, user=user)
    # Added before the three months of controls shown.
    start = timezone.now() - dt.timedelta(days=DAYS + 7)
    ControlCharacteristic.objects.filter(pk=characteristic.pk).update(created_at=start)
    characteristic.created_at = start
    return characteristic


def _fmea_line() -> FmeaLine | None:
    """The demo FMEA's line on the bearing-seat diameter, when that FMEA is loaded."""
    return FmeaLine.objects.active().filter(failure_mode=FMEA_FAILURE_MODE).first()


def _moments(frequency: str, today: dt.date) -> list[dt.datetime]:
    """The moment of each control in the three months, working days only."""
    moments = []
    for ago in range(DAYS, 0, -1):
        day = today - dt.timedelta(days=ago)
        if day.weekday() >= 5 or (frequency == "week" and day.weekday() != 1):
            continue
        times = SHIFTS if frequency == "shift" else (dt.time(9, 15),)
        for at in times:
            moments.append(timezone.make_aware(dt.datetime.combine(day, at)))
    return moments


def _records(company, characteristics: dict[str, ControlCharacteristic]) -> None:
    rng = random.Random(20)  # noqa: S311  # demo values, not secrets
    today = timezone.localdate()
    operators = [company.users["tmercier"], company.users["erousseau"]]
    for key, characteristic in characteristics.items():
        moments = _moments(characteristic.frequency_unit, today)
        for index, moment in enumerate(moments):
            rank = len(moments) - index
            failure = FAILED.get(key, {}).get(rank, "")
            record = ControlRecord(
                characteristic=characteristic,
                org_unit=characteristic.org_unit,
                measured_at=moment,
                comment=COMMENTS.get((key, rank), ""),
            )
            _result(record, key, failure, rng)
            core.record_create(record=record, user=operators[index % 2])


def _result(record: ControlRecord, key: str, failure: str | None, rng: random.Random) -> None:
    """The value measured (or the conformity); `failure` is the failed value, None for a
    failed attribute, "" for a good control."""
    if key not in DRIFTS:
        record.conform = failure == ""
        return
    if failure:
        record.value = Decimal(failure)
        return
    mean, sigma, places = DRIFTS[key]
    characteristic = record.characteristic
    while True:
        value = round(Decimal(rng.gauss(float(mean), sigma)), places)
        low, high = characteristic.lsl, characteristic.usl
        if (low is None or value >= low) and (high is None or value <= high):
            record.value = value
            return
