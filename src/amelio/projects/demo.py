"""Demo QSSE projects of Forges et Mécanique du Rhône: the ISO 45001 certification of
Vénissieux and the sorting of metal waste at Roanne, both closed last year with their lessons;
the reduction of the furnaces' gas consumption, running, with its team, milestones, budget,
status reports, actions, the gas indicator and the furnace risks; a safety week proposed; and
a few lessons from elsewhere in the library.

Loaded after the indicators and risks demos (`DEMO_ORDER`): the running project links them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.context.models import InterestedParty
from amelio.core import services
from amelio.core.demo import DemoCompany
from amelio.indicators.models import Indicator
from amelio.processes.models import Process
from amelio.projects.models import (
    BudgetLine,
    Lesson,
    Milestone,
    Project,
    Stakeholder,
    StatusReport,
    TeamMember,
)
from amelio.risks.models import Risk

DEMO_ORDER = 8
D = dt.timedelta


def load(company: DemoCompany) -> None:
    today = timezone.localdate()
    last_year = today.year - 1
    _iso_45001(company, last_year)
    _metal_waste(company, last_year)
    _gas(company, today)
    _safety_week(company, today)
    _library(company, today)


def _project(company: DemoCompany, unit: str, **fields) -> Project:
    project = Project(org_unit=company.units[unit], **fields)
    services.record_create(record=project, user=company.users["coordinator"])
    return project


def _walk(company: DemoCompany, project: Project, *steps: str) -> None:
    for step in steps:
        services.record_transition(record=project, user=company.users["coordinator"], name=step)
        project.refresh_from_db()


def _close(company: DemoCompany, project: Project, closed_on: dt.date) -> None:
    """Close the project as it was closed that day."""
    _walk(company, project, "start", "close")
    Project.objects.filter(pk=project.pk).update(closed_on=closed_on, actual_end=closed_on)


def _lesson(company: DemoCompany, unit: str, project: Project | None, **fields) -> Lesson:
    lesson = Lesson(org_unit=company.units[unit], project=project, **fields)
    services.record_create(record=lesson, user=company.users["coordinator"])
    return lesson


def _members(company: DemoCompany, project: Project, rows) -> None:
    for username, role, contribution in rows:
        TeamMember.objects.create(
            project=project, user=company.users[username], role=role, contribution=contribution
        )


def _milestones(project: Project, rows) -> None:
    for name, planned, achieved, status in rows:
        Milestone.objects.create(
            project=project, name=name, planned_on=planned, achieved_on=achieved, status=status
        )


def _budget(project: Project, rows) -> None:
    for label, category, planned, committed, actual in rows:
        BudgetLine.objects.create(
            project=project,
            label=label,
            category=category,
            planned=Decimal(planned),
            committed=Decimal(committed),
            actual=Decimal(actual),
        )


def _party(name: str) -> InterestedParty | None:
    return InterestedParty.objects.filter(name=name).first()


# --- Closed: ISO 45001 at Vénissieux --------------------------------------------------------


def _iso_45001(company: DemoCompany, year: int) -> None:
    project = _project(
        company,
        "LYO",
        title="Certification ISO 45001 du site de Vénissieux",
        objective=(
            "Obtenir la certification ISO 45001 du site de Vénissieux par l'organisme "
            "certificateur, sans non-conformité majeure, en s'appuyant sur le système "
            "ISO 9001 existant et le document unique."
        ),
        domain="health_safety",
        process=Process.objects.filter(code="M-QSE").first(),
        sponsor=company.users["fmasson"],
        owner=company.users["coordinator"],
        start_date=dt.date(year - 1, 9, 1),
        planned_end=dt.date(year, 6, 30),
        expected_results=(
            "Certificat ISO 45001 ; consultation et participation des travailleurs "
            "formalisées ; taux de fréquence en baisse."
        ),
        results_achieved=(
            "Certificat obtenu le 12 juin avec 2 non-conformités mineures (traçabilité des "
            "consultations, habilitations électriques) soldées en août. TF1 passé de 18,2 à "
            "11,5 sur l'année. Budget respecté à 4 % près."
        ),
    )
    _members(
        company,
        project,
        [
            ("fmasson", "sponsor", "Directeur de site, revue de direction"),
            ("coordinator", "manager", "Pilote du projet"),
            ("hperrin", "member", "Documentation et audits internes"),
            ("pgirard", "member", "Relais terrain atelier soudure"),
            ("agauthier", "expert", "Ressources humaines, consultation du CSE"),
        ],
    )
    for name, expectations in [
        ("CSE et représentants du personnel", "Être consultés sur la politique et les objectifs"),
        ("Organisme certificateur", "Audit initial en deux étapes"),
    ]:
        party = _party(name)
        Stakeholder.objects.create(
            project=project,
            interested_party=party,
            name="" if party else name,
            expectations=expectations,
        )
    _milestones(
        project,
        [
            (
                "Analyse d'écart ISO 45001",
                dt.date(year - 1, 10, 15),
                dt.date(year - 1, 10, 20),
                "achieved",
            ),
            ("Audit à blanc externe", dt.date(year, 3, 15), dt.date(year, 3, 19), "achieved"),
            (
                "Audit de certification (étapes 1 et 2)",
                dt.date(year, 6, 5),
                dt.date(year, 6, 12),
                "achieved",
            ),
        ],
    )
    _budget(
        project,
        [
            ("Audit de certification et frais de l'organisme", "external", "9800", "9800", "9800"),
            ("Accompagnement consultant (6 jours)", "external", "7200", "7200", "7200"),
            ("Temps de l'équipe projet (260 h)", "internal", "11700", "0", "12600"),
            ("Signalétique et affichage sécurité", "operating", "2500", "2480", "2480"),
        ],
    )
    _report(
        project,
        company,
        dt.date(year, 3, 31),
        "on_track",
        70,
        "Audit à blanc réalisé : 6 écarts.",
        "Solder les écarts avant l'étape 1.",
        "",
    )
    _close(company, project, dt.date(year, 7, 3))
    for title, context, worked, did_not, recommendation, keywords, day in [
        (
            "Impliquer le CSE dès le cadrage de la certification",
            "Le CSE n'a été associé qu'au deuxième mois ; la politique SST a dû être reprise.",
            "Une réunion CSE dédiée par trimestre, avec le suivi des objectifs SST.",
            "La consultation sur la politique, faite après sa rédaction, a été vécue comme une formalité.",
            "Présenter le projet de certification au CSE avant le lancement et co-rédiger la politique SST.",
            "ISO 45001, CSE, consultation, participation des travailleurs",
            dt.date(year, 7, 3),
        ),
        (
            "Un audit à blanc externe trois mois avant la certification",
            "Audit à blanc par un consultant extérieur en mars, certification en juin.",
            "Six écarts trouvés et soldés avant l'audit de l'organisme.",
            "Les habilitations électriques n'avaient pas été vérifiées : écart relevé le jour J.",
            "Prévoir un audit à blanc externe au moins trois mois avant l'audit de certification, checklist complète de la norme.",
            "certification, audit à blanc, préparation, ISO 45001, ISO 14001",
            dt.date(year, 7, 3),
        ),
        (
            "Tracer les consultations des travailleurs",
            "Non-conformité mineure de l'audit initial sur la preuve des consultations (ISO 45001 §5.4).",
            "Les quarts d'heure sécurité existaient déjà dans les ateliers.",
            "Aucune trace écrite des sujets abordés ni des participants.",
            "Tenir un registre des quarts d'heure sécurité (sujet, participants, remontées) dès le début du projet.",
            "consultation, quart d'heure sécurité, preuve, ISO 45001",
            dt.date(year, 8, 29),
        ),
    ]:
        _lesson(
            company,
            "LYO",
            project,
            title=title,
            context=context,
            what_worked=worked,
            what_did_not=did_not,
            recommendation=recommendation,
            keywords=keywords,
            domain="health_safety",
            recorded_on=day,
        )


def _report(project, company, day, weather, progress, done, next_steps, issues) -> None:
    StatusReport.objects.create(
        project=project,
        reported_on=day,
        weather=weather,
        progress=progress,
        done=done,
        next_steps=next_steps,
        issues=issues,
        author=project.owner or company.users["coordinator"],
    )


# --- Closed: metal waste at Roanne -----------------------------------------------------------


def _metal_waste(company: DemoCompany, year: int) -> None:
    project = _project(
        company,
        "ROA",
        title="Tri à la source des déchets métalliques à Roanne",
        objective=(
            "Trier à la source les chutes et copeaux d'acier, d'inox et d'aluminium de "
            "l'assemblage et du traitement de surface pour les valoriser séparément et "
            "réduire de 30 % le tonnage de déchets industriels banals."
        ),
        domain="environment",
        process=Process.objects.filter(code="R-TS").first(),
        sponsor=company.users["fmasson"],
        owner=company.users["rblanc"],
        start_date=dt.date(year, 3, 1),
        planned_end=dt.date(year, 10, 31),
        expected_results="Trois flux métalliques séparés ; DIB -30 % ; recette de reprise en hausse.",
        results_achieved=(
            "Trois flux séparés en place depuis juin ; DIB en baisse de 34 % sur le second "
            "semestre ; reprise de l'inox et de l'aluminium mieux valorisée (+6 200 € sur "
            "l'année). Objectif atteint avec un mois de retard."
        ),
    )
    _members(
        company,
        project,
        [
            ("fmasson", "sponsor", ""),
            ("rblanc", "manager", "Responsable de production Roanne"),
            ("vmorel", "member", "Bennes et enlèvements"),
            ("ilefebvre", "member", "Relais traitement de surface"),
            ("coordinator", "expert", "Réglementation déchets, registre"),
        ],
    )
    Stakeholder.objects.create(
        project=project,
        interested_party=_party("Éco-organisme et collecteurs de déchets"),
        name="Ferrailleur (collecteur agréé)",
        expectations="Flux propres, sans huile ni mélange",
    )
    _milestones(
        project,
        [
            (
                "Caractérisation des déchets par poste",
                dt.date(year, 3, 31),
                dt.date(year, 4, 8),
                "achieved",
            ),
            (
                "Bennes et signalétique installées",
                dt.date(year, 5, 31),
                dt.date(year, 6, 14),
                "achieved",
            ),
            ("Bilan après trois mois", dt.date(year, 9, 30), dt.date(year, 10, 24), "achieved"),
        ],
    )
    _budget(
        project,
        [
            ("Bennes et bacs de tri", "investment", "8400", "8400", "8150"),
            ("Signalétique au poste", "operating", "900", "900", "1130"),
            ("Sensibilisation des équipes (40 h)", "internal", "1800", "0", "1650"),
        ],
    )
    _report(
        project,
        company,
        dt.date(year, 7, 15),
        "at_risk",
        60,
        "Bennes livrées avec deux semaines de retard.",
        "Mesurer les tonnages par flux.",
        "Copeaux d'aluminium souillés d'huile de coupe.",
    )
    _close(company, project, dt.date(year, 11, 28))
    for title, worked, did_not, recommendation, keywords, day in [
        (
            "Des bacs de tri identifiés par couleur et photo au poste",
            "Photo du déchet attendu sur chaque bac : erreurs de tri divisées par trois.",
            "Les étiquettes texte seules étaient ignorées en équipe de nuit.",
            "Identifier chaque flux par une couleur et une photo, au poste même, pas seulement à la benne.",
            "tri, déchets, signalétique, poste de travail",
            dt.date(year, 11, 28),
        ),
        (
            "Négocier la reprise des métaux avant de lancer le tri",
            "Le ferrailleur a revu ses prix une fois les flux séparés.",
            "Les copeaux d'aluminium souillés d'huile ont été refusés deux fois.",
            "Fixer avec le collecteur les conditions de reprise (propreté, égouttage) avant l'achat des bennes.",
            "déchets métalliques, ferrailleur, valorisation, copeaux",
            dt.date(year, 12, 5),
        ),
    ]:
        _lesson(
            company,
            "ROA",
            project,
            title=title,
            context="Projet de tri à la source des déchets métalliques à Roanne.",
            what_worked=worked,
            what_did_not=did_not,
            recommendation=recommendation,
            keywords=keywords,
            domain="environment",
            recorded_on=day,
        )


# --- Running: gas of the furnaces ------------------------------------------------------------


def _gas(company: DemoCompany, today: dt.date) -> None:
    start = today - D(days=150)
    project = _project(
        company,
        "LYO",
        title="Réduction de 10 % de la consommation de gaz des fours",
        objective=(
            "Réduire de 10 % la consommation de gaz naturel du four de polymérisation et "
            "de l'étuve de Vénissieux, à production égale, par le réglage des brûleurs, "
            "l'arrêt hors production et la récupération de chaleur des fumées du four."
        ),
        domain="energy",
        process=Process.objects.filter(code="R-PEI").first(),
        sponsor=company.users["fmasson"],
        owner=company.users["manager"],
        start_date=start,
        planned_end=today + D(days=200),
        expected_results=(
            "−10 % de kWh PCI par tonne peinte ; sous-comptage gaz par four ; chaleur des "
            "fumées récupérée pour le chauffage de l'atelier."
        ),
    )
    _walk(company, project, "start")
    project.indicators.set(Indicator.objects.filter(name="Consommation de gaz"))
    project.risks.set(
        Risk.objects.filter(
            title__in=[
                "Surconsommation de gaz du four de polymérisation",
                "Récupération de chaleur du four de polymérisation",
            ]
        )
    )
    _members(
        company,
        project,
        [
            ("fmasson", "sponsor", "Arbitrages d'investissement"),
            ("manager", "manager", "Pilote, responsable de production"),
            ("coordinator", "member", "Référente énergie ISO 50001"),
            ("jfontaine", "expert", "Brûleurs et régulation"),
            ("cvincent", "member", "Conduite du four, relevés"),
        ],
    )
    Stakeholder.objects.create(
        project=project,
        interested_party=_party("Salariés"),
        expectations="Confort thermique de l'atelier peinture en hiver",
    )
    Stakeholder.objects.create(
        project=project, name="Fournisseur de gaz", expectations="Profil de consommation"
    )
    _milestones(
        project,
        [
            ("Audit énergétique des fours", start + D(days=30), start + D(days=35), "achieved"),
            (
                "Brûleurs réglés, portes calorifugées",
                start + D(days=90),
                start + D(days=97),
                "achieved",
            ),
            ("Sous-compteurs gaz par four en service", today - D(days=10), None, "planned"),
            ("Récupérateur de chaleur mis en service", today + D(days=60), None, "planned"),
            ("Bilan sur trois mois de chauffe", today + D(days=190), None, "planned"),
        ],
    )
    _budget(
        project,
        [
            ("Audit énergétique (bureau d'études)", "external", "6500", "6500", "6500"),
            ("Échangeur de récupération de chaleur", "investment", "38000", "36200", "12000"),
            ("Sous-compteurs gaz", "investment", "4800", "4800", "0"),
            ("Calorifugeage des portes du four", "operating", "2300", "2300", "2150"),
            ("Temps de l'équipe maintenance (120 h)", "internal", "5400", "0", "3150"),
        ],
    )
    for days_ago, weather, progress, done, next_steps, issues in [
        (
            95,
            "on_track",
            20,
            "Audit énergétique rendu : 14 % d'économie possible.",
            "Régler les brûleurs.",
            "",
        ),
        (
            50,
            "on_track",
            45,
            "Brûleurs réglés, portes calorifugées : −6 % sur le mois.",
            "Commander l'échangeur et les sous-compteurs.",
            "",
        ),
        (
            8,
            "at_risk",
            55,
            "Échangeur commandé, acompte versé.",
            "Poser les sous-compteurs, préparer l'arrêt d'été.",
            "Sous-compteurs livrés en retard : le suivi par four attendra un mois.",
        ),
    ]:
        _report(
            project, company, today - D(days=days_ago), weather, progress, done, next_steps, issues
        )
    _actions(company, project, start, today)


def _actions(company: DemoCompany, project: Project, start: dt.date, today: dt.date) -> None:
    users = company.users
    for title, owner, begins, due, steps in [
        (
            "Régler la combustion des brûleurs du four de polymérisation",
            "jfontaine",
            start + D(days=40),
            start + D(days=90),
            ["start", "complete"],
        ),
        (
            "Consigner l'arrêt du four hors production dans la gamme",
            "manager",
            start + D(days=40),
            start + D(days=70),
            ["start", "complete"],
        ),
        (
            "Installer les sous-compteurs gaz par four",
            "jfontaine",
            today - D(days=40),
            today - D(days=10),
            ["start"],
        ),
        (
            "Poser l'échangeur de récupération de chaleur",
            "manager",
            today + D(days=20),
            today + D(days=60),
            [],
        ),
    ]:
        action = Action(
            title=title,
            org_unit=company.units["LYO"],
            action_type="improvement",
            owner=users[owner],
            start_date=begins,
            due_date=due,
        )
        services.record_create(record=action, user=users["coordinator"])
        for step in steps:
            services.record_transition(record=action, user=users["manager"], name=step)
            action.refresh_from_db()
        action_link(action=action, record=project, user=users["coordinator"], role="improvement")


# --- Proposed: a safety week ------------------------------------------------------------------


def _safety_week(company: DemoCompany, today: dt.date) -> None:
    project = _project(
        company,
        "ROA",
        title="Semaine sécurité et environnement à Roanne",
        objective=(
            "Organiser une semaine sécurité et environnement pour tout le personnel de Roanne : "
            "ateliers au poste, exercice d'évacuation, stand tri des déchets, journée portes "
            "ouvertes aux familles."
        ),
        domain="csr",
        sponsor=company.users["fmasson"],
        owner=company.users["rblanc"],
        start_date=today + D(days=30),
        planned_end=today + D(days=120),
        expected_results="90 % du personnel ayant participé à au moins un atelier.",
    )
    _budget(
        project,
        [
            ("Animations et intervenants", "external", "3500", "0", "0"),
            ("Temps de participation (44 personnes × 3 h)", "internal", "5900", "0", "0"),
        ],
    )


# --- Lessons from elsewhere -------------------------------------------------------------------


def _library(company: DemoCompany, today: dt.date) -> None:
    for unit, domain, days_ago, title, context, recommendation, keywords in [
        (
            "ROA",
            "health_safety",
            420,
            "Semaine sécurité : des ateliers courts au poste plutôt qu'en salle",
            "Semaine sécurité de Roanne : ateliers d'une heure en salle, peu suivis en équipe de nuit.",
            "Prévoir des ateliers de 20 minutes au poste, sur chaque équipe, et un exercice d'évacuation en fin de semaine.",
            "semaine sécurité, atelier, sensibilisation, évacuation",
        ),
        (
            "LYO",
            "energy",
            240,
            "Récupération de chaleur : dimensionner sur des mesures",
            "Étude d'un échangeur sur les fumées de l'étuve, dimensionné sur la plaque du brûleur.",
            "Mesurer débit et température des fumées sur une semaine de production avant de dimensionner un récupérateur de chaleur.",
            "récupération de chaleur, fumées, four, gaz, énergie",
        ),
        (
            "FMR",
            "energy",
            300,
            "Contrat de gaz : vérifier les pénalités de dépassement",
            "Renouvellement du contrat de fourniture de gaz des deux sites.",
            "Comparer la capacité journalière souscrite aux consommations d'hiver avant de signer ; un dépassement coûte plus que l'économie négociée.",
            "gaz, contrat, fourniture, achat d'énergie",
        ),
        (
            "FMR",
            "quality",
            150,
            "Revue de direction : un tableau de bord préparé par processus",
            "La revue de direction annuelle durait une journée faute de données préparées.",
            "Faire préparer par chaque pilote une page par processus (indicateurs, risques, actions) une semaine avant la revue.",
            "revue de direction, pilotes de processus, tableau de bord",
        ),
    ]:
        _lesson(
            company,
            unit,
            None,
            title=title,
            context=context,
            recommendation=recommendation,
            keywords=keywords,
            domain=domain,
            recorded_on=today - D(days=days_ago),
        )
