"""Demo training and communication of Forges et Mécanique du Rhône: a year of sessions
(safety inductions, first-aid and fire-fighting refreshers, CACES and electrical
habilitations, 5S, waste sorting, manual handling, internal auditors…) with who attended, the
satisfaction and effectiveness surveys answered by most, the training plan of each site with
its budget, and a communication plan of about fifteen items.

The sessions that give a skill were attended by the people who hold it from that day in the
competence demo (loaded first): closing their attendance list renews nothing. The sessions to
come answer the gaps that demo tells: David Chevalier's CACES about to expire, Sébastien
Garnier's lapsed BR habilitation, Lucas Moreau's welding requalification, Bruno Mathieu's
chemicals training. Every date is counted from the day the demo is loaded."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from amelio.core import services as core
from amelio.core.models import TransitionLog
from amelio.indicators.models import Objective
from amelio.processes.models import Process
from amelio.training import services
from amelio.training.evaluations import QUESTIONS, window
from amelio.training.models import (
    Attendance,
    CommunicationItem,
    SessionEvaluation,
    Skill,
    TrainingPlan,
    TrainingSession,
)


@dataclass(frozen=True)
class Demo:
    """A demo session: `days` from today to its start, its trainer (a username, or the name
    of a training body), the people registered and what happened."""

    days: int
    title: str
    kind: str
    unit: str
    trainer: str
    hours: str
    people: list[str]
    cost: str | None = None
    place: str = ""
    skill: str = ""
    length: int = 1
    absent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    audience: str = ""
    description: str = ""
    owner: str = "coordinator"
    surveys: bool = True
    # The state it is left in: None for what its dates call for (planned ahead, held, closed).
    state: str | None = None
    reason: str = ""
    # Those present who have not answered the surveys yet (they find them under "my surveys").
    pending: list[str] = field(default_factory=list)


BODIES = {"APAVE", "AFTRAL Lyon", "AFPI Rhône", "Croix-Rouge Formation", "SDIS 69 formation",
          "SDIS 42 formation", "Prévention BTP formation", "AFNOR Compétences",
          "Institut de Soudure", "Prévencia", "Chimie Sécurité Formation"}  # fmt: skip

LYO_SHOP = ["tmercier", "erousseau", "mbonnet", "aroux", "cvincent", "pgirard", "lmoreau",
            "nfaure", "employee"]  # fmt: skip

SESSIONS = [
    # Held, giving a skill to those who hold it from that day (competence demo).
    Demo(-150, "Équipier de première intervention — manipulation des extincteurs", "training",
         "LYO", "SDIS 69 formation", "3.5", ["pgirard", "lmoreau", "nfaure"], cost="690.00",
         place="Vénissieux, aire d'exercice feu", skill="EPI-INC",
         audience="Soudeurs (travaux par points chauds)",
         description="Triangle du feu, classes de feu, extinction sur bac à feu écologique, "
         "alerte et évacuation."),
    Demo(-100, "Équipier de première intervention — Roanne", "training", "ROA",
         "SDIS 42 formation", "3.5", ["ilefebvre", "bmathieu"], cost="520.00",
         place="Roanne, parking arrière", skill="EPI-INC",
         audience="Opérateurs traitement de surface"),
    Demo(-300, "SST — maintien et actualisation des compétences (MAC)", "training", "LYO",
         "Croix-Rouge Formation", "7", ["pgirard"], cost="245.00",
         place="Croix-Rouge, Lyon 7e (inter-entreprises)", skill="SST",
         description="Révision des gestes de secours, mises en situation d'accident du travail."),
    Demo(-200, "SST — maintien et actualisation des compétences (MAC) Roanne", "training", "ROA",
         "Croix-Rouge Formation", "7", ["ilefebvre"], cost="245.00",
         place="Croix-Rouge, Roanne (inter-entreprises)", skill="SST"),
    Demo(-201, "Habilitation électrique BR — recyclage", "training", "ROA", "APAVE", "14",
         ["kdavid"], cost="780.00", place="APAVE, Saint-Étienne", skill="HAB-BR", length=2,
         description="Recyclage NF C 18-510 : interventions générales BT, consignation, "
         "évaluation théorique et pratique."),
    Demo(-301, "CACES R486 — plates-formes élévatrices (PEMP) catégorie B", "training", "LYO",
         "AFPI Rhône", "14", ["jfontaine", "sgarnier"], failed=["sgarnier"], cost="1640.00",
         place="AFPI Rhône, Villeurbanne", skill="CACES-R486-B", length=2),
    Demo(-200, "Lecture de plan et cotation ISO GPS — les bases", "training", "FMR",
         "tmercier", "7", ["nfaure", "lclement"], place="Vénissieux, salle de formation",
         skill="LECT-PLAN", owner="manager"),
    Demo(-61, "Auditeur interne QSE ISO 19011", "training", "FMR", "AFNOR Compétences", "14",
         ["hperrin"], cost="1380.00", place="AFNOR, Lyon (inter-entreprises)",
         skill="AUD-INT", length=2,
         description="Principes de l'audit, préparation, conduite d'entretien, rédaction des "
         "constats ; examen final."),
    # Held, without a skill.
    Demo(-120, "Accueil sécurité des nouveaux arrivants", "safety_induction", "LYO",
         "hperrin", "3", ["erousseau"], place="Vénissieux, salle QSE",
         description="Règles du site, circulation piétons et chariots, EPI, consignes "
         "d'urgence, visite des ateliers."),
    Demo(-205, "Accueil sécurité des nouveaux arrivants", "safety_induction", "LYO", "hperrin",
         "3", ["nfaure"], place="Vénissieux, salle QSE"),
    Demo(-140, "Consignation LOTO — retour d'expérience d'un presque-accident", "awareness",
         "FMR", "jfontaine", "1", ["kdavid", "sgarnier", "jfontaine"],
         place="Vénissieux, atelier maintenance",
         description="Procédure FMR-PR-017 : identification des énergies, cadenas, "
         "vérification d'absence d'énergie ; ce qui a failli arriver sur la presse 3."),
    Demo(-250, "Sensibilisation 5S — atelier d'usinage", "awareness", "LYO-PROD", "manager",
         "2", ["tmercier", "employee", "mbonnet", "aroux", "cvincent"],
         place="Vénissieux, atelier usinage", owner="manager",
         description="Trier, ranger, nettoyer, standardiser, maintenir : chantier pilote sur "
         "les postes CN."),
    Demo(-180, "Tri des déchets et économie circulaire", "awareness", "LYO", "hperrin", "1",
         [*LYO_SHOP, "jfontaine", "dchevalier"], absent=["cvincent"],
         place="Vénissieux, réfectoire", state="held",
         description="Nouvelles filières (copeaux, DIB, DEEE, bidons souillés), registre des "
         "déchets, erreurs de tri constatées."),
    Demo(-90, "Gestes et postures — manutention manuelle", "training", "LYO", "Prévencia", "7",
         ["dchevalier", "ylambert", "cvincent", "mbonnet", "aroux", "jfontaine"],
         cost="1450.00", place="Vénissieux, salle de formation"),
    Demo(-85, "Gestes et postures — manutention manuelle", "training", "ROA", "Prévencia", "7",
         ["vmorel", "ogarcia", "lclement", "bmathieu"], absent=["bmathieu"], cost="1450.00",
         place="Roanne, salle de réunion"),
    Demo(-270, "ISO 9001 et ISO 45001 — ce qui est attendu de l'encadrement", "awareness",
         "FMR", "coordinator", "3.5", ["fmasson", "manager", "rblanc", "pgirard", "hperrin"],
         place="Vénissieux, salle de direction",
         description="Approche processus, risques et opportunités, leadership en santé et "
         "sécurité, préparation de l'audit de certification."),
    Demo(-160, "Substitution du chrome VI — information des opérateurs", "awareness", "ROA",
         "rblanc", "1.5", ["ilefebvre", "bmathieu", "ogarcia"], place="Roanne, ligne de zingage",
         owner="rblanc"),
    Demo(-20, "Quart d'heure sécurité — EPI en soudure", "toolbox_talk", "LYO-SOU", "pgirard",
         "0.25", ["lmoreau", "nfaure"], place="Atelier soudure", surveys=False,
         owner="manager"),
    Demo(-45, "Quart d'heure sécurité — circulation piétons et chariots", "toolbox_talk",
         "LYO-LOG", "manager", "0.25", ["dchevalier", "ylambert"], place="Quai d'expédition",
         surveys=False, owner="manager"),
    Demo(-30, "Quart d'heure sécurité — acides et bases", "toolbox_talk", "ROA-TS", "rblanc",
         "0.25", ["ilefebvre", "bmathieu"], place="Ligne de traitement de surface",
         surveys=False, owner="rblanc", state="planned"),
    Demo(-2, "Risque routier — trajets domicile-travail et déplacements", "awareness", "LYO",
         "hperrin", "1.5", ["employee", "tmercier", "erousseau", "mbonnet", "aroux"],
         place="Vénissieux, réfectoire", pending=["employee", "aroux"],
         description="Premier risque d'accident mortel au travail : vitesse, téléphone, "
         "fatigue, conditions hivernales ; le plan de déplacements du site."),
    # Cancelled.
    Demo(-60, "Pont roulant commandé du sol — R484", "training", "LYO", "AFPI Rhône", "7",
         ["aroux"], cost="650.00", place="AFPI Rhône, Villeurbanne", state="cancelled",
         reason="Organisme indisponible, session reportée au premier trimestre."),
    # Ahead: answering the gaps of the competence matrix.
    Demo(14, "Habilitation électrique BR — recyclage", "training", "LYO", "APAVE", "14",
         ["sgarnier"], cost="780.00", place="APAVE, Lyon", skill="HAB-BR", length=2),
    Demo(21, "CACES R489 catégorie 3 — recyclage", "training", "LYO", "AFTRAL Lyon", "14",
         ["dchevalier"], cost="950.00", place="AFTRAL, Saint-Priest", skill="CACES-R489-3",
         length=2, owner="manager"),
    Demo(20, "Prévention du risque chimique — traitement de surface", "training", "ROA",
         "Chimie Sécurité Formation", "7", ["bmathieu"], cost="560.00",
         place="Roanne, salle de réunion", skill="CHIM-TS", owner="rblanc"),
    Demo(30, "Requalification soudeur NF EN ISO 9606-1 — procédé 135", "training", "LYO-SOU",
         "Institut de Soudure", "14", ["lmoreau"], cost="1850.00",
         place="Institut de Soudure, Villepinte", skill="SOUD-9606-135", length=2,
         owner="manager"),
    Demo(10, "Accueil sécurité des intérimaires", "safety_induction", "LYO", "hperrin", "2", [],
         place="Vénissieux, salle QSE"),
    Demo(45, "Sensibilisation aux économies d'énergie", "awareness", "FMR", "coordinator", "1",
         [], place="Vénissieux et Roanne (visioconférence)"),
]  # fmt: skip

HOT_COMMENTS = [
    "Formateur très pédagogue, beaucoup d'exemples concrets.",
    "Un peu long en fin de journée, mais utile.",
    "Les exercices pratiques ont été le meilleur moment.",
    "Salle trop petite pour le groupe.",
    "J'aurais aimé plus de cas pris dans notre atelier.",
]
COLD_COMMENTS = [
    "J'applique la méthode tous les jours au poste.",
    "Le rangement a tenu deux mois puis on s'est relâchés.",
    "Plus à l'aise pour intervenir si un collègue se blesse.",
    "Pas encore eu l'occasion de m'en servir.",
]

# planned (days from today), message, unit, audience, its detail, channel, frequency, owner,
# how many occurrences are done, objective keys, process codes, key points
COMMUNICATIONS = [
    (-95, "Résultats QSE du trimestre et objectifs du suivant", "FMR", "everyone", "", "meeting",
     "quarterly", "coordinator", 3, ["Zéro accident avec arrêt"], ["M-QSE"],
     "Accidents et presque-accidents, réclamations, audits, avancement des objectifs."),
    (-65, "Quart d'heure sécurité : thème du mois", "LYO-PROD", "unit", "LYO-PROD",
     "safety_talk", "monthly", "manager", 2, ["Zéro accident avec arrêt"], [],
     "Un thème par mois choisi à partir des remontées terrain et des presque-accidents."),
    (-320, "Politique QSE signée par la direction", "FMR", "everyone", "", "notice_board",
     "yearly", "coordinator", 1, [], ["M-STR", "M-QSE"],
     "Affichage dans chaque atelier, au réfectoire et à l'accueil des deux sites."),
    (-40, "Indicateurs sécurité du mois (TF1, TG, presque-accidents)", "FMR", "everyone", "",
     "notice_board", "monthly", "hperrin", 1, ["Zéro accident avec arrêt"], ["M-QSE"], ""),
    (-75, "Lettre QSE « Le Fil »", "FMR", "everyone", "", "newsletter", "quarterly",
     "hperrin", 1, [], ["M-QSE"], "Le numéro du trimestre : retour sur l'audit ISO 9001, "
     "portrait de l'équipe soudure, les presque-accidents du trimestre."),
    (-48, "Retour d'expérience : chute de plain-pied au quai 2", "LYO-LOG", "unit", "LYO-LOG",
     "display_screen", "once", "manager", 1, ["Zéro accident avec arrêt"], ["R-EXP"],
     "Ce qui s'est passé, les causes, le marquage au sol refait et les consignes."),
    (-110, "Revue de direction : décisions et objectifs de l'année", "FMR", "role", "manager",
     "meeting", "yearly", "coordinator", 1, [], ["M-STR"], ""),
    (-150, "Résultats de l'audit de certification ISO 9001", "FMR", "everyone", "", "email",
     "once", "coordinator", 1, ["Livrer à l'heure au moins 95 % des commandes"], ["M-QSE"],
     "Aucune non-conformité majeure, deux mineures, cinq pistes de progrès."),
    (-130, "Nouvelle procédure de consignation LOTO sur l'intranet", "LYO-MAI", "unit",
     "LYO-MAI", "intranet", "once", "hperrin", 1, [], ["S-MAI"], ""),
    (-200, "Enquête de satisfaction clients : résultats et actions", "FMR", "external",
     "Clients industriels et ferroviaires", "email", "yearly", "coordinator", 1,
     ["Livrer à l'heure au moins 95 % des commandes"], ["R-VEN"], ""),
    (-160, "Bilan annuel des rejets et nuisances aux riverains", "ROA", "external",
     "Riverains et mairie de Roanne", "other", "yearly", "rblanc", 1, [], [],
     "Réunion publique en mairie, plaquette distribuée dans le quartier du canal."),
    (-12, "Consignes d'urgence et plan d'évacuation mis à jour", "LYO", "everyone", "",
     "notice_board", "once", "hperrin", 0, [], [], "Nouveau point de rassemblement côté nord."),
    (30, "Campagne économies d'énergie : compresseurs et éclairage", "FMR", "everyone", "",
     "display_screen", "once", "coordinator", 0,
     ["Réduire de 10 % la consommation d'énergie par pièce"], [], ""),
    (60, "Forum sécurité intersites", "FMR", "everyone", "", "meeting", "once", "coordinator",
     -1, [], [], ""),
]  # fmt: skip

# site -> (last year's budget, this year's)
BUDGETS = {"LYO": (Decimal(35000), Decimal(38000)), "ROA": (Decimal(15000), Decimal(16000))}


def load(company) -> None:
    today = timezone.localdate()
    coordinator = company.users["coordinator"]
    skills = {s.code: s for s in Skill.objects.all()}
    for demo in SESSIONS:
        _session(company, demo, today, coordinator, skills)
    _plans(company, today, coordinator)
    for row in COMMUNICATIONS:
        _communication(company, row, today, coordinator)


# --- Sessions ------------------------------------------------------------------------------


def _session(company, demo: Demo, today: dt.date, user, skills: dict) -> TrainingSession:
    start = today + dt.timedelta(days=demo.days)
    external = demo.trainer in BODIES
    session = TrainingSession(
        title=demo.title,
        kind=demo.kind,
        org_unit=company.units[demo.unit],
        description=demo.description,
        audience=demo.audience,
        trainer_kind="external" if external else "internal",
        trainer=None if external else company.users[demo.trainer],
        training_body=demo.trainer if external else "",
        start_date=start,
        end_date=start + dt.timedelta(days=demo.length - 1) if demo.length > 1 else None,
        duration_hours=Decimal(demo.hours),
        cost=Decimal(demo.cost) if demo.cost else None,
        place=demo.place,
        owner=company.users[demo.owner],
        assessed=bool(demo.skill),
        skill=skills.get(demo.skill),
        hot_evaluation=demo.surveys,
        cold_after_weeks=8 if demo.surveys else 0,
    )
    core.record_create(record=session, user=user)
    people = [company.users[name] for name in demo.people]
    services.attendees_add(session=session, people=people, user=user)
    if demo.state == "cancelled":
        core.record_transition(record=session, user=user, name="cancel", comment=demo.reason)
    elif start <= today:
        _hold(session, demo, today, user)
    return session


def _hold(session: TrainingSession, demo: Demo, today: dt.date, user) -> None:
    """Record who came and who passed, close the list (unless the demo leaves it open),
    answer the surveys, close the session when they are over."""
    for attendance in Attendance.objects.filter(session=session).select_related("person"):
        present = attendance.person.username not in demo.absent
        attendance.present = present
        if session.assessed and present:
            attendance.passed = attendance.person.username not in demo.failed
        core.record_update(record=attendance, user=user, expected_version=None)
    if demo.state == "planned":
        return
    core.record_transition(record=session, user=user, name="hold")
    _backdate(session, "hold", session.last_day)
    _answer(session, today, demo.pending)
    cold = window(session, "cold")
    if demo.state is None and (cold is None or cold.closes < today):
        core.record_transition(record=session, user=user, name="evaluate")
        closed = cold.closes if cold is not None else session.last_day
        _backdate(session, "evaluate", closed + dt.timedelta(days=1))


def _backdate(record, transition: str, day: dt.date) -> None:
    """The transition as done on `day` (at five in the afternoon)."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(17, 0)))
    TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        transition=transition,
    ).update(created_at=min(moment, timezone.now()))


