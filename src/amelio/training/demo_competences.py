"""Demo competences of Forges et Mécanique du Rhône: the shipped catalogue installed, the
company's own skills, the jobs of the shop floor held by the staff, what each job, work unit
and process requires, and what everyone holds — with a few gaps a QSE coordinator would
recognise: Lucas Moreau's ISO 9606-1 welding qualification expired four months ago, an
electrician's habilitation lapsed last month, a sheet-metal worker's CACES lapsed three weeks
ago, a forklift driver's CACES and a technician's work-at-height training about to expire, a
new quality technician still in training as an auditor. The auditors and the coordinator are
qualified internal auditors over the whole audit programme. An indicator counts the mandatory
competence gaps from the stored qualifications (decision 0029). Dates are relative to today."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from amelio.core import services
from amelio.training import competences
from amelio.training.models import CompetenceRequirement, Job, PersonSkill, Skill

# code, name, kind, levels used, basis (the company's own skills, beside the catalogue)
OWN_SKILLS = [
    ("PROG-CN", "Programmation commande numérique (Siemens 840D)", "skill", True,
     "Compétence interne : programmes ISO et cycles constructeur, simulation avant usinage."),
    ("REGL-CN", "Réglage des centres d'usinage 5 axes", "skill", True,
     "Compétence interne : prise d'origine, jauges outils, première pièce bonne."),
    ("LECT-PLAN", "Lecture de plan et cotation ISO GPS", "skill", True,
     "Compétence interne : tolérances géométriques, NF EN ISO 1101."),
    ("PLIAGE", "Pliage sur presse plieuse à commande numérique", "skill", True,
     "Compétence interne : choix des outils, compensation du retour élastique."),
    ("PEINT-POUDRE", "Application de peinture poudre électrostatique", "skill", True,
     "Compétence interne : préparation de surface, épaisseur de film, cuisson."),
    ("TS-LIGNE", "Conduite de la ligne de traitement de surface", "skill", True,
     "Compétence interne : dégraissage, phosphatation, contrôle des bains."),
    ("CHIM-TS", "Manipulation des produits chimiques de traitement de surface", "certificate",
     False, "Formation au poste : fiches de données de sécurité, EPI, déversement accidentel "
     "(C. trav. R4412-38)."),
    ("MONT-MECA", "Montage mécanique et serrage au couple", "skill", True,
     "Compétence interne : gammes de montage, clés dynamométriques étalonnées."),
    ("CONS-LOTO", "Consignation mécanique des machines (LOTO)", "authorisation", False,
     "Autorisation interne : procédure de consignation FMR-PR-017."),
    ("COORD-SOUD", "Coordination en soudage (NF EN ISO 14731)", "skill", True,
     "Compétence interne : tâches et responsabilités de la coordination en soudage."),
]  # fmt: skip

# title, unit, holders, [(skill code, min level, mandatory)]
JOBS = [
    ("Soudeur", "LYO-SOU", ["pgirard", "lmoreau", "nfaure"],
     [("SOUD-9606-135", 1, True), ("SOUD-9606-141", 1, True), ("LECT-PLAN", 2, True)]),
    ("Opérateur commande numérique", "LYO-USI", ["tmercier", "erousseau"],
     [("PROG-CN", 2, True), ("REGL-CN", 2, True), ("LECT-PLAN", 3, True)]),
    ("Régleur CN", "LYO-USI", ["employee"],
     [("REGL-CN", 4, True), ("PROG-CN", 3, True), ("CACES-R484-1", 1, True)]),
    ("Tôlier plieur", "LYO-TOL", ["mbonnet", "aroux"],
     [("PLIAGE", 3, True), ("CACES-R484-1", 1, True), ("LECT-PLAN", 2, False)]),
    ("Peintre poudre", "LYO-PEI", ["cvincent"],
     [("PEINT-POUDRE", 3, True), ("CACES-R489-1A", 1, False)]),
    ("Cariste", "LYO-LOG", ["dchevalier", "ylambert"],
     [("CACES-R489-3", 1, True), ("CACES-R489-1A", 1, True), ("AUT-COND", 1, True)]),
    ("Magasinier cariste", "ROA-MAG", ["vmorel"],
     [("CACES-R489-3", 1, True), ("CACES-R489-5", 1, True), ("AUT-COND", 1, True)]),
    ("Technicien de maintenance", "FMR", ["jfontaine", "kdavid"],
     [("HAB-BR", 1, True), ("CONS-LOTO", 1, True), ("HAUT-HARN", 1, True),
      ("CACES-R486-B", 1, False)]),
    ("Électricien de maintenance", "LYO-MAI", ["sgarnier"],
     [("HAB-B2V-BC", 1, True), ("HAB-BR", 1, True), ("HAUT-HARN", 1, True)]),
    ("Opérateur traitement de surface", "ROA-TS", ["ilefebvre", "bmathieu"],
     [("TS-LIGNE", 3, True), ("CHIM-TS", 1, True)]),
    ("Monteur", "ROA-ASS", ["ogarcia", "lclement"],
     [("MONT-MECA", 3, True), ("LECT-PLAN", 2, True)]),
    ("Auditeur interne", "FMR", ["auditor", "coordinator", "admin", "hperrin"],
     [("AUD-INT", 3, True)]),
]  # fmt: skip

# work unit, [(skill code, min level, mandatory, note)]
WORK_UNITS = [
    ("LYO-SOU", [("EPI-INC", 1, True, "Travaux par points chauds : un équipier par poste."),
                 ("SST", 1, False, "Au moins un SST présent par équipe (R4224-15).")]),
    ("ROA-TS", [("EPI-INC", 1, True, "Stockage d'acides et de produits inflammables."),
                ("SST", 1, False, "Au moins un SST présent par équipe (R4224-15).")]),
]  # fmt: skip

# process code, [(skill code, min level, mandatory)]
PROCESSES = [
    ("M-AUD", [("AUD-RESP", 3, True)]),
    ("R-SOU", [("COORD-SOUD", 2, True)]),
]

# username, skill code, level, obtained (days from today, or ("expires", days from today) for
# a skill that lapses on a given day: negative, it has lapsed), held since (days, None: same),
# issued by.
HOLDINGS = [
    # Welding shop: Lucas Moreau's 135 qualification expired four months ago (route a, 3 years).
    ("pgirard", "SOUD-9606-135", None, -400, -4000, "Institut de Soudure"),
    ("pgirard", "SOUD-9606-141", None, -400, -4000, "Institut de Soudure"),
    ("pgirard", "LECT-PLAN", 4, -2500, None, "FMR"),
    ("pgirard", "EPI-INC", None, -150, -2000, "SDIS 69 formation"),
    ("pgirard", "SST", None, -300, -1500, "Croix-Rouge Formation"),
    ("lmoreau", "SOUD-9606-135", None, ("expires", -122), -2900, "Institut de Soudure"),
    ("lmoreau", "SOUD-9606-141", None, -600, -600, "Institut de Soudure"),
    ("lmoreau", "LECT-PLAN", 3, -900, None, "FMR"),
    ("lmoreau", "EPI-INC", None, -150, -900, "SDIS 69 formation"),
    ("nfaure", "SOUD-9606-135", None, -200, -200, "Institut de Soudure"),
    ("nfaure", "LECT-PLAN", 2, -200, None, "FMR"),
    ("nfaure", "EPI-INC", None, -150, -150, "SDIS 69 formation"),
    # Machining: Émilie Rousseau programmes with help only, below the level required.
    ("tmercier", "PROG-CN", 3, -1200, None, "FMR"),
    ("tmercier", "REGL-CN", 3, -1200, None, "FMR"),
    ("tmercier", "LECT-PLAN", 3, -1200, None, "FMR"),
    ("erousseau", "PROG-CN", 1, -120, None, "FMR"),
    ("erousseau", "REGL-CN", 2, -120, None, "FMR"),
    ("erousseau", "LECT-PLAN", 3, -120, None, "FMR"),
    ("employee", "REGL-CN", 4, -2000, None, "FMR"),
    ("employee", "PROG-CN", 3, -2000, None, "FMR"),
    ("employee", "CACES-R484-1", None, -1000, -2800, "AFPI Rhône"),
    ("employee", "LECT-PLAN", 4, -2000, None, "FMR"),
    # Sheet metal and painting: Antoine Roux's CACES R484 lapsed three weeks ago.
    ("mbonnet", "PLIAGE", 4, -3000, None, "FMR"),
    ("mbonnet", "CACES-R484-1", None, -700, -2500, "AFPI Rhône"),
    ("aroux", "PLIAGE", 3, -800, None, "FMR"),
    ("aroux", "CACES-R484-1", None, ("expires", -21), None, "AFPI Rhône"),
    ("aroux", "LECT-PLAN", 2, -800, None, "FMR"),
    ("cvincent", "PEINT-POUDRE", 4, -2200, None, "FMR"),
    ("cvincent", "CACES-R489-1A", None, -500, -500, "AFTRAL Lyon"),
    # Logistics: David Chevalier's CACES 3 falls due in five weeks.
    ("dchevalier", "CACES-R489-3", None, ("expires", 35), -3650, "AFTRAL Lyon"),
    ("dchevalier", "CACES-R489-1A", None, -900, -900, "AFTRAL Lyon"),
    ("dchevalier", "AUT-COND", None, -1790, -3650, "FMR"),
    ("ylambert", "CACES-R489-1A", None, -400, -400, "AFTRAL Lyon"),
    ("ylambert", "AUT-COND", None, -400, None, "FMR"),
    ("vmorel", "CACES-R489-3", None, -1000, -1000, "AFTRAL Roanne"),
    ("vmorel", "CACES-R489-5", None, -1000, -1000, "AFTRAL Roanne"),
    ("vmorel", "AUT-COND", None, -1000, None, "FMR"),
    # Maintenance: Sébastien Garnier's BR habilitation lapsed last month; Jérôme Fontaine's
    # work-at-height training falls due in six weeks.
    ("jfontaine", "HAB-BR", None, -500, -2500, "APAVE"),
    ("jfontaine", "CONS-LOTO", None, -1500, None, "FMR"),
    ("jfontaine", "HAUT-HARN", None, ("expires", 45), None, "Prévention BTP formation"),
    ("jfontaine", "CACES-R486-B", None, -300, -300, "AFPI Rhône"),
    ("kdavid", "HAB-BR", None, -200, -200, "APAVE"),
    ("kdavid", "CONS-LOTO", None, -200, None, "FMR"),
    ("kdavid", "HAUT-HARN", None, -200, None, "Prévention BTP formation"),
    ("sgarnier", "HAB-B2V-BC", None, -600, -2000, "APAVE"),
    ("sgarnier", "HAB-BR", None, -1126, -2000, "APAVE"),
    ("sgarnier", "HAUT-HARN", None, -600, None, "Prévention BTP formation"),
    # Surface treatment: Bruno Mathieu has not had the chemicals training yet.
    ("ilefebvre", "TS-LIGNE", 4, -2000, None, "FMR"),
    ("ilefebvre", "CHIM-TS", None, -300, -2000, "FMR"),
    ("ilefebvre", "EPI-INC", None, -100, -1000, "SDIS 42 formation"),
    ("ilefebvre", "SST", None, -200, -900, "Croix-Rouge Formation"),
    ("bmathieu", "TS-LIGNE", 3, -90, None, "FMR"),
    ("bmathieu", "EPI-INC", None, -100, -100, "SDIS 42 formation"),
    # Assembly.
    ("ogarcia", "MONT-MECA", 4, -3000, None, "FMR"),
    ("ogarcia", "LECT-PLAN", 3, -3000, None, "FMR"),
    ("lclement", "MONT-MECA", 2, -200, None, "FMR"),
    ("lclement", "LECT-PLAN", 2, -200, None, "FMR"),
    # Welding process owner.
    ("manager", "COORD-SOUD", 3, -1500, None, "Institut de Soudure"),
    # Auditors: qualified over the whole audit programme (held for years, re-evaluated).
    ("auditor", "AUD-INT", 4, -600, -2400, "AFNOR Compétences"),
    ("auditor", "AUD-RESP", 4, -600, -2400, "AFNOR Compétences"),
    ("coordinator", "AUD-INT", 4, -420, -3000, "AFNOR Compétences"),
    ("coordinator", "AUD-RESP", 4, -420, -3000, "AFNOR Compétences"),
    ("admin", "AUD-INT", 3, -300, -1500, "AFNOR Compétences"),
    ("hperrin", "AUD-INT", 2, -60, None, "AFNOR Compétences"),
    ("hperrin", "SST", None, -500, -500, "Croix-Rouge Formation"),
]

# username -> manager username (the recipients of the expiry reminders besides coordinators)
MANAGERS = {
    "pgirard": "manager",
    "lmoreau": "pgirard",
    "nfaure": "pgirard",
    "tmercier": "manager",
    "erousseau": "manager",
    "mbonnet": "manager",
    "aroux": "manager",
    "cvincent": "manager",
    "jfontaine": "fmasson",
    "sgarnier": "fmasson",
    "dchevalier": "manager",
    "ylambert": "manager",
    "hperrin": "coordinator",
    "agauthier": "fmasson",
    "ilefebvre": "rblanc",
    "bmathieu": "rblanc",
    "ogarcia": "rblanc",
    "lclement": "rblanc",
    "vmorel": "rblanc",
    "kdavid": "rblanc",
}


def _obtained(today: dt.date, when, skill: Skill) -> dt.date:
    """The day obtained: days from today, or the day that makes the skill lapse on the day
    the demo tells (`("expires", days from today)`)."""
    if isinstance(when, tuple):
        expiry = today + dt.timedelta(days=when[1])
        return competences.add_months(expiry, -(skill.validity_months or 0))
    return today + dt.timedelta(days=when)


def _skills(company) -> dict[str, Skill]:
    """The catalogue installed into the company, and the company's own skills."""
    root, coordinator = company.units["FMR"], company.users["coordinator"]
    competences.install_catalogue(unit=root, user=coordinator, language="fr")
    for code, name, kind, levels, basis in OWN_SKILLS:
        skill = Skill(
            org_unit=root,
            code=code,
            name=name,
            kind=kind,
            levels_used=levels,
            basis=basis,
            reminder_days=60,
        )
        services.record_create(record=skill, user=coordinator)
    return {s.code: s for s in Skill.objects.filter(org_unit=root)}


