"""Demo meetings of Forges et Mécanique du Rhône: the quarterly QSE committees of Vénissieux
(the last one held, its minutes not sent yet, the next one planned), two CSSCT meetings at
Roanne (quarterly) and the review of the purchasing process. Their decisions became actions,
some done, some late, reviewed at the next meeting of each series."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from amelio.actions.models import Action
from amelio.core.models import TransitionLog
from amelio.core.services import record_transition
from amelio.reviews import services_meetings as services
from amelio.reviews.models import AgendaItem, Attendance, Decision, Meeting

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip

QSE_PEOPLE = [
    ("coordinator", "present"),
    ("fmasson", "present"),
    ("manager", "present"),
    ("hperrin", "present"),
    ("jfontaine", "excused"),
    ("dchevalier", "present"),
    ("pgirard", "present"),
]
CSSCT_PEOPLE = [
    ("rblanc", "present"),
    ("coordinator", "present"),
    ("ilefebvre", "present"),
    ("ogarcia", "present"),
    ("kdavid", "excused"),
    ("vmorel", "present"),
]
CSSCT_GUESTS = (
    "Dr Anne Roche, médecin du travail (SPST Loire Nord)\n"
    "Mme Sandrine Pichon, contrôleur de sécurité CARSAT Rhône-Alpes (invitée, excusée)"
)

# days from today, unit, kind, title, place, owner, people, state, agenda, minutes,
# decisions: (item number or 0, text, owner, days to do it, what became of its action:
# "done", "started" or "" for still planned). The QSE coordinator enters what is decided.
MEETINGS = [
    {
        "days": -182,
        "unit": "LYO",
        "kind": "qse",
        "title": "Comité QSE",
        "place": "Salle Saône, bâtiment administratif",
        "owner": "coordinator",
        "people": QSE_PEOPLE,
        "state": "minutes_sent",
        "agenda": [
            (
                "Sécurité : accidents et presque-accidents du trimestre",
                "coordinator",
                20,
                "Un accident avec arrêt (coupure à la main en tôlerie, 4 jours) et six "
                "presque-accidents, dont trois liés à la circulation des chariots au quai 2.",
            ),
            (
                "Qualité : réclamations clients et non-conformités",
                "hperrin",
                20,
                "Deux réclamations clients (défaut de peinture, cote hors tolérance). Le taux "
                "de rebut usinage reste au-dessus de l'objectif (2,4 % pour 2 %).",
            ),
            (
                "Environnement : déchets et consommations",
                "coordinator",
                10,
                "Tri des copeaux huileux à améliorer ; la benne DIB contient encore du métal.",
            ),
            ("Questions diverses", "fmasson", 10, ""),
        ],
        "minutes": "Réunion ouverte à 9 h par F. Masson. Les indicateurs du trimestre ont été "
        "présentés par C. Martin. Séance levée à 10 h 30.",
        "decisions": [
            (
                1,
                "Matérialiser une allée piétonne au quai 2 et poser un miroir de "
                "sécurité à l'angle du magasin.",
                "manager",
                45,
                "done",
            ),
            (
                1,
                "Rappeler le port des gants anti-coupure en tôlerie lors d'un quart "
                "d'heure sécurité.",
                "pgirard",
                15,
                "done",
            ),
            (
                2,
                "Lancer une analyse des causes (8D) sur le rebut usinage.",
                "hperrin",
                60,
                "started",
            ),
            (3, "Ajouter une benne métaux dédiée près de la zone de découpe.", "jfontaine", 30, ""),
        ],
    },
    {
        "days": -91,
        "unit": "LYO",
        "kind": "qse",
        "title": "Comité QSE",
        "place": "Salle Saône, bâtiment administratif",
        "owner": "coordinator",
        "people": QSE_PEOPLE,
        "state": "minutes_sent",
        "from_previous": True,
        "notes": [
            "Aucun accident avec arrêt ; quatre presque-accidents, aucun au quai 2 depuis "
            "le marquage de l'allée piétonne.",
            "Une réclamation client (emballage). Le rebut usinage baisse à 2,1 % ; le 8D "
            "est en cours, cause principale : usure des outils non suivie.",
            "La benne métaux n'est toujours pas en place : devis du prestataire attendu.",
            "Préparation de l'audit de surveillance ISO 9001 et ISO 14001.",
        ],
        "minutes": "Revue des actions du comité précédent en ouverture : deux actions "
        "réalisées, deux en retard (8D sur le rebut usinage, benne métaux). Séance levée à "
        "10 h 45.",
        "decisions": [
            (
                2,
                "Mettre en place un suivi de durée de vie des outils sur les centres d'usinage.",
                "manager",
                45,
                "",
            ),
            (
                4,
                "Organiser un audit interne à blanc des processus production et achats.",
                "auditor",
                30,
                "done",
            ),
            (
                1,
                "Former deux caristes supplémentaires (CACES R489 catégorie 3).",
                "fmasson",
                60,
                "",
            ),
        ],
    },
    {
        "days": -6,
        "unit": "LYO",
        "kind": "qse",
        "title": "Comité QSE",
        "place": "Salle Saône, bâtiment administratif",
        "owner": "coordinator",
        "people": QSE_PEOPLE,
        "state": "held",
        "from_previous": True,
        "notes": [
            "Un accident sans arrêt (projection de limaille, lunettes non portées).",
            "Rebut usinage à 1,8 %, sous l'objectif pour la première fois de l'année.",
            "Benne métaux installée ; premier enlèvement facturé au poids.",
            "Audit de surveillance passé : une non-conformité mineure (étalonnage).",
        ],
        "minutes": "Les actions du comité précédent sont revues en ouverture : le suivi des "
        "outils et la formation des caristes sont en retard.",
        "decisions": [
            (
                1,
                "Rendre le port des lunettes obligatoire dès l'entrée en atelier usinage "
                "(affichage et rappel aux intérimaires).",
                "manager",
                20,
                "",
            ),
            (
                4,
                "Traiter la non-conformité d'étalonnage relevée à l'audit.",
                "hperrin",
                30,
                "started",
            ),
        ],
    },
    {
        "days": 84,
        "unit": "LYO",
        "kind": "qse",
        "title": "Comité QSE",
        "place": "Salle Saône, bâtiment administratif",
        "owner": "coordinator",
        "people": [(name, "invited") for name, _presence in QSE_PEOPLE],
        "state": "planned",
        "from_previous": True,
    },
    {
        "days": -97,
        "unit": "ROA",
        "kind": "cssct",
        "title": "Réunion trimestrielle CSSCT",
        "place": "Salle de pause, atelier assemblage",
        "owner": "rblanc",
        "people": CSSCT_PEOPLE,
        "guests": CSSCT_GUESTS,
        "state": "minutes_sent",
        "agenda": [
            (
                "Accidents du travail et presque-accidents",
                "rblanc",
                20,
                "Une brûlure chimique légère au traitement de surface (éclaboussure lors d'un "
                "appoint de bain). Deux presque-accidents au magasin (charge instable).",
            ),
            (
                "Mise à jour du document unique (DUERP)",
                "coordinator",
                30,
                "Présentation des nouvelles unités de travail et de l'évaluation du risque "
                "chimique au traitement de surface ; avis des membres recueilli.",
            ),
            (
                "Visite de l'atelier traitement de surface",
                "ilefebvre",
                30,
                "Douche de sécurité et rince-œil vérifiés ; l'aspiration du bain de dégraissage "
                "est jugée insuffisante par les opérateurs.",
            ),
            ("Questions des membres", "rblanc", 15, ""),
        ],
        "minutes": "Réunion présidée par R. Blanc, avec le médecin du travail. L'avis de la "
        "commission sur la mise à jour du DUERP sera transmis au CSE.",
        "decisions": [
            (
                3,
                "Faire mesurer l'efficacité de l'aspiration du bain de dégraissage "
                "(contrôle VLEP).",
                "kdavid",
                45,
                "started",
            ),
            (
                1,
                "Équiper le poste d'appoint des bains d'un pistolet doseur et rappeler le "
                "port de la visière.",
                "rblanc",
                20,
                "done",
            ),
            (
                1,
                "Revoir le plan de rangement du magasin pour les charges longues.",
                "vmorel",
                30,
                "",
            ),
        ],
    },
    {
        "days": -4,
        "unit": "ROA",
        "kind": "cssct",
        "title": "Réunion trimestrielle CSSCT",
        "place": "Salle de pause, atelier assemblage",
        "owner": "rblanc",
        "people": CSSCT_PEOPLE,
        "guests": CSSCT_GUESTS,
        "state": "minutes_sent",
        "from_previous": True,
        "notes": [
            "Aucun accident ce trimestre ; un presque-accident au montage (outil tombé "
            "d'un établi en hauteur).",
            "Le DUERP mis à jour a été publié ; la version est consultable par tous.",
            "Le rapport de mesure de l'aspiration est attendu : le prestataire a décalé sa venue.",
            "Demande des membres : sièges assis-debout au poste de montage.",
        ],
        "minutes": "Le rangement du magasin n'a pas été revu : l'action est en retard et "
        "reportée au prochain trimestre.",
        "decisions": [
            (4, "Essayer deux sièges assis-debout au montage pendant un mois.", "ogarcia", 45, ""),
        ],
    },
    {
        "days": -94,
        "unit": "LYO",
        "kind": "steering",
        "process": "R-PEI",
        "project": "Réduction de 10 % de la consommation de gaz des fours",
        "title": "Comité de pilotage Gaz des fours",
        "place": "Salle de réunion atelier peinture",
        "owner": "manager",
        "people": [
            ("manager", "present"),
            ("fmasson", "present"),
            ("coordinator", "present"),
            ("jfontaine", "present"),
            ("cvincent", "excused"),
        ],
        "state": "minutes_sent",
        "agenda": [
            (
                "Résultats de l'audit énergétique des fours",
                "coordinator",
                30,
                "Le bureau d'études chiffre à 14 % l'économie possible sur le four de "
                "polymérisation et l'étuve ; la moitié vient du réglage des brûleurs et de "
                "l'arrêt hors production.",
            ),
            (
                "Budget et calendrier",
                "fmasson",
                20,
                "Échangeur de récupération validé au budget d'investissement ; commande "
                "après la consultation de trois fournisseurs.",
            ),
        ],
        "minutes": "L'objectif de 10 % est confirmé ; le réglage des brûleurs passe en premier.",
        "decisions": [
            (1, "Régler les brûleurs du four de polymérisation.", "jfontaine", 30, "done"),
            (2, "Consulter trois fournisseurs d'échangeurs de chaleur.", "manager", 45, "done"),
        ],
    },
    {
        "days": -19,
        "unit": "LYO",
        "kind": "steering",
        "process": "R-PEI",
        "project": "Réduction de 10 % de la consommation de gaz des fours",
        "title": "Comité de pilotage Gaz des fours",
        "place": "Salle de réunion atelier peinture",
        "owner": "manager",
        "people": [
            ("manager", "present"),
            ("fmasson", "present"),
            ("coordinator", "present"),
            ("jfontaine", "excused"),
            ("cvincent", "present"),
        ],
        "state": "held",
        "agenda": [
            (
                "Premiers résultats : brûleurs et portes du four",
                "coordinator",
                20,
                "Brûleurs réglés et portes calorifugées : -6 % de gaz sur octobre, à "
                "production égale.",
            ),
            (
                "Récupérateur de chaleur : commande et planning",
                "manager",
                20,
                "Échangeur commandé ; livraison annoncée dans six semaines.",
            ),
        ],
        "minutes": "Les sous-compteurs gaz par four ont glissé de dix jours : le jalon est en "
        "retard, sans effet sur la mise en service de l'échangeur.",
        "decisions": [
            (
                1,
                "Relever chaque semaine la consommation du four et de l'étuve.",
                "cvincent",
                60,
                "",
            ),
        ],
    },
    {
        "days": -33,
        "unit": "FMR",
        "kind": "process_review",
        "process": "S-ACH",
        "title": "Revue du processus Achats et sous-traitance",
        "place": "Visioconférence Vénissieux – Roanne",
        "owner": "manager",
        "people": [
            ("manager", "present"),
            ("coordinator", "present"),
            ("rblanc", "present"),
            ("fmasson", "excused"),
        ],
        "state": "minutes_sent",
        "agenda": [
            (
                "Résultats : taux de service et litiges qualité fournisseurs",
                "manager",
                20,
                "Taux de service fournisseurs à 90,5 % (objectif 92 %) ; litiges qualité à "
                "0,8 %. Deux fournisseurs de visserie expliquent l'essentiel des retards.",
            ),
            (
                "Évaluation annuelle des fournisseurs",
                "coordinator",
                20,
                "Trente-huit fournisseurs évalués sur quarante ; deux classés C, plan de "
                "progrès à demander.",
            ),
            (
                "Risques et opportunités du processus",
                "manager",
                15,
                "Dépendance à un seul sous-traitant de traitement thermique.",
            ),
        ],
        "minutes": "Le processus atteint son objectif qualité mais pas son objectif de "
        "service ; la sous-traitance thermique reste le principal risque.",
        "decisions": [
            (
                1,
                "Demander un plan de progrès aux deux fournisseurs de visserie classés C.",
                "manager",
                30,
                "done",
            ),
            (
                3,
                "Qualifier un second sous-traitant de traitement thermique.",
                "manager",
                120,
                "started",
            ),
        ],
    },
]


def load(company) -> None:
    """The meetings, oldest first in each series, so that each review freezes what the
    previous meeting's actions had become."""
    today = timezone.localdate()
    for spec in sorted(MEETINGS, key=_days):
        _meeting(company, spec, today)