def _answer(session: TrainingSession, today: dt.date, pending: list[str]) -> None:
    """Most of those present answer each survey once it is open: the satisfaction survey on
    the last day, the effectiveness one within a fortnight of its opening; those `pending`
    have not answered yet."""
    rng = random.Random(f"{session.title}-{session.org_unit_id}")  # noqa: S311 (seeded demo data)
    attendances = list(
        Attendance.objects.filter(session=session, present=True)
        .exclude(person__username__in=pending)
        .select_related("session")
    )
    for kind, share, weights, comments in (
        ("hot", 0.85, [0, 1, 4, 5], HOT_COMMENTS),
        ("cold", 0.75, [1, 2, 5, 3], COLD_COMMENTS),
    ):
        span = window(session, kind)
        if span is None:
            continue
        for attendance in attendances:
            day = span.opens + dt.timedelta(days=0 if kind == "hot" else rng.randint(0, 12))
            if day >= today or rng.random() > share:
                continue
            scores = rng.choices([1, 2, 3, 4], weights=weights, k=len(QUESTIONS[kind]))
            comment = rng.choice(comments) if rng.random() < 0.35 else ""
            evaluation = services.evaluation_submit(
                attendance=attendance, kind=kind, scores=scores, comment=comment, today=day
            )
            moment = dt.datetime.combine(day, dt.time(16, rng.randint(0, 59)))
            SessionEvaluation.objects.filter(pk=evaluation.pk).update(
                answered_at=timezone.make_aware(moment)
            )