def _requirement(user, skill, unit, level, mandatory, note="", **target) -> None:
    requirement = CompetenceRequirement(
        skill=skill, org_unit=unit, min_level=level, mandatory=mandatory, note=note, **target
    )
    services.record_create(record=requirement, user=user)


def _jobs(company, skills) -> None:
    coordinator, users = company.users["coordinator"], company.users
    for title, unit_code, holders, required in JOBS:
        job = Job(title=title, org_unit=company.units[unit_code])
        services.record_create(record=job, user=coordinator)
        job.holders.set([users[u] for u in holders])
        for code, level, mandatory in required:
            _requirement(coordinator, skills[code], job.org_unit, level, mandatory, job=job)


def _units_and_processes(company, skills) -> None:
    from amelio.processes.models import Process

    coordinator = company.users["coordinator"]
    for unit_code, needs in WORK_UNITS:
        unit = company.units[unit_code]
        for code, level, mandatory, note in needs:
            _requirement(coordinator, skills[code], unit, level, mandatory, note, work_unit=unit)
    processes = {p.code: p for p in Process.objects.filter(code__in=[c for c, _r in PROCESSES])}
    for process_code, required in PROCESSES:
        process = processes[process_code]
        for code, level, mandatory in required:
            _requirement(
                coordinator, skills[code], process.org_unit, level, mandatory, process=process
            )


