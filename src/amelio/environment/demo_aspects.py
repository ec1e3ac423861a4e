"""Demo environmental analysis of Forges et Mécanique du Rhône (ISO 14001 6.1.2): fourteen
aspects at Vénissieux (machining, powder painting and its pre-treatment, heat treatment,
boiler room, compressed air, forklift charging, maintenance, oil and solvent store, cooling
tower, packaging, transport, end of life of the parts, noise of the sheet-metal shop) and
eight at Roanne (electroplating baths, rinsing water, chemicals, dipping paint, lighting, an
extension project). Every aspect type, the three operating conditions and the six life-cycle
stages appear; the ratings on the PG-4x4 matrix and the legal requirements make fifteen of
them significant."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from amelio.core import services as core
from amelio.environment.demo import _at
from amelio.environment.models import Aspect
from amelio.processes.models import Process
from amelio.scoring.models import ScoringMatrix

# The analysis was last updated at the annual review, this many days ago.
REVIEWED_AGO = 400

# One aspect per row: its unit, owner and process (code of the processes demo, or None), then
# the model's own fields. Likelihood × severity on PG-4x4: 1–3 low (acceptable), 4–6 medium,
# 8–9 high, 12–16 critical.
ASPECTS: list[dict[str, Any]] = [
    # --- Vénissieux -------------------------------------------------------------------------
    {
        "unit": "LYO-USI", "owner": "manager", "process": "R-USI",
        "activity": "Usinage CN des pièces (tournage, fraisage 3 et 5 axes)",
        "aspect_type": "waste",
        "aspect": "Production de copeaux métalliques et d'émulsions d'usinage usées",
        "impact": "Pollution des sols et des eaux si les déchets dangereux sont mal gérés ; "
        "consommation des capacités de traitement.",
        "likelihood": 4, "severity": 2,
        "legal_requirement": True,
        "legal_reference": "Code de l'environnement, art. R541-43 ; arrêté du 31 mai 2021 "
        "(registre des déchets)",
        "existing_controls": "Tri à la source (bennes acier et aluminium, GRV à émulsions) ; "
        "registre chronologique des déchets ; bordereaux de suivi Trackdéchets.",
    },
    {
        "unit": "LYO-PEI", "owner": "manager", "process": "R-PEI",
        "activity": "Cabine de peinture poudre et four de polymérisation",
        "aspect_type": "odour",
        "aspect": "Odeurs et fumées de cuisson du four de polymérisation",
        "impact": "Gêne olfactive du voisinage ; émissions diffuses de composés organiques.",
        "likelihood": 2, "severity": 1,
        "existing_controls": "Cabine à recyclage avec filtres à cartouches ; extraction du four "
        "en toiture ; températures de cuisson suivies à chaque lot.",
    },
    {
        "unit": "LYO-PEI", "owner": "manager", "process": "R-PEI",
        "activity": "Dégraissage et phosphatation avant peinture",
        "aspect_type": "water",
        "aspect": "Rejet des eaux de rinçage du tunnel de prétraitement au réseau "
        "d'assainissement",
        "impact": "Perturbation de la station d'épuration et pollution du Rhône par les "
        "phosphates, les tensioactifs et un pH hors limites.",
        "likelihood": 3, "severity": 3,
        "legal_requirement": True,
        "legal_reference": "Arrêté du 2 février 1998 ; autorisation de déversement de la "
        "Métropole de Lyon (C. santé publ., art. L1331-10)",
        "existing_controls": "Neutralisation avant rejet ; pH-mètre en continu avec alarme ; "
        "analyses trimestrielles par un laboratoire agréé.",
    },
    {
        "unit": "LYO-PEI", "owner": "manager", "process": None,
        "activity": "Cuisson de la peinture poudre (four de polymérisation)",
        "aspect_type": "energy",
        "aspect": "Consommation de gaz naturel du four de polymérisation",
        "impact": "Épuisement des ressources fossiles ; émissions de gaz à effet de serre.",
        "likelihood": 4, "severity": 2,
        "existing_controls": "Relevé mensuel des compteurs ; chargement des fours planifié "
        "pour éviter les cuissons à moitié vides.",
    },
    {
        "unit": "LYO-MAI", "owner": "manager", "process": "S-MAI",
        "activity": "Chaufferie (chaudière gaz de 2,4 MW)",
        "aspect_type": "air",
        "aspect": "Émissions de NOx et de CO₂ de la combustion",
        "impact": "Pollution de l'air (ozone, particules secondaires) ; changement climatique.",
        "likelihood": 4, "severity": 1,
        "legal_requirement": True,
        "legal_reference": "Arrêté du 3 août 2018 (installations de combustion, rubrique 2910, "
        "déclaration avec contrôle)",
        "existing_controls": "Entretien annuel par le chauffagiste ; mesures périodiques des "
        "émissions par un organisme accrédité ; livret de chaufferie tenu à jour.",
    },
    {
        "unit": "LYO-MAI", "owner": "manager", "process": "S-MAI",
        "activity": "Production d'air comprimé",
        "aspect_type": "energy",
        "aspect": "Consommation d'électricité des compresseurs et fuites du réseau",
        "impact": "Épuisement des ressources énergétiques ; émissions indirectes de CO₂.",
        "likelihood": 3, "severity": 1,
        "existing_controls": "Campagne de détection des fuites aux ultrasons deux fois par an ; "
        "récupération de chaleur des compresseurs pour l'eau chaude sanitaire.",
    },
    {
        "unit": "LYO-LOG", "owner": "manager", "process": None,
        "activity": "Charge des batteries des chariots élévateurs",
        "aspect_type": "soil", "condition": "abnormal",
        "aspect": "Déversement d'électrolyte acide lors de la mise à niveau des batteries",
        "impact": "Pollution du sol et des eaux pluviales.",
        "likelihood": 1, "severity": 3,
        "existing_controls": "Local de charge sur rétention ; kit absorbant pour acides ; "
        "batteries sans entretien pour les chariots neufs.",
    },
    {
        "unit": "LYO-MAI", "owner": "manager", "process": "S-MAI",
        "activity": "Maintenance des machines (vidanges, nettoyage des bacs)",
        "aspect_type": "waste", "condition": "abnormal",
        "aspect": "Production d'huiles usagées, de chiffons et de filtres souillés",
        "impact": "Pollution des sols et des eaux si les huiles usagées sont mal collectées.",
        "likelihood": 2, "severity": 2,
        "legal_requirement": True,
        "legal_reference": "Code de l'environnement, art. R543-3 à R543-15 (huiles usagées)",
        "existing_controls": "Fûts identifiés sur rétention au magasin maintenance ; collecte "
        "par un ramasseur agréé ; consignes de vidange affichées.",
    },
    {
        "unit": "LYO-LOG", "owner": "coordinator", "process": None,
        "activity": "Stockage des huiles de coupe et des solvants",
        "aspect_type": "soil", "condition": "emergency",
        "aspect": "Déversement accidentel d'huile ou de solvant (fût percé, chute lors de la "
        "manutention)",
        "impact": "Pollution du sol et de la nappe de l'Est lyonnais.",
        "likelihood": 2, "severity": 3,
        "existing_controls": "Bacs et armoires de rétention ; kits absorbants au magasin et à "
        "l'aire de dépotage ; inspection hebdomadaire du magasin.",
    },
    {
        "unit": "LYO-PEI", "owner": "manager", "process": "R-PEI",
        "activity": "Poudrage électrostatique en cabine",
        "aspect_type": "air",
        "aspect": "Rejet de poussières de poudre et risque d'explosion de poussières",
        "impact": "Pollution de l'air ; incendie ou explosion dans la cabine.",
        "likelihood": 2, "severity": 4,
        "legal_requirement": True,
        "legal_reference": "Arrêté du 2 mai 2002 (rubrique 2940, déclaration avec contrôle)",
        "existing_controls": "Cabine à recyclage avec filtres à cartouches ; mesure annuelle "
        "des poussières rejetées ; nettoyage quotidien de la cabine.",
    },
    {
        "unit": "LYO-LOG", "owner": "coordinator", "process": "R-EXP",
        "activity": "Réception des matières et expédition des pièces",
        "aspect_type": "resources", "stage": "materials",
        "aspect": "Consommation d'emballages à usage unique (cartons, films, palettes)",
        "impact": "Consommation de bois, de papier et de plastiques ; déchets "
        "d'emballages à trier et à valoriser.",
        "likelihood": 3, "severity": 1,
        "legal_requirement": True,
        "legal_reference": "Loi n° 2020-105 du 10 février 2020 (AGEC) ; C. env., "
        "art. D543-278 à D543-287 (tri des déchets « 5 flux »)",
        "existing_controls": "Compacteur à cartons ; rack à films ; palettes consignées avec "
        "les principaux fournisseurs d'acier.",
    },
    {
        "unit": "LYO-LOG", "owner": "coordinator", "process": "R-EXP",
        "activity": "Transport des matières et des pièces par les transporteurs",
        "aspect_type": "air", "stage": "transport", "control": "indirect",
        "aspect": "Émissions de CO₂ et de particules des camions de livraison",
        "impact": "Changement climatique ; pollution de l'air de l'agglomération lyonnaise.",
        "likelihood": 3, "severity": 1,
        "existing_controls": "Regroupement des expéditions par tournée ; clause "
        "environnementale dans le cahier des charges des transporteurs.",
    },
    {
        "unit": "LYO-DIR", "owner": "coordinator", "process": None,
        "activity": "Pièces livrées aux clients (acier et aluminium peint)",
        "aspect_type": "waste", "stage": "end_of_life", "control": "indirect",
        "aspect": "Pièces mises au rebut en fin de vie des équipements des clients",
        "impact": "Déchets métalliques, recyclables à plus de 90 % s'ils sont triés.",
        "likelihood": 1, "severity": 2,
        "existing_controls": "Matières et revêtements indiqués sur les plans ; pas de "
        "revêtement contenant du chrome hexavalent.",
    },
    {
        "unit": "LYO-TOL", "owner": "manager", "process": "R-SOU",
        "activity": "Tôlerie (cisaillage, poinçonnage, pliage, meulage)",
        "aspect_type": "noise",
        "aspect": "Bruit des presses et des meuleuses perçu en limite de propriété",
        "impact": "Gêne sonore des riverains de la rue des Forgerons.",
        "likelihood": 3, "severity": 2,
        "legal_requirement": True,
        "legal_reference": "Arrêté du 23 janvier 1997 (bruit des installations classées)",
        "existing_controls": "Portes de l'atelier fermées ; pas de poinçonnage après 20 h ; "
        "mesure de bruit en limite de propriété tous les 3 ans.",
    },
    # --- Roanne -------------------------------------------------------------------------------
    {
        "unit": "ROA-TS", "owner": "coordinator", "process": None,
        "activity": "Bains de zingage électrolytique et de passivation",
        "aspect_type": "air",
        "aspect": "Émissions de brouillards acides et alcalins aspirés sur les cuves",
        "impact": "Pollution de l'air ; retombées acides aux abords de l'atelier.",
        "likelihood": 3, "severity": 2,
        "legal_requirement": True,
        "legal_reference": "AMPG rubrique 2565 (enregistrement) : valeurs limites des rejets "
        "atmosphériques",
        "existing_controls": "Aspiration des cuves avec laveur de gaz ; mesure annuelle des "
        "rejets à la cheminée.",
    },
    {
        "unit": "ROA-TS", "owner": "coordinator", "process": None,
        "activity": "Rinçages après traitement et station de détoxication",
        "aspect_type": "water",
        "aspect": "Rejet des eaux de rinçage détoxiquées (zinc, nickel, pH, MES)",
        "impact": "Pollution de la Loire par les métaux ; toxicité pour la vie aquatique.",
        "likelihood": 3, "severity": 4,
        "legal_requirement": True,
        "legal_reference": "AMPG rubrique 2565 ; arrêté préfectoral d'enregistrement du "
        "17 juin 2019",
        "existing_controls": "Détoxication physico-chimique ; pH et débit mesurés en continu ; "
        "autosurveillance mensuelle transmise à l'inspection (GIDAF).",
    },
    {
        "unit": "ROA-TS", "owner": "coordinator", "process": None,
        "activity": "Rinçages de la ligne de traitement de surface",
        "aspect_type": "water_use",
        "aspect": "Consommation d'eau de ville des rinçages",
        "impact": "Prélèvement sur la ressource en eau, tendue en été dans le Roannais.",
        "likelihood": 4, "severity": 2,
        "existing_controls": "Rinçages en cascade ; compteur par ligne relevé chaque semaine.",
    },
    {
        "unit": "ROA-TS", "owner": "coordinator", "process": None,
        "activity": "Bains de traitement de surface",
        "aspect_type": "soil", "condition": "emergency",
        "aspect": "Fuite ou débordement d'un bain de traitement",
        "impact": "Pollution du sol et de la nappe par les métaux et les acides.",
        "likelihood": 1, "severity": 4,
        "existing_controls": "Cuves sur rétention en dur ; détecteurs de niveau haut ; "
        "inspection visuelle des cuves à chaque prise de poste.",
    },
    {
        "unit": "ROA-MAG", "owner": "coordinator", "process": None,
        "activity": "Achat et stockage des produits de traitement de surface",
        "aspect_type": "other", "stage": "materials",
        "aspect": "Utilisation de substances dangereuses (sels de nickel, acides) soumises à "
        "REACH",
        "impact": "Atteinte à la santé et aux milieux en cas de perte de maîtrise ; "
        "dépendance à des substances dont l'usage peut être restreint.",
        "likelihood": 2, "severity": 3,
        "legal_requirement": True,
        "legal_reference": "Règlement (CE) n° 1907/2006 (REACH) ; fiches de données de sécurité",
        "existing_controls": "Inventaire des produits chimiques ; étude de substitution du "
        "nickel lancée avec deux clients.",
    },
    {
        "unit": "ROA-TS", "owner": "coordinator", "process": None,
        "activity": "Pièces zinguées livrées aux clients",
        "aspect_type": "water", "stage": "use", "control": "indirect",
        "aspect": "Relargage de zinc par la corrosion des pièces en service",
        "impact": "Apport diffus de métaux aux eaux de ruissellement.",
        "likelihood": 1, "severity": 2,
        "existing_controls": "Épaisseurs de zinc et passivation adaptées à l'exposition "
        "indiquée par le client.",
    },
    {
        "unit": "ROA", "owner": "coordinator", "process": None,
        "activity": "Éclairage extérieur du site et des quais",
        "aspect_type": "light",
        "aspect": "Éclairage nocturne des abords et des quais",
        "impact": "Pollution lumineuse ; dérangement de la faune nocturne le long du canal.",
        "likelihood": 2, "severity": 1,
        "legal_requirement": True,
        "legal_reference": "Arrêté du 27 décembre 2018 (nuisances lumineuses)",
        "existing_controls": "Extinction à 1 h sauf éclairage de sécurité ; projecteurs LED "
        "orientés vers le sol.",
    },
    {
        "unit": "ROA", "owner": "coordinator", "process": None,
        "activity": "Projet d'extension de l'atelier d'assemblage",
        "aspect_type": "biodiversity", "stage": "design",
        "aspect": "Imperméabilisation d'une friche en bord de canal",
        "impact": "Perte d'habitats pour la faune et la flore ; ruissellement accru des eaux "
        "pluviales.",
        "likelihood": 1, "severity": 2,
        "existing_controls": "Inventaire écologique demandé avant le dépôt du permis ; noue "
        "d'infiltration prévue au projet.",
    },
]  # fmt: skip


def load(company) -> None:
    """Create the aspects of both sites, rated on PG-4x4 as the coordinator would have."""
    coordinator = company.users["coordinator"]
    matrix = ScoringMatrix.objects.get(code="PG-4x4", status="in_use")
    codes = {row["process"] for row in ASPECTS} - {None}
    processes = {p.code: p for p in Process.objects.active().filter(code__in=codes)}
    reviewed = _at(timezone.localdate() - dt.timedelta(days=REVIEWED_AGO), 11)
    for row in ASPECTS:
        fields = {k: v for k, v in row.items() if k not in {"unit", "owner", "process"}}
        aspect = Aspect(
            org_unit=company.units[row["unit"]],
            owner=company.users[row["owner"]],
            process=processes.get(row["process"]),
            matrix=matrix,
            created_at=reviewed,
            updated_at=reviewed,
            **fields,
        )
        core.record_create(record=aspect, user=coordinator)