# --- Plans ---------------------------------------------------------------------------------


def _plans(company, today: dt.date, user) -> None:
    """Each site's plan for this year and the last (the year of sessions spans both)."""
    for index, year in enumerate((today.year - 1, today.year)):
        for code, budgets in BUDGETS.items():
            unit = company.units[code]
            plan = TrainingPlan(
                title=f"Plan de développement des compétences {year} — {unit.name}",
                org_unit=unit,
                year=year,
                budget=budgets[index],
                owner=company.users["coordinator" if code == "LYO" else "rblanc"],
                notes="Priorités : habilitations et CACES à renouveler, prévention des TMS, "
                "montée en compétence des régleurs CN, auditeurs internes.",
            )
            core.record_create(record=plan, user=user)


# --- Communication -------------------------------------------------------------------------


def _communication(company, row: tuple, today: dt.date, user) -> None:
    (days, title, unit, audience, detail, channel, frequency, owner, done, objectives,
     processes, content) = row  # fmt: skip
    item = CommunicationItem(
        title=title,
        org_unit=company.units[unit],
        content=content,
        audience=audience,
        audience_unit=company.units[detail] if audience == "unit" else None,
        audience_role=detail if audience == "role" else "",
        interested_party=detail if audience == "external" else "",
        channel=channel,
        frequency=frequency,
        owner=company.users[owner],
        planned_on=today + dt.timedelta(days=days),
    )

    def links() -> None:
        item.objectives.set(Objective.objects.filter(title__in=objectives))
        item.processes.set(Process.objects.filter(code__in=processes))

    core.record_create(record=item, user=user, m2m_save=links)
    if done < 0:
        core.record_transition(
            record=item, user=user, name="cancel", comment="Reporté : calendrier de la direction."
        )
    for _occurrence in range(max(done, 0)):
        item = _done(item, today, user)


def _done(item: CommunicationItem, today: dt.date, user) -> CommunicationItem:
    """Mark an occurrence done on its planned day; the next one (a recurring item) is planned
    by the transition."""
    if item.planned_on >= today:
        return item
    CommunicationItem.objects.filter(pk=item.pk).update(done_on=item.planned_on)
    core.record_transition(record=item, user=user, name="done")
    _backdate(item, "done", item.planned_on)
    following = CommunicationItem.objects.filter(
        title=item.title, org_unit=item.org_unit_id, planned_on__gt=item.planned_on
    ).first()
    return following or item
