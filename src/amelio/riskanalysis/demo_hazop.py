"""Demo HAZOP of Forges et Mécanique du Rhône: the surface-treatment line of the Roanne site
(alkaline degreasing, acid pickling, trivalent chromate passivation, rinses and the effluent
detoxification station), four nodes and sixteen deviations ranked on the 5 x 5 matrix, in
review; four recommendations are followed up as actions. Every date is counted from the day
the demo is loaded."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.core import services as core
from amelio.riskanalysis import services_hazop
from amelio.riskanalysis.models import (
    HazopDeviation,
    HazopGuideWord,
    HazopNode,
    HazopParameter,
    HazopStudy,
)
from amelio.riskanalysis.reference_data import ensure_hazop
from amelio.scoring.models import ScoringMatrix

UNIT = "ROA-TS"
TEAM = ["rblanc", "kdavid", "ilefebvre", "bmathieu"]

STUDY = {
    "title": "HAZOP de la ligne de zingage et de passivation TS1",
    "installation": "Ligne de traitement de surface TS1 – atelier de Roanne",
    "scope": (
        "Fonctionnement normal en production (2 postes), démarrage du lundi et arrêt du "
        "vendredi, appoints de produits. Hors étude : cuves de zingage électrolytique "
        "(étudiées avec le fournisseur des redresseurs), stockage des produits en magasin."
    ),
    "drawings": (
        "PID-TS1-01 rév. D – Dégraissage et décapage\n"
        "PID-TS1-02 rév. C – Passivation et rinçages\n"
        "PID-TS1-05 rév. B – Station de détoxication des effluents"
    ),
    "other_members": (
        "Marc Duval, ingénieur procédés du fournisseur des bains ; "
        "Isabelle Renaud, animatrice HAZOP (cabinet extérieur)"
    ),
}

# position, name, drawing, design intent, design values
NODES = [
    (1, "Bain de dégraissage alcalin (cuve C1)", "PID-TS1-01",
     "Dégraisser les pièces dans un bain alcalin chaud avant décapage : maintenir le bain "
     "en température et à sa concentration, sans débordement.",
     "Volume 3 m³ ; 60 °C (55–65) ; chauffage par échangeur eau chaude de la chaudière "
     "propane ; concentration 50 g/L ; niveau à 80 % ; agitation par air."),
    (2, "Bain de décapage acide chlorhydrique (cuve C3)", "PID-TS1-01",
     "Éliminer la calamine et les oxydes dans l'acide chlorhydrique à température "
     "ambiante, avec aspiration des vapeurs sur la cuve.",
     "Volume 3 m³ ; HCl 15–18 % ; température ambiante (< 30 °C) ; aspiration en bord de "
     "cuve 4 000 m³/h ; appoint d'acide par pompe doseuse depuis un GRV de 1 m³."),
    (3, "Passivation trivalente et rinçages en cascade (C7, R8, R9)", "PID-TS1-02",
     "Passiver le zinc dans un bain de chrome trivalent puis rincer en cascade à contre-"
     "courant ; l'eau de rinçage part vers la détoxication.",
     "Passivation : 1,5 m³, pH 1,8–2,2, 25–30 °C, immersion 45 s ; rinçages : débit "
     "d'eau 0,6 m³/h, conductivité du dernier rinçage < 200 µS/cm."),
    (4, "Station de détoxication des effluents", "PID-TS1-05",
     "Neutraliser les eaux de rinçage et les bains usés, précipiter les métaux et rejeter "
     "au réseau dans les limites de l'arrêté préfectoral.",
     "Cuve tampon 10 m³ ; neutralisation pH 8,5–9,5 (soude et acide) ; floculation ; "
     "décanteur lamellaire ; rejet pH 6,5–9, zinc < 2 mg/L, chrome total < 0,5 mg/L."),
]  # fmt: skip

# node, parameter, guide word, causes, consequences, safeguards, L, S, recommendation, action
# (title, owner, days to the due date, effectiveness criterion) or None
DEVIATIONS = [
    (1, "temperature", "more",
     "Vanne de régulation de l'échangeur bloquée ouverte ; sonde de température "
     "défaillante (mesure basse).",
     "Ébullition locale et projections de bain alcalin chaud ; vapeurs au poste ; "
     "dégradation des tensioactifs.",
     "Thermostat de sécurité indépendant coupant la pompe d'eau chaude ; couvercle sur la "
     "cuve ; EPI (visière, gants, tablier).",
     2, 3, "", None),
    (1, "temperature", "less",
     "Chaudière propane à l'arrêt ; encrassement de l'échangeur.",
     "Dégraissage insuffisant, défauts d'adhérence du zinc : pièces non conformes.",
     "Alarme de température basse sur l'automate ; contrôle de la température en début de "
     "poste.", 3, 2, "", None),
    (1, "level", "more",
     "Appoint d'eau laissé ouvert en fin de poste ; pas de détection de niveau haut.",
     "Débordement du bain alcalin dans la rétention ; bain à reconstituer.",
     "Rétention de la ligne dimensionnée au volume de la plus grande cuve ; ronde de fin "
     "de poste.", 3, 2,
     "Installer un niveau haut sur C1 asservi à la fermeture de l'électrovanne d'appoint "
     "d'eau.",
     ("Niveau haut sur C1 asservi à l'électrovanne d'appoint", "kdavid", 60,
      "Essai de l'asservissement : l'électrovanne se ferme au niveau haut.")),
    (1, "level", "less",
     "Fuite de la cuve ou de la vanne de vidange ; évaporation sur un long arrêt.",
     "Résistances d'appoint ou serpentin à nu : surchauffe, risque d'incendie de la cuve "
     "en polypropylène.",
     "Niveau bas coupant le chauffage ; cuve en acier revêtu sur rétention.", 2, 4, "", None),
    (2, "concentration", "more",
     "Pompe doseuse d'appoint en marche forcée ; erreur de calcul de l'appoint.",
     "Dégagement accru de vapeurs d'acide chlorhydrique ; surdécapage et fragilisation "
     "des pièces par l'hydrogène.",
     "Analyse du bain deux fois par semaine au laboratoire ; aspiration en bord de cuve.",
     2, 3, "", None),
    (2, "flow", "no",
     "Panne du ventilateur d'aspiration ; registre fermé après maintenance.",
     "Vapeurs d'acide chlorhydrique dans l'atelier : irritation des voies respiratoires "
     "des opérateurs ; corrosion des équipements.",
     "Ventilateur contrôlé chaque année (VLEP) ; masque à cartouche E disponible au poste.",
     3, 4,
     "Installer un pressostat sur la gaine d'aspiration avec alarme et arrêt de la "
     "translation du pont au-dessus de C3.",
     ("Pressostat d'aspiration avec alarme sur le décapage C3", "kdavid", 45,
      "Essai ventilateur arrêté : alarme et arrêt du pont au-dessus de C3.")),
    (2, "composition", "other-than",
     "Livraison d'un GRV de soude à la place d'acide, raccordé sur la pompe d'appoint.",
     "Réaction de neutralisation violente et échauffement du bain ; projections.",
     "Réception des produits par le magasin avec contrôle de l'étiquette ; raccords "
     "différents par produit.", 1, 5,
     "Détrompeurs de raccords par produit et double contrôle à la réception des GRV.",
     ("Détrompeurs de raccords et double contrôle des GRV à la réception", "rblanc", 90,
      "Aucune erreur de raccordement sur 6 mois ; contrôle tracé sur chaque réception.")),
    (2, "temperature", "more",
     "Pièces chaudes sortant du dégraissage sans égouttage suffisant ; été caniculaire.",
     "Dégagement de vapeurs chlorhydriques plus important.",
     "Aspiration en bord de cuve ; temps d'égouttage programmé dans l'automate.",
     2, 2, "", None),
    (3, "ph", "more",
     "Entraînement de rinçage alcalin ; appoint d'acide oublié.",
     "Passivation irrégulière ou absente : tenue au brouillard salin non atteinte, "
     "réclamation client.",
     "Mesure du pH deux fois par poste, consignée ; fiche de réglage du bain.", 3, 3,
     "Installer un pH-mètre en continu avec alarme sur la cuve de passivation C7.", None),
    (3, "ph", "less",
     "Surdosage de l'appoint acide.",
     "Attaque du dépôt de zinc, aspect terne ; enrichissement du bain en zinc.",
     "Mesure du pH deux fois par poste.", 2, 2, "", None),
    (3, "time", "more",
     "Arrêt du pont roulant avec la charge dans C7.",
     "Passivation trop épaisse, poudreuse : pièces à reprendre.",
     "Alarme de temporisation sur l'automate du pont ; consigne de sortie manuelle.",
     2, 2, "", None),
    (3, "flow", "less",
     "Débitmètre encrassé ; vanne d'eau de rinçage réduite pour économiser l'eau.",
     "Rinçage insuffisant : traces de sels sur les pièces ; pollution du bain suivant.",
     "Contrôle de la conductivité du dernier rinçage une fois par poste.", 3, 2,
     "Asservir l'appoint d'eau du rinçage R9 à la conductivité.", None),
    (4, "ph", "less",
     "Panne de la pompe de soude ; bidon de soude vide ; sonde de pH dérivée.",
     "Rejet acide chargé en zinc et en chrome au réseau : dépassement de l'arrêté "
     "préfectoral, non-conformité réglementaire.",
     "Régulation de pH avec alarme haute et basse ; vanne de rejet fermée hors plage ; "
     "étalonnage de la sonde chaque semaine.", 2, 4, "", None),
    (4, "ph", "more",
     "Surdosage de soude ; vanne de soude qui fuit.",
     "Redissolution du zinc (amphotère) : rejet au-dessus de 2 mg/L.",
     "Régulation de pH ; contrôle du rejet par un laboratoire extérieur chaque mois.",
     2, 3, "", None),
    (4, "level", "more",
     "Vidange d'un bain usé dans la cuve tampon déjà pleine ; pompe de relevage en panne.",
     "Débordement de la cuve tampon : effluent non traité dans le réseau pluvial.",
     "Alarme de niveau haut de la cuve tampon ; rétention de la station.", 3, 4,
     "Interdire la vidange des bains sans bon de vidange visé et asservir la pompe de "
     "vidange au niveau haut de la cuve tampon.",
     ("Bon de vidange des bains et asservissement au niveau de la cuve tampon", "rblanc", 30,
      "Aucun débordement de la cuve tampon ; chaque vidange a son bon visé.")),
    (4, "composition", "as-well-as",
     "Vidange accidentelle du bain de passivation dans les eaux de rinçage.",
     "Pic de chrome en entrée : précipitation incomplète, rejet au-dessus de la limite.",
     "Vidanges des bains concentrés par lots, analysées avant traitement.", 2, 3,
     "", None),
]  # fmt: skip


def load(company) -> None:
    """Create the demo HAZOP study (after the actions and the scoring matrices)."""
    ensure_hazop()
    today = timezone.localdate()
    coordinator = company.users["coordinator"]
    with translation.override("fr"):
        study = _study(company, coordinator, today)
        nodes = {node.position: node for node in study.nodes.all()}
        for row in DEVIATIONS:
            _deviation(company, study, nodes, row, today)
        core.record_transition(record=study, user=coordinator, name="submit")


def _study(company, user, today: dt.date) -> HazopStudy:
    study = HazopStudy(
        org_unit=company.units[UNIT],
        owner=user,
        matrix=ScoringMatrix.objects.get(code="PG-5x5", status="in_use"),
        next_review=today + dt.timedelta(days=365 * 5),
        **STUDY,
    )
    core.record_create(record=study, user=user)
    study.team.set([company.users[name] for name in TEAM])
    rows = [
        services_hazop.Row(
            None,
            {
                "position": position,
                "name": name,
                "drawing": drawing,
                "design_intent": intent,
                "design_values": values,
            },
        )
        for position, name, drawing, intent, values in NODES
    ]
    services_hazop.nodes_save(study=study, rows=rows, user=user)
    return study


def _deviation(company, study: HazopStudy, nodes: dict[int, HazopNode], row, today) -> None:
    node, parameter, word, causes, consequences, safeguards, likelihood, severity = row[:8]
    recommendation, action = row[8:]
    deviation = HazopDeviation(
        study=study,
        node=nodes[node],
        org_unit=study.org_unit,
        parameter=HazopParameter.objects.get(code=parameter),
        guide_word=HazopGuideWord.objects.get(code=word),
        causes=causes,
        consequences=consequences,
        safeguards=safeguards,
        likelihood=likelihood,
        severity=severity,
        recommendations=recommendation,
        responsible=company.users[action[1]] if action else None,
    )
    coordinator = company.users["coordinator"]
    core.record_create(record=deviation, user=coordinator)
    if action:
        _action(company, deviation, action, today)


def _action(company, deviation: HazopDeviation, spec, today: dt.date) -> None:
    title, owner, days, criterion = spec
    action = Action(
        title=title,
        org_unit=deviation.org_unit,
        action_type="preventive",
        owner=company.users[owner],
        due_date=today + dt.timedelta(days=days),
        description=deviation.recommendations,
        effectiveness_criterion=criterion,
    )
    coordinator = company.users["coordinator"]
    core.record_create(record=action, user=coordinator)
    action_link(action=action, record=deviation, user=coordinator, role="preventive")