def _days(spec: dict) -> int:
    return int(spec["days"])


def _meeting(company, spec: dict, today: dt.date) -> Meeting:
    users = company.users
    day = today + dt.timedelta(days=spec["days"])
    meeting = Meeting(
        org_unit=company.units[spec["unit"]],
        kind=spec["kind"],
        title=f"{spec['title']} – {MONTHS[day.month - 1]} {day.year}",
        process=_process(spec.get("process")),
        project=_project(spec.get("project")),
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
        duration_minutes=90,
        place=spec["place"],
        owner=users[spec["owner"]],
        external_attendees=spec.get("guests", ""),
        minutes=spec.get("minutes", ""),
        created_by=users[spec["owner"]],
    )
    meeting.save()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, user=users[name], presence=presence)
        for name, presence in spec["people"]
    )
    _agenda(meeting, spec, users)
    _decisions(meeting, spec, users)
    _state(meeting, spec["state"], users["coordinator"])
    return meeting


def _process(code: str | None):
    if not code:
        return None
    from amelio.processes.models import Process

    return Process.objects.active().filter(code=code).first()


def _project(title: str | None):
    if not title:
        return None
    from amelio.projects.models import Project

    return Project.objects.active().filter(title=title).first()


def _agenda(meeting: Meeting, spec: dict, users) -> None:
    if spec.get("from_previous"):
        services.agenda_from_previous(meeting=meeting, user=users["coordinator"])
        for item, notes in zip(meeting.agenda.all(), spec.get("notes", []), strict=False):
            AgendaItem.objects.filter(pk=item.pk).update(notes=notes)
        return
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=n,
            title=title,
            presenter=users[presenter],
            duration_minutes=minutes,
            notes=notes,
        )
        for n, (title, presenter, minutes, notes) in enumerate(spec["agenda"], start=1)
    )