def _holdings(company, skills, today: dt.date) -> None:
    coordinator = company.users["coordinator"]
    for username, code, level, when, since, issued_by in HOLDINGS:
        person, skill = company.users[username], skills[code]
        obtained = _obtained(today, when, skill)
        held_since = today + dt.timedelta(days=since) if since is not None else None
        holding = PersonSkill(
            person=person,
            skill=skill,
            org_unit=competences.home_unit(person),
            level=level,
            obtained_on=obtained,
            held_since=min(held_since, obtained) if held_since else None,
            issued_by=issued_by,
        )
        services.record_create(record=holding, user=coordinator)


def _managers(company) -> None:
    for username, manager in MANAGERS.items():
        person = company.users[username]
        if person.manager_id is None:
            person.manager = company.users[manager]
            person.save(update_fields=["manager"])


def _gaps_indicator(company) -> None:
    """The mandatory competence gaps open each month, counted by the indicators from the
    stored qualifications (every row is checked daily, so the current month is today's)."""
    from amelio.indicators.models import Indicator
    from amelio.processes.models import Process

    record = Indicator(
        org_unit=company.units["FMR"],
        name="Écarts de compétences obligatoires",
        definition=(
            "Nombre de compétences et habilitations obligatoires manquantes, expirées ou "
            "sous le niveau requis, tous sites, à la dernière vérification du mois."
        ),
        purpose="Suivre la maîtrise des compétences (ISO 9001, 14001, 45001 § 7.2).",
        unit="écarts",
        direction=Indicator.Direction.LOWER,
        owner=company.users["coordinator"],
        process=Process.objects.filter(code="S-RH").first(),
        chart_type=Indicator.ChartType.C,
        decimals=0,
        source=Indicator.Source.COMPUTED,
        source_register="training.qualification",
        aggregation=Indicator.Aggregation.COUNT,
        source_date_field="checked_on",
        source_filter="status=missing&status=expired&status=below_level&mandatory=true",
    )
    services.record_create(record=record, user=company.users["coordinator"])


def load(company) -> None:
    """Create the demo competences (after the processes and the audits)."""
    today = timezone.localdate()
    skills = _skills(company)
    _managers(company)
    _jobs(company, skills)
    _units_and_processes(company, skills)
    _holdings(company, skills, today)
    _gaps_indicator(company)
