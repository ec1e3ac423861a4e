"""Demo health and safety of Forges et Mécanique du Rhône: nine more work units (fifteen in
all), the DUERP of each site with its assessment lines rated on the 4 × 4 matrix and their
planned measures, the published versions (two for Vénissieux, the second after an annual
update, and an update under way after an accident; one for Roanne), three years of monthly
hours worked, about forty accidents and incidents with their stops from work, victims and
analysis, the cause tree of the last serious accident, and the public reporting inbox.
Dates are relative to the day the demo is loaded; a fixed seed makes every demo look the
same."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.core import services as core
from amelio.core.models import OrgUnit, TransitionLog
from amelio.safety import computations as calc
from amelio.safety import services
from amelio.safety.models import (
    Assessment,
    CauseFact,
    Duerp,
    HoursWorked,
    PublicReport,
    ReportingLink,
    RiskFamily,
    SafetyEvent,
)
from amelio.scoring.models import ScoringMatrix

# code, name, parent department (or site)
WORK_UNITS = [
    ("LYO-MMEC", "Maintenance mécanique", "LYO-MAI"),
    ("LYO-MELE", "Maintenance électrique", "LYO-MAI"),
    ("LYO-REC", "Réception", "LYO-LOG"),
    ("LYO-EXP", "Expédition - quais", "LYO-LOG"),
    ("LYO-CAR", "Cariste", "LYO-LOG"),
    ("LYO-BUR", "Bureaux", "LYO-DIR"),
    ("LYO-LAB", "Laboratoire contrôle", "LYO-QSE"),
    ("ROA-MGS", "Magasin Roanne", "ROA-MAG"),
    ("ROA-BUR", "Bureaux Roanne", "ROA"),
]

# site, title, method, participants
DUERPS = [
    ("LYO", "DUERP – Site de Vénissieux",
     "Évaluation par unité de travail, menée en groupe de travail par unité avec les "
     "opérateurs et leur chef d'équipe, à partir de l'observation des postes, des accidents "
     "et presque-accidents des trois dernières années et des mesures d'exposition (bruit, "
     "fumées de soudage). Familles de risques de l'INRS (ED 840). Cotation sur la grille "
     "probabilité × gravité 4 × 4 : critique de 12 à 16, important de 8 à 9.",
     "Claire Martin (responsable QSE), Julien Bernard (responsable de production), les chefs "
     "d'équipe et deux opérateurs par unité de travail, les membres de la CSSCT du CSE, "
     "le Dr Anne Roux (service de prévention et de santé au travail AST Grand Lyon)."),
    ("ROA", "DUERP – Site de Roanne",
     "Évaluation par unité de travail avec les opérateurs, sur la base de l'observation des "
     "postes, des fiches de données de sécurité des bains de traitement de surface et des "
     "accidents des trois dernières années. Familles de risques de l'INRS (ED 840). Cotation "
     "sur la grille probabilité × gravité 4 × 4.",
     "Claire Martin (responsable QSE), Michel Roche (responsable du site), Anne Vidal (cheffe "
     "d'équipe TS), les élus du CSE du site, le service de santé au travail de la Loire."),
]  # fmt: skip

# key, work unit, stage (0 first version, 1 added for the second, 2 added since), family,
# activity, hazard, hazardous situation, possible harm, measures in place, principles,
# likelihood, severity, people exposed, groups (P pregnant, Y young, T temporary workers)
LINES = [
    ("usi-copeaux", "LYO-USI", 0, "equipment", "Usinage sur centres 5 axes et tours CN", "Pièces en rotation, copeaux coupants", "Intervention dans la zone d'usinage porte ouverte pour évacuer les copeaux ou mesurer une pièce", "Coupures, happement de la main, projection de copeaux dans les yeux", "Portes verrouillées en cycle, crochets à copeaux, lunettes et gants anti-coupure", "3,8,9", 3, 3, 18, "T"),
    ("usi-bruit", "LYO-USI", 0, "noise", "Usinage et soufflage des pièces", "Bruit des machines et de la soufflette", "Exposition journalière de 82 à 86 dB(A) mesurée au poste", "Fatigue auditive, surdité professionnelle", "Bouchons d'oreilles moulés, capotage des centres, soufflettes basse pression", "3,8", 3, 2, 18, ""),
    ("usi-fluides", "LYO-USI", 0, "chemicals", "Usinage avec lubrification", "Fluides de coupe (huiles solubles) et brouillards d'huile", "Contact cutané avec l'huile soluble au chargement des pièces, inhalation des brouillards", "Dermatoses, irritations respiratoires", "Aspiration des brouillards sur 6 machines sur 9, gants nitrile, suivi de la concentration", "3,6,8", 3, 3, 18, "P"),
    ("usi-manut", "LYO-USI", 0, "manual-handling", "Chargement des bruts et déchargement des pièces", "Port de pièces de 5 à 25 kg", "Chargement manuel des mandrins et des étaux plusieurs dizaines de fois par poste", "Lombalgies, TMS des épaules", "Potences avec palonnier sur 4 postes, formation gestes et postures", "4,8,9", 3, 2, 18, ""),
    ("tol-plieuse", "LYO-TOL", 0, "equipment", "Pliage sur presses plieuses", "Mouvement du tablier de la presse plieuse", "Mains près de la zone de pliage pour tenir les pièces", "Écrasement, amputation des doigts", "Barrières immatérielles laser, pédale trois positions, formation au poste", "3,8,9", 3, 4, 12, "T"),
    ("tol-bords", "LYO-TOL", 0, "equipment", "Manipulation des tôles et des flans", "Bords tranchants des tôles découpées", "Manutention des flans et des tôles à la sortie de la cisaille", "Coupures aux mains et aux avant-bras", "Gants anti-coupure niveau D, manchettes", "8,9", 4, 2, 12, ""),
    ("tol-pont", "LYO-TOL", 0, "mechanical-handling", "Chargement des tôles au pont roulant", "Charges suspendues (paquets de tôles jusqu'à 2 t)", "Passage sous la charge, balancement, élingue inadaptée", "Écrasement, heurt", "Pont roulant vérifié chaque semestre, autorisations de conduite, palonnier à ventouses", "8,9", 2, 4, 12, ""),
    ("tol-petites", "LYO-TOL", 2, "equipment", "Pliage de petites pièces (moins de 100 mm)", "Mains dans la zone dangereuse faute d'outil de maintien", "Maintien de la pièce à la main près du poinçon, barrière laser neutralisée en mode petites pièces", "Écrasement, fracture des doigts (accident survenu ce mois-ci)", "Consigne provisoire : petites pièces pliées seulement par les opérateurs confirmés", "3,8,9", 3, 4, 6, "T"),
    ("sou-fumees", "LYO-SOU", 0, "chemicals", "Soudage MAG et TIG de châssis en acier et en inox", "Fumées de soudage (oxydes de fer, manganèse, chrome VI sur l'inox)", "Soudage en poste fixe, aspiration par bras articulé sur 4 postes sur 6", "Irritations respiratoires, cancers (fumées de soudage cancérogènes, CIRC groupe 1)", "Bras aspirants, masques à ventilation assistée pour l'inox", "3,6,8", 4, 3, 14, ""),
    ("sou-uv", "LYO-SOU", 0, "radiation", "Soudage à l'arc", "Rayonnement ultraviolet de l'arc", "Coup d'arc pour les soudeurs et les personnes passant à proximité", "Brûlures oculaires (coup d'arc), brûlures cutanées", "Masques à cristaux liquides, rideaux de soudage entre les postes", "8,9", 3, 2, 14, ""),
    ("sou-feu", "LYO-SOU", 0, "fire", "Soudage et meulage", "Projections incandescentes, bouteilles de gaz (argon, mélanges, oxygène)", "Étincelles près de matières combustibles, fuite sur un flexible de gaz", "Brûlures, incendie, explosion d'une bouteille", "Permis de feu hors zone, bouteilles arrimées, clapets anti-retour", "3,7,8", 2, 4, 14, ""),
    ("sou-bruit", "LYO-SOU", 0, "noise", "Meulage et chanfreinage des soudures", "Bruit de la meuleuse et du burinage", "Exposition de 88 à 92 dB(A) pendant le meulage", "Surdité professionnelle, acouphènes", "Casques antibruit, meulage regroupé en fin de poste", "3,8", 4, 3, 14, ""),
    ("pei-poudre", "LYO-PEI", 0, "chemicals", "Application de peinture en poudre époxy-polyester", "Poussières de peinture, TGIC dans certaines références", "Poudrage manuel en cabine, nettoyage de la cabine à la soufflette", "Allergies respiratoires et cutanées", "Cabine ventilée, masque FFP3, combinaison jetable", "3,6,8", 3, 3, 6, "P"),
    ("pei-atex", "LYO-PEI", 0, "fire", "Poudrage et cuisson", "Atmosphère explosive dans la cabine (poussières), four à gaz à 200 °C", "Accumulation de poudre, étincelle électrostatique, défaut de mise à la terre", "Explosion, incendie, brûlures", "Zonage ATEX, mise à la terre des crochets, détection de flamme", "3,7,8", 2, 4, 6, ""),
    ("pei-four", "LYO-PEI", 0, "thermal", "Déchargement des pièces à la sortie du four", "Pièces chaudes (jusqu'à 180 °C) et chaleur près du four", "Décrochage des pièces avant leur refroidissement complet, en été", "Brûlures, coup de chaleur", "Gants anti-chaleur, zone de refroidissement, fontaine à eau", "4,8,9", 3, 2, 6, ""),
    ("pei-bains", "LYO-PEI", 0, "chemicals", "Dégraissage et phosphatation avant peinture", "Bains alcalins et acides du tunnel de prétraitement", "Réglage des bains, prélèvement pour analyse", "Brûlures chimiques, projections dans les yeux", "Lunettes-masque, gants, douche oculaire", "8,9", 2, 3, 6, ""),
    ("mmec-consignation", "LYO-MMEC", 0, "equipment", "Dépannage et maintenance préventive des machines", "Remise en marche intempestive pendant une intervention", "Intervention sans consignation complète (énergie hydraulique ou pneumatique résiduelle)", "Écrasement, happement, amputation", "Procédure de consignation, cadenas individuels", "3,7,9", 2, 4, 5, ""),
    ("mmec-hauteur", "LYO-MMEC", 0, "falls-height", "Interventions en hauteur (ponts roulants, éclairage, toiture)", "Travail à plus de 2 m du sol", "Utilisation d'escabeaux faute de nacelle disponible", "Chute de hauteur, fractures", "Plateformes individuelles roulantes, nacelle louée pour les gros chantiers, harnais en toiture", "1,8,9", 3, 4, 5, ""),
    ("mmec-isole", "LYO-MMEC", 0, "lone-work", "Interventions hors des horaires de production", "Travail isolé le week-end", "Technicien seul pendant les arrêts techniques", "Secours retardés en cas d'accident", "Appel de l'astreinte en début et en fin d'intervention", "4,7", 2, 3, 5, ""),
    ("mele-elec", "LYO-MELE", 0, "electricity", "Interventions sur armoires électriques et machines", "Pièces nues sous tension (400 V)", "Recherche de panne sous tension, armoires anciennes sans protection IP2X", "Électrisation, électrocution, brûlures par arc", "Habilitations B2V-BR-BC, vérificateur d'absence de tension, EPI arc électrique", "3,8,9", 2, 4, 3, ""),
    ("mele-coactivite", "LYO-MELE", 0, "contractors", "Interventions d'entreprises extérieures", "Co-activité avec l'entreprise de maintenance du poste de transformation", "Travaux simultanés sans plan de prévention à jour", "Électrisation, heurts", "Plan de prévention annuel, inspection commune préalable", "7,9", 2, 3, 3, ""),
    ("rec-manut", "LYO-REC", 0, "manual-handling", "Déchargement et mise en stock des colis", "Colis lourds (visserie, consommables) jusqu'à 30 kg", "Déchargement manuel des camions et des palettes", "Lombalgies, TMS", "Transpalette électrique", "4,8,9", 4, 3, 4, ""),
    ("rec-quai", "LYO-REC", 0, "falls-height", "Travail sur les quais de déchargement", "Quais de 1,20 m sans protection au départ du camion", "Départ inopiné du camion pendant le déchargement, chute du quai", "Chute de hauteur, écrasement", "Cales de roue, consigne aux chauffeurs", "7,8,9", 2, 4, 4, ""),
    ("rec-froid", "LYO-REC", 0, "thermal", "Réception en hiver, portes de quai ouvertes", "Froid et courants d'air", "Travail prolongé près des portes ouvertes", "Affections respiratoires, TMS favorisés par le froid", "Vêtements chauds fournis, rideaux à lanières", "8", 3, 1, 4, ""),
    ("exp-feuillard", "LYO-EXP", 0, "equipment", "Cerclage et filmage des palettes", "Feuillards métalliques sous tension", "Coupe des feuillards, feuillard qui se détend brutalement", "Coupures au visage et aux mains", "Cisaille à feuillard, gants, passage progressif au cerclage textile", "6,8,9", 3, 2, 5, ""),
    ("exp-trafic", "LYO-EXP", 0, "traffic", "Chargement des camions", "Circulation des chariots et des camions sur les quais", "Co-activité entre caristes, chauffeurs et préparateurs", "Heurt, écrasement", "Protocoles de sécurité avec deux transporteurs, marquage au sol", "7,8,9", 3, 4, 5, ""),
    ("exp-sol", "LYO-EXP", 0, "falls-level", "Préparation des commandes", "Sols encombrés (palettes, film, feuillards)", "Déplacements dans une zone encombrée", "Entorses, contusions", "Rangement en fin de poste, bacs à déchets", "7,9", 3, 2, 5, ""),
    ("car-pietons", "LYO-CAR", 0, "traffic", "Conduite de chariots élévateurs dans les ateliers", "Chariots dans les allées partagées avec les piétons", "Croisement aux angles des bâtiments, visibilité réduite par la charge", "Heurt ou écrasement d'un piéton", "CACES R489, vitesse limitée à 10 km/h, miroirs aux angles", "7,8,9", 3, 4, 6, "T"),
    ("car-renversement", "LYO-CAR", 0, "mechanical-handling", "Gerbage en hauteur", "Renversement du chariot, chute de la charge", "Levage de charges hors abaque, sol dégradé", "Écrasement du cariste", "Ceinture de sécurité, abaques affichés, vérification périodique", "8,9", 2, 4, 6, ""),
    ("car-vibrations", "LYO-CAR", 0, "vibration", "Conduite prolongée des chariots", "Vibrations transmises au corps entier", "Roulage sur les joints de dalle et les seuils", "Lombalgies", "Sièges à suspension, réfection d'une partie des sols", "3,5", 3, 2, 6, ""),
    ("bur-ecran", "LYO-BUR", 0, "screen", "Travail administratif, méthodes et études", "Travail sur écran prolongé", "Plus de 6 heures par jour sur écran aux méthodes et à l'ADV", "Fatigue visuelle, TMS des membres supérieurs et du dos", "Doubles écrans réglables, sièges ergonomiques", "4,5", 4, 1, 22, "P"),
    ("bur-rps", "LYO-BUR", 0, "psychosocial", "Gestion des commandes urgentes et des clients", "Charge de travail et pression des délais", "Pics d'activité en fin de mois, sollicitations multiples", "Stress, épuisement professionnel", "Entretiens annuels, droit à la déconnexion", "4,7", 3, 3, 22, ""),
    ("bur-route", "LYO-BUR", 0, "road", "Déplacements chez les clients et les fournisseurs", "Circulation routière", "Trajets en voiture des commerciaux et des acheteurs (20 000 km par an)", "Accident de la route", "Véhicules de service entretenus, pas d'appel au volant", "1,7,9", 2, 4, 22, ""),
    ("lab-solvants", "LYO-LAB", 0, "chemicals", "Contrôle des pièces et dégraissage avant mesure", "Solvants de nettoyage (acétone, alcool isopropylique)", "Nettoyage des pièces à la main avant passage sur la machine tridimensionnelle", "Irritations, vertiges, départ de feu", "Petits conditionnements, armoire de stockage ventilée", "6,8", 2, 2, 4, "P"),
    ("lab-mmt", "LYO-LAB", 0, "manual-handling", "Mesure sur machine tridimensionnelle", "Pièces lourdes à poser sur le marbre", "Mise en place de pièces jusqu'à 40 kg sur la machine", "TMS, lombalgies", "Potence à ventouse", "4,8", 2, 3, 4, ""),
    ("lab-ressuage", "LYO-LAB", 1, "chemicals", "Contrôle des soudures par ressuage (depuis cette année)", "Pénétrants et révélateurs en aérosol, lampe UV-A", "Pulvérisation en cabine, examen sous lumière ultraviolette", "Irritations, atteintes oculaires", "Cabine aspirée, lunettes anti-UV, fiches de données de sécurité au poste", "3,8,9", 3, 2, 4, "Y"),
    ("ts-chrome", "ROA-TS", 0, "chemicals", "Passivation et conduite des bains", "Bain de passivation au chrome hexavalent (CMR)", "Ajout de produits, retrait des paniers, aérosols au-dessus du bain", "Cancers, brûlures, allergies", "Aspiration sur les cuves, EPI, suivi médical renforcé", "6,8,9", 4, 4, 7, ""),
    ("ts-acides", "ROA-TS", 0, "chemicals", "Décapage et phosphatation", "Acides phosphorique et chlorhydrique", "Transvasement des fûts d'acide", "Brûlures chimiques, projections dans les yeux", "Visière, tablier, douche de sécurité", "3,8,9", 3, 4, 7, ""),
    ("ts-sol", "ROA-TS", 0, "falls-level", "Circulation autour des cuves", "Sol mouillé et caillebotis", "Éclaboussures et égouttures des paniers", "Chutes, glissades", "Caillebotis antidérapants, chaussures de sécurité", "8", 3, 2, 7, ""),
    ("ts-palan", "ROA-TS", 0, "mechanical-handling", "Transfert des paniers au palan", "Charge suspendue au-dessus des cuves", "Balancement du panier à l'immersion", "Heurts, projections de bain", "Palan à commande pendante, vitesse lente", "8,9", 2, 3, 7, ""),
    ("ass-vissage", "ROA-ASS", 0, "manual-handling", "Assemblage des châssis", "Gestes répétitifs et couple des visseuses", "Vissage au-dessus des épaules, couple de réaction des visseuses", "TMS des épaules et des poignets", "Postes réglables en hauteur sur 3 lignes", "4,5,8", 4, 2, 14, "T"),
    ("ass-doigts", "ROA-ASS", 0, "equipment", "Mise en position des pièces", "Pièces lourdes à aligner à la main", "Doigts entre deux pièces à l'accostage", "Écrasement des doigts", "Gants, gabarits de positionnement sur deux postes", "3,8", 3, 3, 14, ""),
    ("ass-bruit", "ROA-ASS", 0, "noise", "Assemblage et rivetage", "Bruit impulsionnel du rivetage", "Rivetage à la riveteuse pneumatique, 85 dB(A)", "Surdité professionnelle", "Bouchons d'oreilles, rivetage regroupé", "3,8", 3, 2, 14, ""),
    ("mgs-rayonnage", "ROA-MGS", 0, "collapse", "Stockage en rayonnages", "Chute de charges depuis les niveaux hauts", "Palettes mal positionnées, rayonnage heurté par un chariot", "Écrasement, contusions", "Protections de pied d'échelle, charges maximales affichées", "8,9", 2, 4, 3, ""),
    ("mgs-chariot", "ROA-MGS", 0, "traffic", "Préparation des commandes au chariot", "Chariot dans des allées étroites", "Piétons dans les allées pendant les préparations", "Heurt d'un piéton", "Marquage des allées", "7,9", 2, 3, 3, ""),
    ("mgs-isole", "ROA-MGS", 0, "lone-work", "Magasin en poste du soir", "Magasinier seul de 19 h à 21 h", "Travail isolé sans moyen d'alerte", "Secours retardés", "Téléphone portable", "4,7", 2, 3, 3, ""),
    ("rbur-ecran", "ROA-BUR", 0, "screen", "Travail administratif", "Travail sur écran", "Saisie et planification sur écran une grande partie de la journée", "Fatigue visuelle, TMS", "Écrans réglables, sièges ergonomiques", "4,5", 3, 1, 5, ""),
    ("rbur-rps", "ROA-BUR", 0, "psychosocial", "Fonctions support du site", "Isolement de l'équipe, changements d'organisation", "Réorganisation des fonctions support entre les deux sites", "Stress, démotivation", "Réunions d'équipe mensuelles, visites de la direction", "4,7", 2, 3, 5, ""),
]  # fmt: skip

# Ratings changed for the second version of the Vénissieux DUERP, once the measures were done:
# line key, likelihood, measures in place now.
REVISED = [
    ("sou-fumees", 2, "Torches aspirantes sur les 6 postes, bras aspirants, masques à ventilation assistée pour l'inox, mesurage des expositions conforme"),
    ("car-pietons", 2, "Allées piétonnes séparées par des barrières dans les bâtiments A et B, CACES R489, vitesse limitée à 10 km/h, miroirs"),
]  # fmt: skip

# line key, title, owner, due (days from today), planned cost (€), effectiveness criterion,
# state reached: planned, in_progress, done or verified (then: done and verified, days ago)
ACTIONS = [
    ("tol-plieuse", "Remplacer la protection de la presse plieuse n° 2 par un laser à suivi de pli", "manager", 120, 18500, "Aucune neutralisation de la protection constatée aux visites de poste", "planned", None),
    ("sou-fumees", "Équiper les six postes de soudure de torches aspirantes", "manager", -150, 14200, "Exposition des soudeurs aux fumées inférieure à la valeur limite", "verified", (140, 45)),
    ("sou-fumees", "Faire mesurer l'exposition des soudeurs aux fumées par un organisme accrédité", "coordinator", -60, 2400, "Rapport de mesurage reçu et présenté au CSE", "done", (65, None)),
    ("sou-bruit", "Créer une cabine de meulage insonorisée", "manager", 200, 9800, "Exposition des meuleurs inférieure à 85 dB(A)", "planned", None),
    ("mmec-hauteur", "Acheter une nacelle élévatrice de personnes pour l'atelier", "manager", 60, 24000, "Plus aucun travail sur escabeau au-delà de 2 m", "in_progress", None),
    ("mmec-hauteur", "Former les techniciens de maintenance à la conduite de nacelle (CACES R486)", "coordinator", 90, 3600, "Quatre techniciens titulaires du CACES R486", "planned", None),
    ("rec-manut", "Installer une table élévatrice et un manipulateur à ventouse à la réception", "manager", 45, 7800, "Aucun colis de plus de 15 kg manutentionné à la main", "in_progress", None),
    ("exp-trafic", "Signer un protocole de sécurité avec les cinq transporteurs réguliers", "coordinator", -20, 0, "Protocole signé par 100 % des transporteurs réguliers", "in_progress", None),
    ("exp-trafic", "Installer des feux de quai et des cales de roue asservies", "manager", 150, 12600, "Aucun départ de camion pendant un chargement", "planned", None),
    ("car-pietons", "Séparer les allées piétonnes par des barrières dans les bâtiments A et B", "manager", -100, 16400, "Plus aucun croisement piéton-chariot hors des passages protégés", "verified", (105, 60)),
    ("car-pietons", "Équiper les chariots de détecteurs de piétons et de projecteurs bleus", "manager", 30, 6300, "Aucun presque-accident chariot-piéton déclaré en six mois", "planned", None),
    ("usi-fluides", "Équiper les trois derniers centres d'usinage d'aspirateurs de brouillards d'huile", "manager", 100, 11000, "Neuf machines sur neuf équipées", "planned", None),
    ("usi-copeaux", "Fournir un aspirateur à copeaux à chaque poste d'usinage", "manager", -200, 1800, "Plus aucune soufflette à air comprimé dans les machines", "verified", (210, 150)),
    ("pei-poudre", "Remplacer les poudres contenant du TGIC par des références sans TGIC", "coordinator", 75, 1500, "Plus aucune poudre au TGIC en stock", "in_progress", None),
    ("bur-rps", "Mener une enquête sur les risques psychosociaux avec le service de santé au travail", "coordinator", 180, 3000, "Participation supérieure à 60 % et plan d'action présenté au CSE", "planned", None),
    ("mele-elec", "Mettre en conformité IP2X les armoires électriques des presses anciennes", "manager", 240, 8500, "Rapport de vérification électrique sans observation sur les armoires", "planned", None),
    ("lab-ressuage", "Rédiger la fiche de poste du ressuage et l'intégrer à l'accueil des apprentis", "coordinator", 20, 0, "Fiche signée par chaque contrôleur et apprenti du laboratoire", "planned", None),
    ("ts-chrome", "Remplacer la passivation au chrome VI par une passivation au chrome III", "coordinator", 270, 35000, "Plus aucun produit au chrome VI sur le site", "in_progress", None),
    ("ts-acides", "Installer une pompe de transvasement et une double rétention pour les acides", "coordinator", -40, 4200, "Plus aucun transvasement manuel de fût", "done", (45, None)),
    ("ass-vissage", "Installer des bras de réaction sur toutes les visseuses de plus de 20 N·m", "coordinator", 60, 5200, "Aucune plainte de douleur à l'épaule aux visites médicales", "planned", None),
    ("mgs-rayonnage", "Faire vérifier les rayonnages par une personne compétente", "coordinator", -10, 650, "Rapport de vérification sans défaut classé rouge", "planned", None),
]  # fmt: skip

# Hours worked per person and month (1590 h a year), and each month's share of a full month
# (bank holidays in May, the August shutdown, Christmas).
MONTHLY_HOURS = Decimal("132.5")
SEASON = [1.04, 1.02, 1.06, 1.00, 0.93, 1.03, 1.05, 0.62, 1.05, 1.06, 1.03, 0.90]

# victim: name, job, age, days in the job, contract, medical notes (person: a user account)
# stops: (kind, first day after the event, days; None while it lasts)
# An event: type, work unit, when (a share of the past three years, or days ago), time,
# title, place, what happened, immediate measures, witnesses, victim status, injury, body
# location, victim, stops, final state, extra fields.
EVENTS: list[tuple[Any, ...]] = [
    ("lost_time", "LYO-SOU", 0.06, "10:20", "Brûlure à l'avant-bras par projection de métal en fusion", "Atelier soudure, poste 3", "En soudant un châssis en position verticale, une projection est entrée dans la manche du soudeur, mal fermée au poignet.", "Refroidissement à l'eau, soins par le sauveteur secouriste, transport aux urgences par les pompiers.", "Paul, chef d'atelier soudure", "employee", "burn", "elbow", ("Romain Giraud", "Soudeur", 31, 2400, "permanent", "Brûlure du deuxième degré de l'avant-bras droit."), [("initial", 1, 12)], "closed", {}),
    ("lost_time", "LYO-REC", 0.20, "08:40", "Lombalgie en déchargeant des colis de visserie", "Quai de réception", "Le réceptionnaire a soulevé seul un colis de 28 kg depuis le fond d'une semi-remorque et a ressenti une douleur vive dans le dos.", "Arrêt du déchargement, transpalette électrique mis à disposition pour la suite.", "Le chauffeur du transporteur", "employee", "msd", "back", ("Patrick Vasseur", "Réceptionnaire", 52, 5800, "permanent", "Lumbago aigu ; rechute cinq mois plus tard."), [("initial", 1, 21), ("extension", 22, 14), ("relapse", 160, 10)], "closed", {}),
    ("lost_time", "LYO-USI", 0.34, "15:10", "Coupure profonde à la main en retirant des copeaux", "Centre d'usinage DMU 5 axes", "L'opérateur a retiré à la main un paquet de copeaux enroulés autour de l'outil, porte ouverte, sans crochet.", "Compression, soins par le sauveteur secouriste, transport à la clinique de la main.", "Le régleur de l'équipe", "temporary", "wound", "hand", ("Kévin Marchand", "Opérateur sur centre d'usinage (intérimaire)", 24, 40, "temporary", "Plaie de la paume gauche, huit points de suture."), [("initial", 1, 9)], "closed", {}),
    ("lost_time", "ROA-TS", 0.45, "09:30", "Projection d'acide dans l'œil en remplissant le bain", "Ligne de traitement de surface, bain de décapage", "En transvasant l'acide d'un fût dans le bain à l'aide d'un seau, une éclaboussure a atteint l'œil gauche ; la visière était relevée.", "Lavage oculaire 15 minutes à la douche de sécurité, transport aux urgences ophtalmologiques.", "Anne Vidal, cheffe d'équipe", "employee", "chemical", "eyes", ("Sandrine Colin", "Opératrice de traitement de surface", 44, 3100, "permanent", "Brûlure chimique de la cornée, sans séquelle."), [("initial", 1, 6)], "closed", {}),
    ("lost_time", "LYO-CAR", 0.48, "14:05", "Pied écrasé par la roue d'un chariot élévateur", "Allée centrale du bâtiment B", "Un préparateur marchant dans l'allée a eu le pied droit écrasé par la roue arrière d'un chariot qui reculait.", "Alerte des secours, chariot immobilisé, zone balisée.", "Deux préparateurs de l'expédition", "employee", "fracture", "ankle", ("Dominique Lefèvre", "Préparateur de commandes", 47, 4200, "permanent", "Fracture de deux métatarsiens du pied droit ; taux d'incapacité permanente notifié de 8 %."), [("initial", 1, 45), ("extension", 46, 30)], "closed", {"ip_rate": 8}),
    ("lost_time", "LYO-MMEC", 0.62, "11:15", "Chute d'un escabeau pendant une intervention sur un convoyeur", "Convoyeur aérien de la peinture", "Le technicien est monté sur un escabeau pour changer un galet du convoyeur à 2,80 m ; l'escabeau a basculé.", "Premiers secours, immobilisation du poignet, transport aux urgences.", "Un opérateur de la peinture", "employee", "fracture", "wrist", ("Alexandre Perrot", "Technicien de maintenance", 38, 2900, "permanent", "Fracture du poignet gauche, plâtre six semaines."), [("initial", 1, 35), ("extension", 36, 21)], "closed", {}),
    ("lost_time", "LYO-TOL", 0.78, "07:50", "Entorse du genou en glissant sur une flaque d'huile", "Atelier tôlerie, près de la cisaille guillotine", "En portant un flan vers la plieuse, l'opérateur a glissé sur une fuite d'huile de la cisaille non signalée.", "Nettoyage de la flaque, absorbant, balisage, demande de réparation de la cisaille.", "Le conducteur de la cisaille", "employee", "sprain", "knee", ("Mathieu Caron", "Opérateur de tôlerie", 29, 1300, "permanent", "Entorse bénigne du genou droit."), [("initial", 1, 18)], "closed", {}),
    ("lost_time", "ROA-ASS", 0.84, "16:30", "Doigt écrasé entre deux pièces à l'assemblage d'un châssis", "Ligne d'assemblage n° 2", "En accostant une traverse sur le longeron, la monteuse avait la main sur la zone de contact ; la traverse a glissé.", "Glace, soins par le sauveteur secouriste, consultation à la clinique.", "Le monteur du poste voisin", "employee", "crush", "fingers", ("Aurélie Masson", "Monteuse", 35, 1900, "fixed", "Écrasement de la deuxième phalange du majeur droit."), [("initial", 1, 10)], "closed", {}),
    ("lost_time", "LYO-TOL", 24, "10:40", "Doigts écrasés sous le poinçon de la presse plieuse", "Atelier tôlerie, presse plieuse n° 2", "En pliant une série de petites équerres, l'opérateur tenait la pièce de la main gauche près du poinçon ; la barrière laser était neutralisée en mode petites pièces et le tablier est descendu sur ses doigts.", "Arrêt de la presse, secours par le sauveteur secouriste, transport aux urgences, presse consignée jusqu'à l'analyse.", "Mathieu Caron, opérateur de tôlerie", "temporary", "crush", "fingers", ("Thomas Aubert", "Opérateur de pliage (intérimaire)", 22, 21, "temporary", "Fracture ouverte de la phalange distale de l'index et du majeur gauches."), [("initial", 1, 14), ("extension", 15, None)], "analysis", {"tree": True}),
    ("no_lost_time", "LYO-USI", 0.07, "09:10", "Copeau projeté dans l'œil", "Tour CN n° 4", "En soufflant la pièce, un copeau est passé sous les lunettes de l'opérateur.", "Lavage oculaire, consultation chez l'ophtalmologiste de garde.", "", "employee", "foreign_body", "eyes", ("Julie Renard", "Opératrice sur tour CN", 27, 700, "permanent", "Corps étranger cornéen retiré, sans arrêt."), [], "closed", {}),
    ("no_lost_time", "LYO-PEI", 0.18, "13:45", "Irritation de la peau au contact de la poudre", "Cabine de poudrage", "Après le nettoyage de la cabine sans manchettes, l'opérateur a présenté des rougeurs sur les avant-bras.", "Lavage, crème, consultation au service de santé au travail.", "", "employee", "chemical", "elbow", ("Nicolas Fabre", "Peintre poudre", 41, 3600, "permanent", "Dermite irritative des avant-bras."), [], "closed", {}),
    ("no_lost_time", "ROA-MGS", 0.29, "10:00", "Tête heurtée contre une lisse de rayonnage", "Magasin, allée 4", "En se relevant après avoir pris un carton au niveau bas, le magasinier a heurté la lisse du premier niveau.", "Glace, surveillance une heure, protections en mousse posées sur les lisses basses.", "", "employee", "bruise", "head", ("Bruno Lacroix", "Magasinier", 56, 8000, "permanent", "Hématome du cuir chevelu."), [], "closed", {}),
    ("no_lost_time", "LYO-EXP", 0.47, "15:30", "Main coincée entre une palette et le quai", "Quai n° 3", "En repositionnant une palette à la main sur le bord du quai, le préparateur s'est coincé la main contre le butoir.", "Glace, soins par le sauveteur secouriste.", "Le cariste", "employee", "bruise", "hand", ("Samir Belkacem", "Préparateur d'expédition", 33, 1500, "permanent", "Contusion du dos de la main gauche."), [], "closed", {}),
    ("no_lost_time", "LYO-SOU", 0.62, "11:00", "Brûlure au cou par une projection sous le col", "Atelier soudure, poste 5", "En soudant au plafond d'un châssis, une projection est tombée dans le col de la veste.", "Refroidissement, pansement, aménagement de poste (soudage à plat) pendant une semaine.", "", "employee", "burn", "neck", ("Yannick Perret", "Soudeur", 45, 6100, "permanent", "Brûlure superficielle du cou."), [], "closed", {"restricted_work": True}),
    ("no_lost_time", "LYO-USI", 0.77, "08:30", "Coupure à l'index en changeant un outil", "Centre d'usinage Mazak", "En changeant une plaquette de fraise, le régleur s'est coupé l'index droit sur l'arête de coupe.", "Pansement compressif, point de colle à l'infirmerie.", "", "employee", "wound", "fingers", ("Karim Benali", "Régleur CN", 36, 3300, "permanent", "Plaie superficielle de l'index droit."), [], "closed", {"person": "employee"}),
    ("no_lost_time", "LYO-MELE", 17, "14:20", "Électrisation légère en réarmant une armoire", "Armoire de la presse plieuse n° 1", "En réarmant un disjoncteur dans une armoire sans protection IP2X, l'électricien a touché un bornier sous tension du revers de la main.", "Consultation médicale (électrocardiogramme normal), armoire condamnée.", "Un technicien de maintenance", "employee", "other", "hand", ("Éric Dumas", "Électricien de maintenance", 50, 9000, "permanent", "Électrisation sans lésion, ECG normal."), [], "analysis", {}),
    ("commuting", "LYO-BUR", 0.26, "07:35", "Chute à vélo sur le trajet domicile-travail", "Avenue Jean Jaurès, Vénissieux", "Sur le trajet habituel, la salariée a chuté à vélo sur une chaussée mouillée.", "", "", "employee", "sprain", "wrist", ("Hélène Brunet", "Assistante commerciale", 39, 2200, "permanent", "Entorse du poignet droit."), [("initial", 1, 8)], "closed", {"known_hours": 2}),
    ("commuting", "ROA-ASS", 0.71, "17:50", "Accrochage en voiture au retour du travail", "Route de Charlieu, Roanne", "Au retour du travail, le véhicule du salarié a été percuté à l'arrière à un feu rouge.", "", "", "employee", "bruise", "neck", ("Loïc Bonnet", "Monteur", 28, 900, "permanent", "Entorse cervicale bénigne, sans arrêt."), [], "closed", {}),
    ("disease", "LYO-TOL", 0.52, "09:00", "Syndrome du canal carpien droit reconnu (tableau n° 57)", "Atelier tôlerie", "Maladie professionnelle déclarée par la salariée et reconnue par la CPAM : gestes répétés de préhension au poste d'ébavurage.", "Aménagement du poste d'ébavurage, rotation entre les postes.", "", "employee", "msd", "wrist", ("Martine Roussel", "Opératrice d'ébavurage", 49, 7300, "permanent", "Opération du canal carpien droit."), [("initial", 1, 30)], "closed", {}),
    ("first_aid", "LYO-USI", 0.03, "14:15", "Petite coupure au doigt en ébavurant", "Poste d'ébavurage de l'usinage", "Coupure superficielle en ébavurant une bride sans gant.", "Pansement à l'infirmerie.", "", "employee", "wound", "fingers", None, [], "closed", {}),
    ("first_aid", "LYO-SOU", 0.20, "10:45", "Poussière de meulage dans l'œil", "Atelier soudure", "Poussière dans l'œil en passant près d'un poste de meulage sans lunettes.", "Lavage oculaire.", "", "employee", "foreign_body", "eyes", None, [], "closed", {}),
    ("first_aid", "ROA-TS", 0.37, "08:20", "Rougeur après une éclaboussure de dégraissant", "Bain de dégraissage", "Éclaboussure de dégraissant alcalin sur l'avant-bras au retrait d'un panier.", "Rinçage à l'eau 15 minutes.", "", "employee", "chemical", "elbow", None, [], "closed", {}),
    ("first_aid", "LYO-MMEC", 0.58, "16:00", "Doigt pincé avec une pince multiprise", "Atelier de maintenance", "Pincement du doigt en desserrant un raccord.", "Glace.", "", "employee", "bruise", "fingers", None, [], "closed", {}),
    ("first_aid", "LYO-PEI", 55, "13:10", "Brûlure légère au contact d'une pièce sortie du four", "Sortie du four de cuisson", "Contact du poignet avec une pièce encore chaude entre le gant et la manche.", "Refroidissement, pansement gras.", "", "temporary", "burn", "wrist", None, [], "closed", {}),
    ("first_aid", "LYO-REC", 6, "09:40", "Coupure au doigt avec un feuillard", "Quai de réception", "Coupure en retirant le feuillard d'une palette de tubes.", "Pansement.", "", "employee", "wound", "fingers", None, [], "reported", {}),
    ("near_miss", "LYO-CAR", 0.06, "10:10", "Chariot élévateur frôlant un piéton à l'angle du bâtiment B", "Angle des bâtiments A et B", "Un cariste chargé a tourné à l'angle au moment où un piéton sortait du vestiaire ; arrêt à moins d'un mètre.", "Rappel des règles de circulation aux caristes.", "Le piéton et un cariste", "", "", "", None, [], "closed", {}),
    ("near_miss", "LYO-USI", 0.16, "11:30", "Pièce éjectée du mandrin, arrêtée par le carter", "Tour CN n° 2", "Une pièce mal serrée a été éjectée du mandrin en début d'usinage et a frappé la vitre du carter.", "Machine arrêtée, vérification de la pression de serrage et de la vitre.", "", "", "", "", None, [], "closed", {}),
    ("near_miss", "ROA-MGS", 0.31, "15:45", "Carton tombé du troisième niveau du rayonnage", "Magasin, allée 2", "Un carton de visserie mal posé est tombé du troisième niveau dans l'allée, vide à ce moment.", "Réorganisation des niveaux hauts, charges lourdes en bas.", "", "", "", "", None, [], "closed", {}),
    ("near_miss", "LYO-MMEC", 0.44, "07:15", "Consignation incomplète découverte avant une intervention", "Centre d'usinage DMU 5 axes", "Avant de démonter le changeur d'outils, le technicien a constaté que l'énergie pneumatique n'était pas consignée.", "Consignation complétée, rappel de la procédure à l'équipe.", "", "", "", "", None, [], "closed", {}),
    ("near_miss", "LYO-TOL", 0.57, "14:50", "Élingue qui glisse au levage d'un paquet de tôles", "Atelier tôlerie, pont roulant 5 t", "Au levage d'un paquet de tôles, une élingue a glissé ; le paquet s'est incliné sans tomber.", "Charge reposée, élingues remplacées par un palonnier à ventouses.", "Le pontier", "", "", "", None, [], "closed", {}),
    ("near_miss", "LYO-EXP", 0.74, "16:20", "Camion démarrant alors qu'un cariste est encore sur le quai", "Quai n° 1", "Le chauffeur a avancé son camion pendant que le cariste finissait de charger la dernière palette.", "Arrêt du chargement, information du transporteur.", "Le préparateur", "", "", "", None, [], "closed", {}),
    ("near_miss", "ROA-ASS", 48, "10:35", "Équilibreur de visseuse tombé de sa potence", "Ligne d'assemblage n° 1", "Le mousqueton de l'équilibreur a cédé ; la visseuse est tombée au pied du poste, personne en dessous.", "Mousquetons contrôlés sur toutes les potences.", "", "", "", "", None, [], "closed", {}),
    ("near_miss", "LYO-TOL", 12, "08:55", "Tôle qui glisse des fourches au chargement de la cisaille", "Atelier tôlerie, cisaille guillotine", "Une tôle huilée a glissé des fourches du chariot et est tombée à côté du conducteur de la cisaille.", "Zone balisée, consigne de charger au pont roulant.", "Le conducteur de la cisaille", "", "", "", None, [], "reported", {}),
    ("dangerous", "LYO-PEI", 0.10, "09:05", "Extincteur manquant à la cabine de poudrage", "Cabine de poudrage", "L'extincteur à poudre de la cabine avait été déplacé vers le four sans être remplacé.", "Extincteur remis en place, contrôle hebdomadaire ajouté.", "", "", "", "", None, [], "closed", {}),
    ("dangerous", "LYO-MELE", 0.35, "12:30", "Armoire électrique laissée ouverte sans surveillance", "Armoire générale du bâtiment A", "Pendant la pause, l'armoire générale est restée ouverte avec les borniers accessibles.", "Armoire refermée, rappel aux électriciens.", "", "", "", "", None, [], "closed", {}),
    ("dangerous", "ROA-TS", 0.60, "07:40", "Rétention du bain de dégraissage remplie d'eau de pluie", "Ligne de traitement de surface", "La rétention sous les cuves était pleine d'eau de pluie venue de la toiture et n'aurait plus retenu une fuite.", "Rétention pompée, réparation de la toiture demandée.", "", "", "", "", None, [], "closed", {}),
    ("dangerous", "LYO-BUR", 0.81, "17:10", "Issue de secours encombrée par des cartons d'archives", "Bureaux, couloir de l'étage", "Des cartons d'archives bloquaient l'issue de secours de l'étage des bureaux.", "Cartons enlevés, local d'archives attribué.", "", "", "", "", None, [], "closed", {}),
    ("dangerous", "LYO-CAR", 20, "13:25", "Miroir d'angle mort cassé au croisement des allées", "Croisement des allées A2 et B1", "Le miroir convexe du croisement est cassé depuis plusieurs jours : les caristes n'ont plus de visibilité.", "Passage balisé, vitesse au pas en attendant le remplacement.", "", "", "", "", None, [], "analysis", {}),
    ("incident", "LYO-PEI", 0.24, "15:55", "Départ de feu dans le filtre de la cabine de poudrage", "Cabine de poudrage", "Un départ de feu dans les filtres de la cabine a été éteint par l'opérateur avec l'extincteur.", "Cabine arrêtée, filtres remplacés, nettoyage complet.", "Le chef d'équipe peinture", "", "", "", None, [], "closed", {}),
    ("incident", "ROA-TS", 0.50, "10:15", "Débordement d'un bain de rinçage dans la rétention", "Ligne de traitement de surface", "Une électrovanne bloquée ouverte a fait déborder 200 litres d'eau de rinçage dans la rétention.", "Remplissage coupé, rétention vidée vers la station de traitement.", "", "", "", "", None, [], "closed", {}),
    ("incident", "LYO-USI", 0.90, "18:40", "Rupture d'un flexible hydraulique, projection d'huile sur la machine", "Tour CN n° 3", "Un flexible hydraulique a éclaté en cours d'usinage ; l'huile a été projetée dans la machine, carter fermé.", "Machine consignée, flexibles de la même série remplacés.", "", "", "", "", None, [], "closed", {}),
]  # fmt: skip

# The cause tree of the press brake accident: key, fact, kind, category, what it led to
# (the first is the final fact); then one more link and the facts answered by an action.
TREE = [
    ("injury", "Les doigts gauches de l'opérateur sont écrasés entre le poinçon et la matrice", "unusual", "person", None),
    ("descent", "Le tablier descend alors que la main gauche est sous le poinçon", "unusual", "equipment", "injury"),
    ("holding", "L'opérateur tient à la main une petite équerre (80 × 40 mm) près de la ligne de pliage", "unusual", "task", "descent"),
    ("muted", "La barrière laser est neutralisée en mode « petites pièces »", "unusual", "equipment", "descent"),
    ("no-tool", "Aucun outil de maintien des petites pièces n'est disponible au poste", "permanent", "equipment", "holding"),
    ("alone", "L'opérateur intérimaire, arrivé depuis trois semaines, est affecté seul à la presse", "unusual", "person", "holding"),
    ("rush", "Une commande urgente de 400 équerres est lancée en fin de poste", "unusual", "task", "muted"),
    ("absent", "Le chef d'équipe est absent ce jour-là (formation)", "unusual", "environment", "alone"),
]  # fmt: skip
TREE_LINKS = [("rush", "alone")]
TREE_ACTIONS = [
    ("no-tool", "Équiper les presses plieuses de pinces de maintien magnétiques pour les petites pièces", "manager", 30, "Plus aucune petite pièce tenue à la main aux visites de poste"),
    ("muted", "Réserver le mode « petites pièces » au chef d'équipe (clé) et le supprimer sur la presse n° 2", "manager", 15, "Aucune neutralisation de la barrière laser constatée en trois mois"),
]  # fmt: skip

# kind, place, description, name, contact, days ago, what becomes of it
REPORTS = [
    ("hazard", "Atelier tôlerie, allée centrale", "Fuite d'huile sous la cisaille guillotine : le sol est glissant dans l'allée, quelqu'un va tomber.", "", "", 9, "triage"),
    ("near_miss", "Quai n° 3", "Un chariot a reculé sans bip de recul au quai 3, j'ai dû m'écarter au dernier moment.", "Mehdi Ait Ali", "", 4, "new"),
    ("idea", "Entrée de l'atelier d'usinage", "Installer un distributeur de bouchons d'oreilles à l'entrée de l'usinage : on n'en trouve jamais quand on en a besoin.", "Sylvie Marchal", "sylvie.marchal@fmr.example", 2, "new"),
    ("hazard", "Salle de pause", "Le café du distributeur est trop cher depuis janvier.", "", "", 15, "reject"),
]  # fmt: skip
REJECTED = (
    "Ne relève pas de la santé et de la sécurité au travail : transmis au CSE (activités sociales)."
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """That day at that time, never in the future."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    return min(moment, timezone.now())


