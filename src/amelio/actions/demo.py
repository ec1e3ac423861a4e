"""Demo action plans of Forges et Mécanique du Rhône: ~40 actions in every state, some late,
linked to the context issues they answer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from amelio.actions.models import Action, ActionLink, ActionPlan, Milestone
from amelio.context.models import ContextIssue
from amelio.core import services

# title, unit, type, owner, start offset (days), duration (days), final state, issue keyword,
# planned cost
ACTIONS = [
    (
        "Former deux régleurs CN au tutorat",
        "LYO-USI",
        "preventive",
        "manager",
        -200,
        120,
        "verified",
        "Pyramide",
        3200,
    ),
    (
        "Rédiger les fiches de transmission des savoir-faire soudure",
        "LYO-SOU",
        "preventive",
        "manager",
        -150,
        90,
        "done",
        "Pyramide",
        0,
    ),
    (
        "Recruter un apprenti soudeur (alternance)",
        "LYO-SOU",
        "improvement",
        "manager",
        -60,
        120,
        "in_progress",
        "Tension sur le recrutement",
        4500,
    ),
    (
        "Partenariat avec le lycée professionnel de Vénissieux",
        "LYO",
        "improvement",
        "coordinator",
        -30,
        180,
        "in_progress",
        "Tension sur le recrutement",
        0,
    ),
    (
        "Installer un robot collaboratif au pliage",
        "LYO-TOL",
        "preventive",
        "manager",
        -90,
        200,
        "in_progress",
        "Troubles musculo",
        68000,
    ),
    (
        "Étude ergonomique des postes de tôlerie",
        "LYO-TOL",
        "corrective",
        "coordinator",
        -240,
        60,
        "verified",
        "Troubles musculo",
        5400,
    ),
    (
        "Tables élévatrices aux postes d'ébavurage",
        "LYO-TOL",
        "corrective",
        "manager",
        -120,
        45,
        "not_effective",
        "Troubles musculo",
        7800,
    ),
    (
        "Audit énergétique du four de polymérisation",
        "LYO-PEI",
        "improvement",
        "coordinator",
        -180,
        60,
        "verified",
        "four de polymérisation",
        6000,
    ),
    (
        "Récupérer la chaleur des fumées du four",
        "LYO-PEI",
        "improvement",
        "manager",
        -20,
        240,
        "planned",
        "four de polymérisation",
        42000,
    ),
    (
        "Sous-comptage électrique des ateliers",
        "LYO",
        "improvement",
        "coordinator",
        -100,
        50,
        "done",
        "prix de l'électricité",
        9500,
    ),
    (
        "Renégocier le contrat de fourniture de gaz",
        "FMR",
        "improvement",
        "admin",
        -70,
        30,
        "in_progress",
        "prix de l'électricité",
        0,
    ),
    (
        "Dossier de subvention décarbonation (appel à projets)",
        "FMR",
        "improvement",
        "coordinator",
        -10,
        75,
        "planned",
        "décarbonation",
        0,
    ),
    (
        "Plan canicule : horaires décalés et points d'eau",
        "LYO",
        "preventive",
        "manager",
        -160,
        40,
        "verified",
        "canicule",
        1200,
    ),
    (
        "Brasseurs d'air en tôlerie",
        "LYO-TOL",
        "preventive",
        "manager",
        -50,
        30,
        "in_progress",
        "canicule",
        3600,
    ),
    (
        "Inventaire des usages du chrome hexavalent",
        "ROA-TS",
        "preventive",
        "coordinator",
        -130,
        60,
        "done",
        "chrome hexavalent",
        0,
    ),
    (
        "Essais de substitution chrome III",
        "ROA-TS",
        "preventive",
        "coordinator",
        -40,
        150,
        "in_progress",
        "chrome hexavalent",
        15000,
    ),
    (
        "Mise à jour de l'autosurveillance des rejets aqueux",
        "ROA-TS",
        "corrective",
        "coordinator",
        -80,
        30,
        "in_progress",
        "rubrique 2565",
        2500,
    ),
    (
        "Veille réglementaire ICPE trimestrielle",
        "ROA",
        "preventive",
        "coordinator",
        -300,
        365,
        "in_progress",
        "ICPE",
        0,
    ),
    (
        "Charte des livraisons de jour avec les transporteurs",
        "ROA",
        "corrective",
        "coordinator",
        -200,
        30,
        "verified",
        "riverain",
        0,
    ),
    (
        "Mur anti-bruit côté quai de chargement",
        "ROA",
        "corrective",
        "coordinator",
        -30,
        120,
        "cancelled",
        "riverain",
        25000,
    ),
    (
        "Bilan GES fournisseurs : répondre au questionnaire client",
        "FMR",
        "improvement",
        "coordinator",
        -45,
        20,
        "in_progress",
        "bilan GES",
        0,
    ),
    (
        "Calculer l'empreinte carbone par pièce (top 10 références)",
        "FMR",
        "improvement",
        "coordinator",
        5,
        90,
        "planned",
        "bilan GES",
        0,
    ),
    (
        "Sensibilisation cybersécurité de tout le personnel",
        "FMR",
        "preventive",
        "admin",
        -90,
        30,
        "done",
        "Cyberattaques",
        1500,
    ),
    (
        "Sauvegarde hors ligne des programmes CN",
        "LYO-USI",
        "preventive",
        "admin",
        -140,
        20,
        "verified",
        "Cyberattaques",
        800,
    ),
    (
        "Diversifier le portefeuille : prospection ferroviaire",
        "FMR",
        "improvement",
        "admin",
        -120,
        200,
        "in_progress",
        "Dépendance",
        0,
    ),
    (
        "Salon ferroviaire SIFER : stand partagé",
        "ROA",
        "improvement",
        "admin",
        20,
        10,
        "planned",
        "ferroviaires",
        6000,
    ),
    (
        "Écart EN 9100 : plan de surveillance des sous-traitants",
        "FMR",
        "corrective",
        "coordinator",
        -75,
        45,
        "in_progress",
        "EN 9100",
        0,
    ),
    (
        "Recruter un technicien QSE à mi-temps",
        "FMR",
        "improvement",
        "admin",
        -100,
        90,
        "in_progress",
        "Équipe QSE réduite",
        22000,
    ),
    (
        "Outil de gestion QSE unique (Amelio)",
        "FMR",
        "improvement",
        "coordinator",
        -60,
        60,
        "done",
        "Équipe QSE réduite",
        0,
    ),
    (
        "Qualification des nouveaux centres 5 axes",
        "LYO-USI",
        "improvement",
        "manager",
        -220,
        60,
        "verified",
        "Parc machines",
        0,
    ),
]

# PAPRIPACT (programme annuel de prévention), safety actions without a context origin.
PAPRIPACT = [
    (
        "Vérification des portes sectionnelles",
        "LYO-LOG",
        "preventive",
        "manager",
        -40,
        15,
        "in_progress",
        900,
    ),
    (
        "Renouvellement des CACES R489 caristes",
        "LYO-LOG",
        "preventive",
        "manager",
        -20,
        60,
        "planned",
        2400,
    ),
    (
        "Exercice d'évacuation incendie semestriel",
        "LYO",
        "preventive",
        "coordinator",
        -180,
        1,
        "verified",
        0,
    ),
    (
        "Remplacement des gants anti-coupure en tôlerie",
        "LYO-TOL",
        "corrective",
        "manager",
        -35,
        10,
        "in_progress",
        1100,
    ),
    ("Capotage de la scie à ruban", "LYO-USI", "corrective", "manager", -25, 20, "planned", 3500),
    (
        "Formation gestes et postures (12 personnes)",
        "ROA-ASS",
        "preventive",
        "coordinator",
        -15,
        45,
        "planned",
        2800,
    ),
    (
        "Mesures d'exposition au bruit en soudure",
        "LYO-SOU",
        "preventive",
        "coordinator",
        -60,
        30,
        "done",
        1900,
    ),
    (
        "Douche de sécurité au poste de traitement de surface",
        "ROA-TS",
        "corrective",
        "coordinator",
        -110,
        30,
        "not_effective",
        4200,
    ),
    (
        "Mise à jour du plan de prévention des entreprises extérieures",
        "LYO",
        "preventive",
        "coordinator",
        -5,
        30,
        "planned",
        0,
    ),
    (
        "Contrôle des extincteurs et RIA",
        "ROA",
        "preventive",
        "coordinator",
        -260,
        10,
        "verified",
        650,
    ),
]

STEPS = {
    "planned": [],
    "in_progress": ["start"],
    "done": ["start", "complete"],
    "verified": ["start", "complete", "verify"],
    "not_effective": ["start", "complete", "reject"],
    "cancelled": ["cancel"],
}
COMMENTS = {
    "verify": "Critère atteint : aucune récidive constatée sur 3 mois.",
    "reject": "Critère non atteint : deux nouveaux signalements le mois suivant.",
    "cancel": "Remplacé par une solution moins coûteuse validée en revue de direction.",
}


def _walk(action, steps, users) -> None:
    for step in steps:
        user = users["coordinator"]
        if step in ("verify", "reject"):
            user = action.verifier or (
                users["admin"] if action.owner_id == users["coordinator"].pk else user
            )
        services.record_transition(
            record=action, user=user, name=step, comment=COMMENTS.get(step, "")
        )
        action.refresh_from_db()


def _backdate(action: Action, today: dt.date, index: int) -> None:
    """Give the demo a believable past: created when started, done around the due date
    (a quarter of them late), verified a month later."""
    start = action.start_date or today
    planned_on = min(start, today - dt.timedelta(days=index % 20 + 1))  # never in the future
    created = timezone.make_aware(dt.datetime.combine(planned_on, dt.time(9, 0)))
    fields: dict[str, Any] = {"created_at": created}
    if action.done_on:
        shift = 6 if index % 4 == 0 else -3
        done_on = min(action.due_date + dt.timedelta(days=shift), today)
        fields["done_on"] = max(done_on, start)
        if action.verified_on:
            fields["verified_on"] = min(fields["done_on"] + dt.timedelta(days=30), today)
    Action.objects.filter(pk=action.pk).update(**fields)


def _create(plan, row, units, users, today, index) -> Action:
    title, unit, kind, owner, start, duration, _state, *rest = row
    cost: Any = rest[-1]
    start_date = today + dt.timedelta(days=start)
    action = Action(
        title=title,
        plan=plan,
        org_unit=units[unit],
        action_type=kind,
        owner=users[owner],
        start_date=start_date,
        due_date=start_date + dt.timedelta(days=duration),
        priority=(index % 4) + 1,
        progress=(index * 17) % 90,
        stage=["plan", "do", "check", "act"][index % 4],
        effectiveness_criterion="Aucune récidive sur 3 mois"
        if kind != "improvement"
        else "Résultat attendu constaté et mesuré",
        verifier=users["auditor"] if index % 3 == 0 else None,
    )
    if cost:
        action.planned_cost = Decimal(cost)
    if action.effectiveness_criterion:
        action.effectiveness_due = action.due_date + dt.timedelta(days=90)
    services.record_create(record=action, user=users["coordinator"])
    if index % 5 == 0:
        Milestone.objects.create(
            action=action,
            title="Point d'étape",
            date=start_date + dt.timedelta(days=duration // 2),
            reached=start_date + dt.timedelta(days=duration // 2) < today,
        )
    return action


def load(company) -> None:
    units, users = company.units, company.users
    today = timezone.localdate()
    qse = services.record_create(
        record=ActionPlan(
            name=f"Plan d'actions QSE {today.year}-{today.year + 1}",
            org_unit=units["FMR"],
            owner=users["coordinator"],
            start_date=dt.date(today.year, 1, 1),
            end_date=dt.date(today.year + 1, 12, 31),
            budget=Decimal("250000"),
            objective="Traiter les enjeux prioritaires du contexte et les écarts d'audit.",
        ),
        user=users["coordinator"],
    )
    papripact = services.record_create(
        record=ActionPlan(
            name=f"PAPRIPACT {today.year + 1}",
            org_unit=units["FMR"],
            owner=users["coordinator"],
            start_date=dt.date(today.year, 9, 1),
            end_date=dt.date(today.year + 1, 12, 31),
            budget=Decimal("40000"),
            objective="Programme annuel de prévention des risques professionnels (présenté au CSE).",
            owner_may_verify=True,
        ),
        user=users["coordinator"],
    )
    issues = list(ContextIssue.objects.all())
    previous = None
    for index, row in enumerate(ACTIONS):
        action = _create(qse, row, units, users, today, index)
        keyword = row[7]
        for issue in issues:
            if keyword.lower() in issue.title.lower():
                ActionLink.objects.create(
                    target=issue,
                    action=action,
                    role="preventive"
                    if row[2] == "preventive"
                    else "improvement"
                    if row[2] == "improvement"
                    else "corrective",
                )
        if previous is not None and row[7] == ACTIONS[index - 1][7]:
            action.depends_on.add(previous)
        previous = action
        _walk(action, STEPS[row[6]], users)
        _backdate(action, today, index)
    for index, safety in enumerate(PAPRIPACT):
        action = _create(papripact, safety, units, users, today, index + 1)
        _walk(action, STEPS[safety[6]], users)
        _backdate(action, today, index)
