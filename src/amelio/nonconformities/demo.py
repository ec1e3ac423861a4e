"""Demo nonconformities of Forges et Mécanique du Rhône: ~150 over two years, internal ones
and customer complaints, with costs and causes, a few recurring defects, 5 whys, Ishikawa
causes, several 8D reports, and corrective actions (through the actions services) in every
state. Generated from a fixed seed so that every demo looks the same."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.core import services
from amelio.core.models import TransitionLog
from amelio.nonconformities import services as nc_services
from amelio.nonconformities.models import EightD, Nonconformity
from amelio.processes.models import Process

COUNT = 150
DAYS = 730
# product, process code ("": Roanne's assembly has no process of its own), unit, defect types
# (with the cause family most often behind them)
PRODUCTS = [
    ("Bride B-12", "R-USI", "LYO-USI", [("Cote hors tolérance", "machine"), ("Rayures", "method")]),
    ("Arbre A-40", "R-USI", "LYO-USI", [("Cote hors tolérance", "machine"), ("Bavures", "method")]),
    (
        "Châssis CH-3",
        "R-SOU",
        "LYO-SOU",
        [("Soudure incomplète", "manpower"), ("Porosité", "material")],
    ),
    (
        "Support S-7",
        "R-SOU",
        "LYO-SOU",
        [("Déformation", "method"), ("Soudure incomplète", "manpower")],
    ),
    ("Capot C-21", "R-SOU", "LYO-TOL", [("Pliage hors angle", "machine"), ("Rayures", "milieu")]),
    (
        "Carter K-5",
        "R-PEI",
        "LYO-PEI",
        [("Défaut d'aspect peinture", "milieu"), ("Épaisseur insuffisante", "measurement")],
    ),
    (
        "Platine P-9",
        "R-TS",
        "ROA-TS",
        [("Corrosion", "material"), ("Épaisseur insuffisante", "measurement")],
    ),
    (
        "Ensemble E-2",
        "",
        "ROA-ASS",
        [("Pièce manquante", "method"), ("Mauvais couple de serrage", "manpower")],
    ),
]
# Fictitious companies, the demo customers (customers.demo_customers) that complained.
CUSTOMERS = [
    "Véhicules Ardéchois",
    "Freinage Industriel Auvergne",
    "Agromachines du Berry",
    "Sièges et Structures de Champagne",
    "Comptoir Industriel Dauphinois",
]
SUPPLIERS = ["Aciéries du Forez", "Visserie Rhône-Alpes", "Peintures Dauphiné"]
PLACES = [
    "Contrôle final",
    "Poste de travail",
    "Réception client",
    "Contrôle réception",
    "Audit produit",
]
# The 5 whys of a defect when its usual cause family is behind it (a supplier's lot of
# porous wire or corroded plates is the supplier's analysis, not ours).
WHYS = {
    ("Cote hors tolérance", "machine"): [
        ("Pourquoi la cote est-elle hors tolérance ?", "L'outil était usé"),
        ("Pourquoi l'outil était-il usé ?", "Il n'a pas été changé à la fréquence prévue"),
        ("Pourquoi n'a-t-il pas été changé ?", "Le compteur de pièces n'est pas suivi en 2x8"),
        ("Pourquoi le compteur n'est-il pas suivi ?", "Aucune alerte machine n'est paramétrée"),
    ],
    ("Rayures", "method"): [
        ("Pourquoi les pièces sont-elles rayées ?", "Elles frottent entre elles dans le bac"),
        ("Pourquoi frottent-elles ?", "Il n'y a pas d'intercalaire"),
        (
            "Pourquoi n'y a-t-il pas d'intercalaire ?",
            "La gamme de conditionnement ne le prévoit pas",
        ),
    ],
    ("Bavures", "method"): [
        ("Pourquoi reste-t-il des bavures ?", "L'ébavurage n'est pas fait sur la face arrière"),
        ("Pourquoi n'est-il pas fait ?", "La gamme ne mentionne que la face avant"),
        ("Pourquoi la gamme est-elle incomplète ?", "Elle n'a pas été revue au changement de plan"),
    ],
    ("Déformation", "method"): [
        ("Pourquoi le support est-il déformé ?", "Il s'est voilé au refroidissement des soudures"),
        ("Pourquoi s'est-il voilé ?", "Les cordons sont soudés dans le désordre"),
        ("Pourquoi dans le désordre ?", "La séquence de soudage n'est pas écrite dans le DMOS"),
    ],
    ("Pliage hors angle", "machine"): [
        ("Pourquoi l'angle est-il hors tolérance ?", "Le retour élastique a varié"),
        ("Pourquoi a-t-il varié ?", "La compensation de bombage de la presse est déréglée"),
        ("Pourquoi est-elle déréglée ?", "Elle ne fait pas partie de la maintenance préventive"),
    ],
    ("Pièce manquante", "method"): [
        ("Pourquoi une vis manque-t-elle sur l'ensemble ?", "Le monteur a été interrompu"),
        ("Pourquoi l'oubli n'a-t-il pas été vu ?", "Le contrôle final ne compte pas les vis"),
        (
            "Pourquoi ne les compte-t-il pas ?",
            "La liste de contrôle ne reprend pas la nomenclature",
        ),
    ],
    ("Soudure incomplète", "manpower"): [
        ("Pourquoi la soudure est-elle incomplète ?", "Le soudeur n'a pas repris le cordon"),
        (
            "Pourquoi ne l'a-t-il pas repris ?",
            "Il ne connaissait pas la reprise exigée par le plan",
        ),
        ("Pourquoi ne la connaissait-il pas ?", "Le mode opératoire n'est pas affiché au poste"),
    ],
    ("Mauvais couple de serrage", "manpower"): [
        ("Pourquoi le couple de serrage est-il faux ?", "La visseuse a été réglée à l'œil"),
        ("Pourquoi à l'œil ?", "Le monteur intérimaire n'a pas été formé à la clé dynamométrique"),
        ("Pourquoi n'a-t-il pas été formé ?", "L'accueil au poste ne prévoit pas cette formation"),
    ],
}
# The branches of the 6M that the team explored for each defect, in the order of the 6M.
SIX_M = ["material", "machine", "method", "manpower", "milieu", "measurement"]
ISHIKAWA = {
    "Cote hors tolérance": {"material": ["Dureté de la barre en limite haute"], "machine": ["Usure outil", "Dérive thermique de la broche"], "method": ["Pas de compteur de durée de vie outil"], "measurement": ["Micromètre non étalonné"]},
    "Rayures": {"method": ["Pas d'intercalaire dans les bacs"], "manpower": ["Manipulation sans gants"], "milieu": ["Copeaux sur l'établi de contrôle"]},
    "Bavures": {"machine": ["Outil d'ébavurage émoussé"], "method": ["Gamme sans ébavurage de la face arrière"], "manpower": ["Opérateur nouveau au poste"]},
    "Soudure incomplète": {"material": ["Fil de soudure humide"], "machine": ["Dévidoir qui patine"], "method": ["DMOS non affiché au poste"], "manpower": ["Soudeur intérimaire non formé"]},
    "Porosité": {"material": ["Fil de soudure humide", "Tôle grasse"], "milieu": ["Courant d'air sur le poste"], "machine": ["Débit de gaz de protection trop faible"]},
    "Déformation": {"method": ["Séquence de soudage non définie", "Bridage insuffisant"], "material": ["Tôle de faible épaisseur"]},
    "Pliage hors angle": {"machine": ["Compensation de bombage déréglée"], "material": ["Épaisseur de tôle variable"], "measurement": ["Rapporteur d'angle non étalonné"]},
    "Défaut d'aspect peinture": {"milieu": ["Poussière en cabine"], "material": ["Lot de poudre humide"], "method": ["Dégraissage insuffisant"]},
    "Épaisseur insuffisante": {"machine": ["Débit de poudre irrégulier", "Redresseur en limite de courant"], "measurement": ["Jauge d'épaisseur non étalonnée"], "method": ["Temps de traitement raccourci"]},
    "Corrosion": {"material": ["Lot de platines oxydées à réception"], "milieu": ["Stockage près des bains"], "method": ["Passivation trop courte"]},
    "Pièce manquante": {"method": ["Contrôle final sans liste des composants"], "manpower": ["Monteur interrompu en cours de montage"]},
    "Mauvais couple de serrage": {"manpower": ["Intérimaire non formé"], "machine": ["Visseuse non étalonnée"], "measurement": ["Clé dynamométrique hors validité"]},
}  # fmt: skip
STEPS = ["qualify", "analyse", "plan", "start", "check", "close"]


def _target(rng: random.Random, age: int) -> int:
    """How many steps an NC of `age` days has gone through (older ones are mostly closed)."""
    if age > 200:
        return 6 if rng.random() < 0.9 else rng.choice([4, 5])
    if age > 60:
        return rng.choice([3, 4, 4, 5, 6, 6])
    return rng.choice([0, 1, 1, 2, 2, 3, 4])


def _costs(rng: random.Random, nc_type: str) -> dict:
    scrap = Decimal(rng.randrange(0, 2400, 20))
    rework = Decimal(rng.randrange(0, 1500, 10))
    handling = Decimal(rng.randrange(40, 400, 10))
    penalties = Decimal(rng.choice([0, 0, 500, 1500])) if nc_type == "customer" else Decimal(0)
    return {
        "cost_scrap": scrap,
        "cost_rework": rework,
        "cost_handling": handling,
        "cost_penalties": penalties or None,
    }


def _record(rng, index, company, processes, today) -> Nonconformity:
    units, users = company.units, company.users
    product, process_code, unit, defects = rng.choice(PRODUCTS)
    # A few products repeat the same defect a few weeks apart: recurrences to find.
    defect, cause = defects[0] if index % 7 == 0 else rng.choice(defects)
    nc_type = rng.choices(
        ["internal", "customer", "supplier", "audit", "regulatory"], [60, 22, 10, 6, 2]
    )[0]
    age = DAYS - index * DAYS // COUNT - rng.randrange(0, 4)
    detected = today - dt.timedelta(days=max(age, 1))
    checked = rng.choice([20, 50, 100, 250, 500])
    third = ""
    if nc_type == "customer":
        third = rng.choice(CUSTOMERS)
    elif nc_type == "supplier":
        third = rng.choice(SUPPLIERS)
        cause = "material"
    nc = Nonconformity(
        title=f"{defect} sur {product}",
        org_unit=units[unit],
        nc_type=nc_type,
        severity=rng.choices(["minor", "major", "critical"], [65, 30, 5])[0],
        process=processes.get(process_code),
        product=product,
        lot=f"L{detected:%y%m}-{rng.randrange(10, 99)}",
        order_reference=f"CDE-{rng.randrange(24000, 26999)}" if nc_type == "customer" else "",
        quantity_checked=checked,
        quantity_nonconforming=rng.randrange(1, max(2, checked // 8)),
        detected_on=detected,
        detection_place=rng.choice(PLACES),
        description=f"{defect} constaté(e) sur {product} ({rng.choice(PLACES).lower()}).",
        qqoqccp_who=rng.choice(["Contrôleur qualité", "Opérateur", "Client", "Magasinier"]),
        qqoqccp_what=f"{defect} sur {product}",
        qqoqccp_where=units[unit].name,
        qqoqccp_when=f"{detected:%d/%m/%Y}",
        qqoqccp_how="Contrôle visuel et dimensionnel",
        qqoqccp_how_many=f"{checked} pièces contrôlées",
        qqoqccp_why="Exigence du plan client non respectée",
        defect_type=defect,
        cause_category=cause,
        third_party=third,
        containment="Tri à 100 % du stock et des en-cours ; pièces suspectes bloquées.",
        owner=users[
            rng.choice(["manager", "coordinator"]) if unit.startswith("LYO") else "coordinator"
        ],
        customer_response_due=detected + dt.timedelta(days=10) if nc_type == "customer" else None,
        **_costs(rng, nc_type),
    )
    services.record_create(record=nc, user=users["coordinator"])
    return nc


def _analyse(rng, nc, users) -> None:
    steps = WHYS.get((nc.defect_type, nc.cause_category))
    if steps:
        nc_services.whys_save(nc=nc, user=users["coordinator"], steps=steps)
    else:
        Nonconformity.objects.filter(pk=nc.pk).update(
            root_cause=f"Cause racine identifiée ({nc.get_cause_category_display()})"
        )
    if rng.random() < 0.3:
        branches = ISHIKAWA.get(nc.defect_type, {})
        explored = [key for key in SIX_M if rng.random() < 0.7]
        causes = {key: branches[key] for key in explored if key in branches}
        nc_services.ishikawa_save(nc=nc, user=users["coordinator"], variant="6M", causes=causes)
    nc.refresh_from_db()


def _action(nc, users, today, state: str, shared: dict) -> None:
    """Link a corrective action to `nc` (shared by the repeats of one product and defect)."""
    key = (nc.product, nc.defect_type)
    action = shared.get(key)
    # The production manager runs Vénissieux; Roanne's actions are the coordinator's.
    owner = users["manager"] if nc.org_unit.code.startswith("LYO") else users["coordinator"]
    if action is None or action.status != state:
        action = Action(
            title=f"Supprimer la cause : {nc.defect_type.lower()} sur {nc.product}",
            org_unit=nc.org_unit,
            action_type="corrective",
            owner=owner,
            verifier=users["auditor"],
            start_date=min(nc.detected_on + dt.timedelta(days=7), today),
            due_date=nc.detected_on + dt.timedelta(days=45),
            effectiveness_criterion="Aucune récidive sur 3 mois",
        )
        services.record_create(record=action, user=users["coordinator"])
        steps = {"in_progress": ["start"], "done": ["start", "complete"]}.get(state, [])
        if state == "verified":
            steps = ["start", "complete", "verify"]
        for step in steps:
            user = users["auditor"] if step == "verify" else owner
            comment = "Aucune récidive constatée sur 3 mois." if step == "verify" else ""
            services.record_transition(record=action, user=user, name=step, comment=comment)
        action.refresh_from_db()
        shared[key] = action
    action_link(action=action, record=nc, user=users["coordinator"])


def _walk(rng, nc, target: int, users, today, shared, eight_d: bool) -> None:
    for step in STEPS[:target]:
        if step == "plan":
            _analyse(rng, nc, users)
            if eight_d:
                _eight_d(nc, users)
        if step == "start":
            _action(
                nc,
                users,
                today,
                "verified" if target >= 5 else rng.choice(["planned", "in_progress"]),
                shared,
            )
        services.record_transition(record=nc, user=users["coordinator"], name=step)
        nc.refresh_from_db()


def _eight_d(nc, users) -> None:
    report = EightD(
        nonconformity=nc,
        opened_on=nc.detected_on,
        target_on=nc.detected_on + dt.timedelta(days=60),
        d0_preparation="Alerte client reçue, cellule de crise réunie le jour même.",
        d1_team="Claire Martin (pilote QSE)\nJulien Bernard (production)\nKarim Benali (régleur)",
        d2_problem=nc.description,
        d3_containment=nc.containment,
        d4_root_cause=nc.root_cause or "Cause racine en cours de confirmation",
        d5_corrective="Modification de la gamme et alerte machine.",
        d6_validation="Trois lots consécutifs conformes.",
        d7_prevention="AMDEC processus et plan de surveillance mis à jour.",
        d8_congratulations="Merci à l'équipe pour sa réactivité.",
    )
    nc_services.eight_d_save(report=report, user=users["coordinator"])


def load(company) -> None:
    """Create the demo nonconformities (after processes and actions)."""
    rng = random.Random(6)
    today = timezone.localdate()
    processes = {p.code: p for p in Process.objects.all()}
    shared: dict = {}
    users = company.users
    for index in range(COUNT):
        nc = _record(rng, index, company, processes, today)
        age = (today - nc.detected_on).days
        target = _target(rng, age)
        if target == 0 and rng.random() < 0.15:
            services.record_transition(
                record=nc,
                user=users["coordinator"],
                name="cancel",
                comment="Doublon d'une autre fiche.",
            )
            continue
        eight_d = nc.nc_type == "customer" and index % 3 == 0
        _walk(rng, nc, target, users, today, shared, eight_d)
        _backdate(nc, today)


def _backdate(nc, today) -> None:
    """Created when detected; closed about two months later (never in the future)."""
    created = timezone.make_aware(dt.datetime.combine(nc.detected_on, dt.time(10, 0)))
    fields: dict = {"created_at": created}
    if nc.closed_on:
        fields["closed_on"] = min(nc.detected_on + dt.timedelta(days=55), today)
        EightD.objects.filter(nonconformity=nc).update(closed_on=fields["closed_on"])
    Nonconformity.objects.filter(pk=nc.pk).update(**fields)
    logs = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Nonconformity), object_id=nc.pk
    ).order_by("id")
    for step, log in enumerate(logs, start=1):
        moment = min(created + dt.timedelta(days=9 * step), timezone.now())
        TransitionLog.objects.filter(pk=log.pk).update(created_at=moment)