def _decisions(meeting: Meeting, spec: dict, users) -> None:
    items = {item.order: item for item in meeting.agenda.all()}
    for number, text, owner, days, outcome in spec.get("decisions", []):
        decision = Decision.objects.create(meeting=meeting, item=items.get(number), text=text)
        if outcome is None:
            continue
        action = services.decision_to_action(
            decision=decision,
            user=users["coordinator"],
            title=text,
            owner=users[owner],
            due_date=meeting.day + dt.timedelta(days=days),
        )
        Action.objects.filter(pk=action.pk).update(start_date=meeting.day)
        _progress(action, outcome, users["coordinator"])


def _progress(action: Action, outcome: str, user) -> None:
    steps = {"": [], "started": ["start"], "done": ["start", "complete"]}[outcome]
    for step in steps:
        record_transition(record=action, user=user, name=step)


def _state(meeting: Meeting, state: str, user) -> None:
    """Move the meeting to `state` as its organiser did, without e-mailing the demo's
    minutes: the review is frozen as the transition does."""
    steps = {"planned": [], "held": ["hold"], "minutes_sent": ["hold", "send_minutes"]}[state]
    source = meeting.status
    for step in steps:
        target = {"hold": "held", "send_minutes": "minutes_sent"}[step]
        TransitionLog.objects.create(
            target=meeting, transition=step, source=source, target_state=target, user=user
        )
        source = target
    if state == "minutes_sent":
        review = services.previous_review(meeting)
        meeting.previous_review = review if review is not None else {}
        meeting.minutes_sent_at = meeting.starts_at + dt.timedelta(days=3)
    meeting.status = state
    meeting.save()