def _workday(day: dt.date, step: int = 1) -> dt.date:
    """The day itself, or the nearest working day after it (or before it, step -1)."""
    holidays = calc.french_holidays(day.year) | calc.french_holidays(day.year + step)
    while day.weekday() >= 5 or day in holidays:
        day += dt.timedelta(days=step)
    return day


def _date_last_log(record, moment: dt.datetime) -> None:
    """Date the last transition of `record`."""
    kind = ContentType.objects.get_for_model(type(record))
    log = TransitionLog.objects.filter(content_type=kind, object_id=record.pk).latest("id")
    TransitionLog.objects.filter(pk=log.pk).update(created_at=moment)


def _step(record, user, name: str, moment: dt.datetime, comment: str = ""):
    """Take one workflow step, dated `moment`; the record as it now is."""
    record = core.record_transition(record=record, user=user, name=name, comment=comment)
    _date_last_log(record, moment)
    return record


def _publish(duerp: Duerp, user, moment: dt.datetime, note: str) -> Duerp:
    """Publish a version of the DUERP as it was published on `moment`: versions can never be
    changed afterwards, so the clock is set back while it is written."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        published: Any = core.record_transition(
            record=duerp, user=user, name="publish", comment=note
        )
    _date_last_log(published, moment)
    return published


def _units(company) -> None:
    for code, name, parent in WORK_UNITS:
        unit = OrgUnit(code=code, name=name, kind="work_unit", parent=company.units[parent])
        unit.full_clean()
        unit.save()
        company.units[code] = unit


def _line(company, duerp, matrix, families, spec, created: dt.datetime) -> Assessment:
    (_key, unit, _stage, family, activity, hazard, situation, damage, measures, principles,
     likelihood, severity, exposed, groups) = spec  # fmt: skip
    line = Assessment(
        duerp=duerp,
        org_unit=company.units[unit],
        activity=activity,
        family=families[family],
        hazard=hazard,
        situation=situation,
        damage=damage,
        existing_measures=measures,
        principles=principles,
        exposed=exposed,
        pregnant_workers="P" in groups,
        young_workers="Y" in groups,
        temporary_workers="T" in groups,
        matrix=matrix,
        gross_likelihood=likelihood,
        gross_severity=severity,
    )
    core.record_create(record=line, user=company.users["coordinator"])
    Assessment.objects.filter(pk=line.pk).update(created_at=created, updated_at=created)
    return line


def _action(company, line, spec, today: dt.date, created: dt.datetime) -> Action:
    _key, title, owner, due, cost, criterion, _state, _dates = spec
    action = Action(
        title=title,
        org_unit=line.org_unit,
        action_type="preventive",
        owner=company.users[owner],
        due_date=today + dt.timedelta(days=due),
        planned_cost=Decimal(cost),
        effectiveness_criterion=criterion,
    )
    coordinator = company.users["coordinator"]
    core.record_create(record=action, user=coordinator)
    Action.objects.filter(pk=action.pk).update(created_at=created, updated_at=created)
    action_link(action=action, record=line, user=coordinator, role="preventive")
    return action


def _walk_action(company, action: Action, spec, today: dt.date) -> None:
    """Take a planned measure as far as its state: started, done, verified."""
    _key, _title, _owner, due, _cost, _criterion, state, dates = spec
    if state == "planned":
        return
    due_day = today + dt.timedelta(days=due)
    done_ago, verified_ago = dates or (None, None)
    done = today - dt.timedelta(days=done_ago) if done_ago else None
    started = (done or today) - dt.timedelta(days=40)
    started = max(started, min(due_day, today) - dt.timedelta(days=60))
    action = _step(action, action.owner, "start", _at(started, 9))
    if done is None:
        Action.objects.filter(pk=action.pk).update(progress=40, start_date=started)
        return
    action = _step(action, action.owner, "complete", _at(done, 16))
    Action.objects.filter(pk=action.pk).update(done_on=done, start_date=started)
    if state == "verified" and verified_ago is not None:
        verified = today - dt.timedelta(days=verified_ago)
        action = _step(
            action,
            company.users["coordinator"],
            "verify",
            _at(verified, 11),
            comment="Efficace : constaté lors de la visite de poste.",
        )
        Action.objects.filter(pk=action.pk).update(verified_on=verified)


def _duerps(company, today: dt.date) -> dict[str, Duerp]:  # noqa: C901  # over the complexity budget; split when its area is quiet
    """Both DUERPs with their lines and planned measures; Vénissieux published a year ago and
    again after its annual update, and being updated since its last accident; Roanne
    published once."""
    coordinator = company.users["coordinator"]
    matrix = ScoringMatrix.objects.get(code="PG-4x4", status="in_use")
    families = {f.code: f for f in RiskFamily.objects.all()}
    days = dt.timedelta
    created = {"LYO": today - days(425), "ROA": today - days(160)}
    duerps: dict[str, Duerp] = {}
    lines: dict[str, Assessment] = {}
    for site, title, method, participants in DUERPS:
        duerp = Duerp(
            title=title,
            org_unit=company.units[site],
            owner=coordinator,
            method=method,
            participants=participants,
            update_reason="first",
        )
        core.record_create(record=duerp, user=coordinator)
        Duerp.objects.filter(pk=duerp.pk).update(created_at=_at(created[site], 9))
        duerps[site] = duerp
        for spec in LINES:
            if spec[1].startswith(site) and spec[2] == 0:
                moment = _at(created[site] + days(3 + len(lines) % 10), 14)
                lines[spec[0]] = _line(company, duerp, matrix, families, spec, moment)
    actions: dict[int, Action] = {}
    for index, measure in enumerate(ACTIONS):
        if measure[0] in lines:
            line = lines[measure[0]]
            moment = _at(created[line.duerp.org_unit.code] + days(14), 10)
            actions[index] = _action(company, line, measure, today, moment)

    # Vénissieux, first version: consulted, then published 13 months ago.
    lyo = _step(duerps["LYO"], coordinator, "consult", _at(today - days(405), 10))
    lyo.cse_consulted_on = today - days(398)
    core.record_update(record=lyo, user=coordinator, expected_version=None)
    lyo = _publish(
        lyo,
        coordinator,
        _at(today - days(395), 10, 30),
        "Première version du document unique du site, présentée au CSE.",
    )
    # Roanne: its first and only version, four months ago.
    roa = _step(duerps["ROA"], coordinator, "consult", _at(today - days(130), 10))
    roa.cse_consulted_on = today - days(124)
    core.record_update(record=roa, user=coordinator, expected_version=None)
    roa = _publish(
        roa,
        coordinator,
        _at(today - days(120), 11),
        "Première version du document unique du site de Roanne, présentée au CSE.",
    )
    # The measures taken since.
    for index, action in actions.items():
        _walk_action(company, action, ACTIONS[index], today)

    # Vénissieux, annual update: two lines rated again, one added, consulted, published.
    lyo = _step(lyo, coordinator, "update", _at(today - days(75), 9))
    for key, likelihood, measures in REVISED:
        line = Assessment.objects.get(pk=lines[key].pk)
        line.gross_likelihood = likelihood
        line.existing_measures = measures
        core.record_update(record=line, user=coordinator, expected_version=None)
        Assessment.objects.filter(pk=line.pk).update(updated_at=_at(today - days(60), 11))
    for spec in LINES:
        if spec[2] == 1:
            line = _line(company, lyo, matrix, families, spec, _at(today - days(70), 15))
            for action_spec in ACTIONS:
                if action_spec[0] == spec[0]:
                    _action(company, line, action_spec, today, _at(today - days(70), 16))
    lyo = _step(lyo, coordinator, "consult", _at(today - days(45), 10))
    lyo.cse_consulted_on = today - days(36)
    lyo.update_reason = "annual"
    core.record_update(record=lyo, user=coordinator, expected_version=None)
    lyo = _publish(
        lyo,
        coordinator,
        _at(today - days(30), 10, 30),
        "Mise à jour annuelle : torches aspirantes en soudure, allées piétonnes séparées, "
        "contrôle par ressuage au laboratoire.",
    )

    # Since: the update after the press brake accident, under way.
    lyo = _step(lyo, coordinator, "update", _at(today - days(12), 9))
    lyo.update_reason = "accident"
    core.record_update(record=lyo, user=coordinator, expected_version=None)
    for spec in LINES:
        if spec[2] == 2:
            _line(company, lyo, matrix, families, spec, _at(today - days(10), 15))
    return duerps


def _hours(company, today: dt.date, rng: random.Random) -> None:
    """Monthly hours worked of each site, from January two years ago to last month."""
    coordinator = company.users["coordinator"]
    mean = Decimal(str(sum(SEASON) / len(SEASON)))
    for site in ("LYO", "ROA"):
        unit = company.units[site]
        for year in range(today.year - 2, today.year + 1):
            for month in range(1, 13):
                if (year, month) >= (today.year, today.month):
                    break
                fte = Decimal(unit.headcount + rng.uniform(-2.5, 2.5)).quantize(Decimal("0.1"))
                share = Decimal(str(SEASON[month - 1])) / mean
                noise = Decimal(str(rng.uniform(0.97, 1.03)))
                hours = (fte * MONTHLY_HOURS * share * noise).quantize(Decimal("0.1"))
                temporary = (hours * Decimal(str(rng.uniform(0.045, 0.075)))).quantize(
                    Decimal("0.1")
                )
                row = HoursWorked(
                    org_unit=unit,
                    year=year,
                    month=month,
                    hours=hours,
                    headcount=fte,
                    temporary_hours=temporary,
                )
                core.record_create(record=row, user=coordinator)
                entered = dt.date(year + month // 12, month % 12 + 1, 5)
                HoursWorked.objects.filter(pk=row.pk).update(created_at=_at(entered, 9))


def _event_day(when, today: dt.date) -> dt.date:
    """A share of the past (from January two years ago to two months ago), or days ago."""
    if isinstance(when, int):
        return _workday(today - dt.timedelta(days=when), -1)
    start = dt.date(today.year - 2, 1, 1)
    end = today - dt.timedelta(days=65)
    return _workday(start + dt.timedelta(days=round(when * (end - start).days)))


def _events(company, today: dt.date) -> SafetyEvent:
    """The accidents and incidents of three years with their victims, stops and analysis;
    returns the press brake accident."""
    coordinator, manager = company.users["coordinator"], company.users["manager"]
    yesterday = today - dt.timedelta(days=1)
    tree_event = None
    for spec in EVENTS:
        kind, unit_code, when, time, title, place, description, measures, witnesses = spec[:9]
        status, nature, body, victim, stops, final, extra = spec[9:]
        day = _event_day(when, today)
        hour, minute = (int(part) for part in time.split(":"))
        occurred = _at(day, hour, minute)
        unit = company.units[unit_code]
        with_victim = kind in ("lost_time", "no_lost_time", "commuting", "disease", "first_aid")
        event = SafetyEvent(
            title=title,
            event_type=kind,
            org_unit=unit,
            occurred_at=occurred,
            known_at=(
                occurred + dt.timedelta(hours=extra["known_hours"])
                if "known_hours" in extra
                else None
            ),
            place=place,
            description=description,
            immediate_measures=measures,
            witnesses=witnesses,
            victim_status=status,
            injury_nature=nature,
            body_location=body,
            restricted_work=extra.get("restricted_work", False),
            ip_rate=Decimal(extra["ip_rate"]) if "ip_rate" in extra else None,
            declared_on=(
                min(_workday(day + dt.timedelta(days=1)), today)
                if kind in ("lost_time", "no_lost_time", "commuting")
                else None
            ),
            owner=coordinator if with_victim or unit_code.startswith("ROA") else manager,
        )
        core.record_create(record=event, user=coordinator)
        SafetyEvent.objects.filter(pk=event.pk).update(
            created_at=occurred + dt.timedelta(minutes=45)
        )
        if victim:
            name, job, age, seniority, contract, medical = victim
            data: dict[str, Any] = {
                "name": name,
                "job_title": job,
                "birth_date": dt.date(day.year - age, 1 + len(name) % 12, 1 + len(job) % 28),
                "hired_on": day - dt.timedelta(days=seniority),
                "contract": contract,
                "medical_notes": medical,
            }
            if "person" in extra:
                data["person"] = company.users[extra["person"]]
            services.victim_save(event=event, user=coordinator, data=data)
        last = day
        for stop_kind, first, length in stops:
            start = day + dt.timedelta(days=first)
            end = None if length is None else min(start + dt.timedelta(days=length - 1), yesterday)
            note = "Rechute" if stop_kind == "relapse" else ""
            services.lost_time_add(
                event=event, user=coordinator, kind=stop_kind, start=start, end=end, note=note
            )
            last = max(last, end or start)
        if final in ("analysis", "closed"):
            analysed = min(day + dt.timedelta(days=1), yesterday)
            event = _step(event, coordinator, "analyse", _at(analysed, 11))
        if final == "closed":
            closed = min(max(day + dt.timedelta(days=21), last + dt.timedelta(days=7)), yesterday)
            _step(event, coordinator, "close", _at(closed, 15))
        if extra.get("tree"):
            tree_event = event
    assert tree_event is not None  # noqa: S101  # narrows the type for mypy
    return tree_event


def _cause_tree(company, event: SafetyEvent, today: dt.date) -> None:
    """The cause tree of the press brake accident, and the actions breaking its chains."""
    coordinator = company.users["coordinator"]
    facts: dict[str, CauseFact] = {}
    for key, text, kind, category, effect in TREE:
        facts[key] = services.fact_add(
            event=event,
            user=coordinator,
            text=text,
            kind=kind,
            category=category,
            effect=facts[effect] if effect else None,
        )
    for cause, effect in TREE_LINKS:
        services.fact_link(cause=facts[cause], effect=facts[effect], user=coordinator)
    for key, title, owner, due, criterion in TREE_ACTIONS:
        action = services.fact_to_action(
            fact=facts[key],
            user=coordinator,
            title=title,
            owner=company.users[owner],
            due_date=today + dt.timedelta(days=due),
            criterion=criterion,
        )
        moment = _at(today - dt.timedelta(days=15), 16)
        Action.objects.filter(pk=action.pk).update(created_at=moment, updated_at=moment)


def _reports(company, today: dt.date) -> None:
    """What people reported through the public link of Vénissieux: one triaged into an event,
    one rejected, two waiting in the inbox."""
    coordinator = company.users["coordinator"]
    link = services.reporting_link(company.units["LYO"], coordinator)
    ReportingLink.objects.filter(pk=link.pk).update(created_at=_at(today - dt.timedelta(90), 9))
    for kind, place, description, name, contact, ago, fate in REPORTS:
        report = services.report_submit(
            link=link,
            data={
                "kind": kind,
                "place": place,
                "description": description,
                "reporter_name": name,
                "reporter_contact": contact,
            },
        )
        sent = _at(_workday(today - dt.timedelta(days=ago), -1), 13, 20)
        PublicReport.objects.filter(pk=report.pk).update(created_at=sent, updated_at=sent)
        handled = min(sent + dt.timedelta(days=1), timezone.now())
        if fate == "triage":
            event = services.report_triage(
                report=report,
                user=coordinator,
                event_type="dangerous",
                title="Fuite d'huile sous la cisaille guillotine, sol glissant",
                org_unit=company.units["LYO-TOL"],
            )
            SafetyEvent.objects.filter(pk=event.pk).update(created_at=handled)
            _date_last_log(report, handled)
        elif fate == "reject":
            _step(report, coordinator, "reject", handled, comment=REJECTED)


def load(company) -> None:
    """Create the demo health and safety records (after the risks, which install the scoring
    matrices, and the actions)."""
    from amelio.safety.reference_data import install_families

    install_families()  # a test database flushed between journeys has lost them
    rng = random.Random(45001)
    today = timezone.localdate()
    with translation.override("fr"):
        _units(company)
        _duerps(company, today)
        _hours(company, today, rng)
        accident = _events(company, today)
        _cause_tree(company, accident, today)
        _reports(company, today)
