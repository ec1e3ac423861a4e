"""Demo emergency situations of Forges et Mécanique du Rhône (ISO 14001 8.2): six at
Vénissieux (fires of the solvent store and of the powder booth, a spill while unloading
emulsion, a gas leak in the boiler room, hydrogen at the forklift charging, fire-fighting
water) and four at Roanne (acid fumes of the electroplating line, a leak of the fuel-oil
tank, a bath overflowing, a flood of the Loire), and seventeen drills over the last two
years: mostly satisfactory, five with improvements to make, one failed. Four situations are
past their next drill."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from amelio.core import services as core
from amelio.environment.demo import _at
from amelio.environment.models import Drill, EmergencySituation

# The situations were recorded this many days ago, before the oldest drill.
RECORDED_AGO = 760

# One situation per row, keyed for its drills: its unit and owner, then the model's fields.
SITUATIONS: dict[str, dict[str, Any]] = {
    "solvants": {
        "unit": "LYO-LOG", "owner": "coordinator",
        "title": "Incendie du magasin des solvants et des huiles",
        "phenomenon": "fire",
        "location": "Magasin des produits dangereux, bâtiment C",
        "causes": "Point chaud lors d'une intervention de maintenance ; court-circuit de "
        "l'éclairage ; fût de solvant renversé près d'une source d'ignition.",
        "consequences": "Brûlures et intoxication par les fumées ; propagation au bâtiment "
        "logistique ; pollution de l'air et des eaux par les fumées et les eaux d'extinction.",
        "prevention": "Permis de feu obligatoire ; interdiction de fumer ; matériel électrique "
        "adapté aux zones ATEX ; quantités limitées au besoin d'une semaine.",
        "protection": "Détection incendie reliée au poste de garde ; extincteurs à poudre et à "
        "mousse ; murs coupe-feu 2 h ; rétention de 12 m³.",
        "response_plan": "Alerte au 18 par le premier témoin ; évacuation du bâtiment C par "
        "les guides-files ; coupure de l'alimentation électrique ; accueil des secours au "
        "portail nord par le chef d'équipe logistique.",
        "plan_document": "POI-VEN-01",
        "drill_every_months": 12,
    },
    "peinture": {
        "unit": "LYO-PEI", "owner": "manager",
        "title": "Incendie à la cabine de peinture poudre",
        "phenomenon": "fire",
        "location": "Atelier peinture, cabine et four de polymérisation",
        "causes": "Inflammation d'un nuage de poudre (décharge électrostatique) ; surchauffe "
        "du four ; filtres colmatés.",
        "consequences": "Brûlures ; destruction de la cabine ; arrêt de la ligne de peinture "
        "pendant plusieurs semaines ; fumées toxiques.",
        "prevention": "Mise à la terre des pistolets et des pièces contrôlée chaque mois ; "
        "nettoyage quotidien de la cabine ; maintenance des filtres.",
        "protection": "Détection de flamme avec arrêt automatique de la pulvérisation ; "
        "extinction automatique au CO₂ de la cabine ; extincteurs à proximité.",
        "response_plan": "Arrêt d'urgence de la ligne ; évacuation de l'atelier peinture ; "
        "alerte au 18 ; rassemblement au point B (parking visiteurs).",
        "plan_document": "PR-URG-02",
        "drill_every_months": 6,
    },
    "depotage": {
        "unit": "LYO-LOG", "owner": "coordinator",
        "title": "Déversement d'huile de coupe ou d'émulsion lors du dépotage",
        "phenomenon": "spill",
        "location": "Aire de dépotage, quai nord",
        "causes": "Flexible mal raccordé ; débordement du GRV ; chute d'un fût lors du "
        "déchargement.",
        "consequences": "Pollution du réseau d'eaux pluviales et du sol ; glissades.",
        "prevention": "Dépotage sur l'aire étanche, toujours en présence d'un cariste formé ; "
        "contrôle des flexibles avant chaque dépotage.",
        "protection": "Aire de dépotage en rétention ; obturateur de regard ; kit antipollution "
        "de 250 L ; vanne de fermeture du réseau pluvial.",
        "response_plan": "Arrêter la fuite ; obturer le regard le plus proche ; contenir avec "
        "les boudins absorbants ; prévenir le service QSE ; faire pomper les effluents.",
        "plan_document": "PR-URG-03",
        "drill_every_months": 12,
    },
    "gaz": {
        "unit": "LYO-MAI", "owner": "manager",
        "title": "Fuite de gaz naturel en chaufferie",
        "phenomenon": "explosion",
        "location": "Chaufferie, local technique est",
        "causes": "Rupture d'une canalisation ; défaut d'étanchéité d'un raccord ou du "
        "brûleur.",
        "consequences": "Explosion et incendie de la chaufferie ; blessés graves ; arrêt du "
        "chauffage et des fours.",
        "prevention": "Vérification annuelle de l'installation gaz ; entretien du brûleur ; "
        "accès à la chaufferie limité au personnel habilité.",
        "protection": "Détecteur de gaz avec électrovanne de coupure ; vanne de coupure "
        "générale à l'extérieur ; évents de la chaufferie.",
        "response_plan": "Ne rien actionner d'électrique ; couper le gaz à la vanne extérieure ; "
        "évacuer le bâtiment ; appeler le 18 et le numéro d'urgence du distributeur de gaz.",
        "plan_document": "POI-VEN-01",
        "drill_every_months": 12,
    },
    "hydrogene": {
        "unit": "LYO-LOG", "owner": "manager",
        "title": "Explosion due à l'hydrogène au local de charge des batteries",
        "phenomenon": "explosion",
        "location": "Local de charge des chariots élévateurs",
        "causes": "Accumulation d'hydrogène dégagé en fin de charge ; ventilation à l'arrêt ; "
        "étincelle au débranchement d'une batterie en charge.",
        "consequences": "Blessures graves ; destruction du local ; incendie des chariots.",
        "prevention": "Ventilation mécanique asservie aux chargeurs ; interdiction de "
        "débrancher en charge ; matériel électrique adapté.",
        "protection": "Détecteur d'hydrogène avec alarme ; extincteurs à CO₂ ; rince-œil et "
        "douche de sécurité.",
        "response_plan": "Couper les chargeurs au coffret extérieur ; évacuer la zone ; "
        "alerter le 18 ; interdire l'accès jusqu'à l'avis des secours.",
        "plan_document": "PR-URG-04",
        "drill_every_months": 12,
    },
    "extinction": {
        "unit": "LYO", "owner": "coordinator",
        "title": "Ruissellement des eaux d'extinction d'un incendie",
        "phenomenon": "firewater",
        "location": "Réseau d'eaux pluviales du site et bassin de confinement",
        "causes": "Incendie d'un bâtiment éteint par les pompiers avec de grandes quantités "
        "d'eau et d'émulseur.",
        "consequences": "Pollution du réseau public et du milieu naturel par des eaux chargées "
        "d'huiles, de solvants et d'émulseur.",
        "prevention": "Entretien trimestriel de la vanne de barrage ; plan des réseaux tenu à "
        "jour et remis aux secours.",
        "protection": "Vanne de barrage en sortie de site ; bassin de confinement de 300 m³.",
        "response_plan": "Fermer la vanne de barrage dès le déclenchement de l'alerte incendie ; "
        "signaler le confinement aux pompiers ; faire analyser puis pomper les eaux "
        "confinées.",
        "plan_document": "POI-VEN-01",
        "drill_every_months": 12,
    },
    "fumees": {
        "unit": "ROA-TS", "owner": "coordinator",
        "title": "Dégagement de fumées acides sur la ligne de traitement de surface",
        "phenomenon": "release",
        "location": "Atelier de traitement de surface, ligne de zingage",
        "causes": "Mélange accidentel d'un acide et d'un produit incompatible ; panne de "
        "l'aspiration des cuves ; surchauffe d'un bain.",
        "consequences": "Intoxication et irritation respiratoire du personnel ; nuage acide "
        "vers les riverains du canal.",
        "prevention": "Stockage séparé des acides et des bases ; ajouts de produits réservés "
        "aux opérateurs habilités ; alarme de défaut de l'aspiration.",
        "protection": "Laveur de gaz ; masques à cartouches à l'entrée de l'atelier ; douches "
        "de sécurité ; arrêt d'urgence de la ligne.",
        "response_plan": "Arrêt d'urgence de la ligne ; évacuation de l'atelier vers le point "
        "de rassemblement amont (vent dominant) ; alerte au 18 ; recensement du personnel.",
        "plan_document": "POI-ROA-01",
        "drill_every_months": 6,
    },
    "fioul": {
        "unit": "ROA-MAG", "owner": "coordinator",
        "title": "Fuite de propane à la citerne de la chaufferie",
        "phenomenon": "release",
        "location": "Citerne de propane de 3,2 t, cour arrière",
        "causes": "Rupture du flexible lors du dépotage ; fuite d'une vanne ou d'une "
        "canalisation ; choc d'un véhicule.",
        "consequences": "Nuage de gaz inflammable ; incendie ou explosion près de l'atelier.",
        "prevention": "Citerne clôturée avec butoirs ; dépotage surveillé par un opérateur "
        "formé ; contrôle annuel par le distributeur.",
        "protection": "Vanne de coupure d'urgence à distance ; extincteurs à poudre ; zone "
        "sans source d'ignition.",
        "response_plan": "Couper la vanne d'urgence ; arrêter le dépotage ; évacuer et "
        "établir un périmètre ; appeler les pompiers (18) et le distributeur.",
        "plan_document": "PR-URG-ROA-02",
        "drill_every_months": 12,
    },
    "bain": {
        "unit": "ROA-TS", "owner": "coordinator",
        "title": "Débordement ou rupture d'un bain de traitement",
        "phenomenon": "spill",
        "location": "Atelier de traitement de surface",
        "causes": "Remplissage oublié en marche ; fissure d'une cuve ; chute d'une charge "
        "dans un bain.",
        "consequences": "Pollution du sol par les métaux et les acides ; brûlures chimiques ; "
        "arrêt de la ligne.",
        "prevention": "Remplissages temporisés ; inspection des cuves à chaque prise de poste ; "
        "contrôle annuel des cuves par un organisme.",
        "protection": "Rétention en dur sous la ligne ; détecteurs de niveau haut ; pompe de "
        "reprise vers la station de détoxication.",
        "response_plan": "Arrêter les remplissages ; isoler la zone ; pomper la rétention vers "
        "la station ; prévenir le responsable QSE.",
        "plan_document": "PR-URG-ROA-03",
        "drill_every_months": 12,
    },
    "crue": {
        "unit": "ROA", "owner": "coordinator",
        "title": "Inondation du site par une crue de la Loire",
        "phenomenon": "flood",
        "location": "Ensemble du site, en zone inondable du plan de prévention du risque "
        "d'inondation",
        "causes": "Crue de la Loire ; remontée de la nappe et du canal.",
        "consequences": "Entraînement des produits chimiques et des bains par les eaux ; "
        "pollution du fleuve ; arrêt de l'activité.",
        "prevention": "Abonnement à Vigicrues ; produits dangereux stockés au-dessus de la cote "
        "des plus hautes eaux.",
        "protection": "Batardeaux amovibles pour l'atelier de traitement de surface ; pompes de "
        "relevage.",
        "response_plan": "À la vigilance orange : vidange des bains vers la cuve tampon "
        "surélevée, pose des batardeaux, mise hors tension de l'atelier.",
        "plan_document": "PR-URG-ROA-04",
        "drill_every_months": 12,
    },
}  # fmt: skip

# situation, days ago, scenario, participants, with the fire and rescue services, response or
# evacuation minutes, outcome, findings
DRILLS: list[tuple[Any, ...]] = [
    ("solvants", 640, "Fumée signalée au magasin des produits dangereux à 10 h, évacuation du bâtiment logistique.", 24, False, "4.5", "satisfactory", ""),
    ("solvants", 270, "Départ de feu sur un fût de solvant, intervention avec les extincteurs puis arrivée des pompiers.", 31, True, "6", "improve", "Deux extincteurs masqués par des palettes ; l'appel au 18 a été passé après 4 minutes."),
    ("peinture", 600, "Départ de feu dans la cabine de peinture en production, évacuation de l'atelier.", 88, False, "3.5", "satisfactory", ""),
    ("peinture", 420, "Déclenchement de la détection de flamme de la cabine, évacuation générale du site.", 92, False, "4", "satisfactory", ""),
    ("peinture", 230, "Évacuation générale de nuit pendant le poste de l'équipe réduite.", 19, False, "5.5", "improve", "Point de rassemblement B masqué par une benne ; un intérimaire n'a pas été recensé."),
    ("depotage", 500, "Rupture du flexible pendant le dépotage d'un GRV d'émulsion (simulée à l'eau).", 6, False, "12", "failed", "Kit antipollution incomplet ; obturateur de regard introuvable ; l'eau a atteint le réseau pluvial avant la fermeture de la vanne."),
    ("depotage", 150, "Chute d'un fût d'huile de coupe lors du déchargement d'un camion.", 5, False, "5", "satisfactory", ""),
    ("gaz", 420, "Alarme du détecteur de gaz en chaufferie, coupure et évacuation du bâtiment.", 35, True, "7", "satisfactory", ""),
    ("hydrogene", 300, "Alarme hydrogène au local de charge en fin de poste.", 8, False, "3", "improve", "La ventilation du local était à l'arrêt sans report d'alarme ; consigne de coupure des chargeurs non affichée."),
    ("extinction", 690, "Fermeture de la vanne de barrage au déclenchement d'une alarme incendie.", 4, False, "15", "improve", "Vanne de barrage grippée : fermée en 15 minutes au lieu de 5."),
    ("extinction", 330, "Fermeture de la vanne de barrage et confinement dans le bassin, exercice commun avec les pompiers.", 6, True, "4", "satisfactory", ""),
    ("fumees", 560, "Panne simulée de l'aspiration de la ligne de zingage, évacuation de l'atelier.", 14, False, "3", "satisfactory", ""),
    ("fumees", 380, "Dégagement de fumées après un ajout de produit, évacuation et recensement.", 16, False, "4.5", "improve", "Masques à cartouches périmés dans l'armoire de l'atelier."),
    ("fumees", 120, "Évacuation générale du site de Roanne avec les pompiers de la Loire.", 41, True, "3.5", "satisfactory", ""),
    ("fioul", 450, "Fuite simulée au flexible de dépotage du propane, coupure d'urgence et périmètre.", 4, False, "6", "satisfactory", ""),
    ("bain", 200, "Détecteur de niveau haut d'un bain de dégraissage en défaut, pompage de la rétention.", 5, False, "10", "satisfactory", ""),
    ("crue", 700, "Exercice sur table : vigilance orange crues sur la Loire, vidange des bains et pose des batardeaux.", 7, False, "90", "satisfactory", ""),
]  # fmt: skip


def _working_day(day: dt.date) -> dt.date:
    """The day itself, or the Friday before when it falls on a week-end."""
    return day - dt.timedelta(days=max(day.weekday() - 4, 0))


def _situations(company, recorded: dt.datetime) -> dict[str, EmergencySituation]:
    coordinator = company.users["coordinator"]
    situations = {}
    for key, row in SITUATIONS.items():
        fields = {k: v for k, v in row.items() if k not in {"unit", "owner"}}
        situation = EmergencySituation(
            org_unit=company.units[row["unit"]],
            owner=company.users[row["owner"]],
            created_at=recorded,
            updated_at=recorded,
            **fields,
        )
        core.record_create(record=situation, user=coordinator)
        situations[key] = situation
    return situations


def load(company) -> None:
    """Create the emergency situations and their drills; each drill moves the next one due."""
    coordinator = company.users["coordinator"]
    today = timezone.localdate()
    situations = _situations(company, _at(today - dt.timedelta(days=RECORDED_AGO), 9))
    for key, ago, scenario, participants, external, minutes, outcome, findings in DRILLS:
        held = _working_day(today - dt.timedelta(days=ago))
        drill = Drill(
            situation=situations[key],
            org_unit=situations[key].org_unit,
            held_on=held,
            scenario=scenario,
            participants=participants,
            external_services=external,
            response_minutes=Decimal(minutes),
            outcome=outcome,
            findings=findings,
            created_at=_at(held, 17),
            updated_at=_at(held, 17),
        )
        core.record_create(record=drill, user=coordinator)
