"""Demo process map of Forges et Mécanique du Rhône: 14 processes in three bands, their
inputs and outputs, and the interactions those flows describe."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from amelio.context.models import InterestedParty
from amelio.core import services
from amelio.processes.models import Process, ProcessFlow

# code, type, order, unit, owner, deputy, name, purpose, scope, resources, activities,
# documents, kpis
PROCESSES = [
    (
        "M-STR",
        "management",
        10,
        "FMR",
        "coordinator",
        "admin",
        "Stratégie et revue de direction",
        "Fixer les orientations, la politique QSE et les objectifs ; allouer les ressources.",
        "De l'analyse du contexte à la revue de direction annuelle et à son suivi.",
        "Comité de direction (5 personnes), tableau de bord mensuel.",
        "Analyse du contexte et des parties intéressées\nPlan stratégique à 3 ans\n"
        "Revue de direction annuelle\nSuivi budgétaire",
        "Politique QSE (TXT)\nCompte rendu de revue de direction\n"
        "https://intranet.fmr.example/direction/plan-strategique",
        "Chiffre d'affaires vs budget : ±5 %\nObjectifs QSE atteints : ≥ 80 %",
    ),
    (
        "M-QSE",
        "management",
        20,
        "FMR",
        "coordinator",
        "auditor",
        "Management QSE et amélioration continue",
        "Faire vivre le système de management intégré et piloter l'amélioration.",
        "Tous les sites ; qualité, santé-sécurité, environnement.",
        "Responsable QSE, animatrice sécurité (0,5 ETP), Amelio.",
        "Veille réglementaire\nTraitement des non-conformités\nPlans d'actions\n"
        "Évaluation des risques et opportunités",
        "Manuel QSE\nProcédure de maîtrise des non-conformités\nProcédure actions correctives",
        "Actions soldées dans les délais : ≥ 85 %\nTaux de fréquence TF1 : < 10",
    ),
    (
        "M-AUD",
        "management",
        30,
        "FMR",
        "auditor",
        "coordinator",
        "Audits, mesure et satisfaction client",
        "Mesurer la performance et la satisfaction, auditer le système.",
        "Audits internes, audits fournisseurs, enquêtes et réclamations clients.",
        "Auditeurs internes qualifiés (3), questionnaire de satisfaction.",
        "Programme d'audits annuel\nEnquête de satisfaction\nAnalyse des réclamations",
        "Procédure d'audit interne\nQuestionnaire de satisfaction client",
        "Audits réalisés / programmés : 100 %\nNote de satisfaction : ≥ 8/10",
    ),
    (
        "R-VEN",
        "operational",
        10,
        "FMR",
        "coordinator",
        "manager",
        "Ventes et revue de contrat",
        "Transformer les besoins des clients en commandes faisables et rentables.",
        "De la réception de l'appel d'offres à l'accusé de réception de commande.",
        "2 chargés d'affaires, ERP, base de prix de revient.",
        "Étude de faisabilité\nChiffrage et devis\nRevue de contrat\nAccusé de réception",
        "Procédure revue de contrat\nGrille de chiffrage",
        "Taux de transformation des devis : ≥ 30 %\nDélai de réponse aux devis : ≤ 5 jours",
    ),
    (
        "R-CON",
        "operational",
        20,
        "FMR",
        "manager",
        "employee",
        "Conception et industrialisation",
        "Définir les gammes, programmes CN et moyens de contrôle des pièces.",
        "De la commande validée à la première pièce bonne.",
        "Bureau des méthodes (3), CFAO, machine à mesurer tridimensionnelle.",
        "Analyse des plans client\nGammes de fabrication\nProgrammation CN\nPremier article (FAI)",
        "Procédure d'industrialisation\nModèle de gamme\nPlan de surveillance",
        "Premiers articles bons du premier coup : ≥ 90 %",
    ),
    (
        "R-USI",
        "operational",
        30,
        "LYO",
        "manager",
        "employee",
        "Usinage CN",
        "Usiner les pièces conformes aux plans, dans les délais.",
        "Atelier d'usinage de Vénissieux : tournage, fraisage 3 et 5 axes.",
        "12 centres d'usinage, 18 opérateurs régleurs, outillage.",
        "Lancement des ordres de fabrication\nRéglage et usinage\nAutocontrôle\n"
        "Enregistrement des mesures",
        "Instructions de réglage\nFiches d'autocontrôle\n"
        "https://intranet.fmr.example/atelier/usinage",
        "Taux de rebut usinage : < 1,5 %\nTRS des centres 5 axes : ≥ 65 %",
    ),
    (
        "R-SOU",
        "operational",
        40,
        "LYO",
        "manager",
        "employee",
        "Tôlerie et soudure",
        "Assembler les ensembles mécano-soudés selon les modes opératoires qualifiés.",
        "Tôlerie-pliage et soudure MIG/TIG, site de Vénissieux.",
        "6 soudeurs qualifiés (ISO 9606-1), 2 robots de soudage, presse plieuse.",
        "Découpe et pliage\nPointage et soudage\nContrôle visuel et ressuage",
        "DMOS / QMOS\nRegistre des qualifications soudeurs",
        "Non-conformités soudure : < 2 %",
    ),
    (
        "R-PEI",
        "operational",
        50,
        "LYO",
        "manager",
        "",
        "Peinture poudre",
        "Protéger et finir les pièces selon la spécification client.",
        "Ligne de peinture poudre de Vénissieux, du dégraissage à la cuisson.",
        "Ligne de poudrage, four de cuisson, 4 peintres.",
        "Préparation de surface\nPoudrage\nCuisson\nContrôle d'épaisseur et d'adhérence",
        "Fiche de réglage de la ligne\nFDS des poudres",
        "Retouches peinture : < 3 %\nConsommation de gaz par m² peint",
    ),
    (
        "R-TS",
        "operational",
        55,
        "ROA",
        "rblanc",
        "",
        "Traitement de surface (Roanne)",
        "Protéger les pièces contre la corrosion selon la spécification client.",
        "Ligne de zingage électrolytique et de passivation et tunnel de dégraissage de Roanne, "
        "de la réception des pièces à leur assemblage.",
        "Ligne de zingage (9 m³ de bains), station de détoxication, 6 opérateurs.",
        "Dégraissage\nZingage électrolytique\nPassivation\nContrôle d'épaisseur et "
        "brouillard salin\nDétoxication des rinçages",
        "Fiches de conduite des bains\nFDS des produits\nArrêté d'enregistrement ICPE 2565",
        "Épaisseur de zinc conforme : ≥ 98 %\nAnalyses des rejets conformes : 100 %",
    ),
    (
        "R-EXP",
        "operational",
        60,
        "LYO",
        "manager",
        "employee",
        "Logistique et expédition",
        "Livrer au client des pièces conformes, identifiées et protégées, à l'heure.",
        "Du contrôle final à la livraison chez le client.",
        "Magasin expédition, 2 caristes, transporteurs référencés.",
        "Contrôle final et certificat de conformité\nEmballage\nExpédition\nSuivi des livraisons",
        "Procédure d'expédition\nModèle de certificat de conformité",
        "Livraisons à l'heure (OTD) : ≥ 95 %\nRéclamations transport : 0",
    ),
    (
        "S-ACH",
        "support",
        10,
        "FMR",
        "manager",
        "coordinator",
        "Achats et sous-traitance",
        "Fournir matières, outils et prestations conformes au meilleur coût.",
        "Achats de production et frais généraux ; sous-traitance (traitement thermique).",
        "Acheteuse, panel de 40 fournisseurs évalués.",
        "Sélection et évaluation des fournisseurs\nCommandes\nRéception et contrôle",
        "Procédure achats\nGrille d'évaluation fournisseurs",
        "Taux de service fournisseurs : ≥ 92 %\nLitiges qualité fournisseurs : < 1 %",
    ),
    (
        "S-RH",
        "support",
        20,
        "FMR",
        "coordinator",
        "admin",
        "Ressources humaines et formation",
        "Disposer de personnes compétentes, habilitées et en sécurité.",
        "Recrutement, accueil, formation, habilitations, entretiens annuels.",
        "Responsable RH, plan de développement des compétences.",
        "Recrutement et accueil sécurité\nPlan de formation\nSuivi des habilitations",
        "Livret d'accueil\nMatrice des compétences",
        "Plan de formation réalisé : ≥ 90 %\nHabilitations à jour : 100 %",
    ),
    (
        "S-MAI",
        "support",
        30,
        "LYO",
        "manager",
        "employee",
        "Maintenance et infrastructures",
        "Garder les machines et les bâtiments disponibles et sûrs.",
        "Maintenance préventive et curative, vérifications périodiques réglementaires.",
        "3 techniciens de maintenance, GMAO.",
        "Plan de maintenance préventive\nDépannages\nVérifications périodiques",
        "Plan de maintenance\nRegistre des vérifications périodiques",
        "Disponibilité machines : ≥ 95 %\nVérifications réglementaires à jour : 100 %",
    ),
    (
        "S-SI",
        "support",
        40,
        "FMR",
        "admin",
        "",
        "Systèmes d'information",
        "Fournir des outils informatiques fiables et des données protégées.",
        "ERP, réseau, postes de travail, sauvegardes, cybersécurité.",
        "Responsable informatique, infogérance.",
        "Administration de l'ERP\nSauvegardes\nGestion des accès",
        "Charte informatique\nPlan de continuité informatique",
        "Disponibilité de l'ERP : ≥ 99 %",
    ),
]

# process, direction, label, counterpart (a process code, "@" + interested party name, or text)
FLOWS = [
    ("M-STR", "input", "Enjeux et attentes des parties intéressées", "@Actionnaires familiaux"),
    ("M-STR", "input", "Bilan QSE pour la revue de direction", "M-QSE"),
    ("M-STR", "output", "Politique et objectifs QSE", "M-QSE"),
    ("M-STR", "output", "Budget et plan de recrutement", "S-RH"),
    ("M-STR", "output", "Orientations commerciales", "R-VEN"),
    ("M-QSE", "input", "Résultats d'audits et satisfaction client", "M-AUD"),
    ("M-QSE", "output", "Rapport à l'organisme certificateur", "@Organisme certificateur"),
    ("M-AUD", "input", "Taux de service et réclamations", "R-EXP"),
    ("M-AUD", "input", "Avis et réclamations", "@Clients ferroviaires et industriels"),
    ("R-VEN", "input", "Appels d'offres et cahiers des charges", "@Clients aéronautiques"),
    ("R-VEN", "input", "Commandes", "Client"),
    ("R-VEN", "output", "Devis et accusés de réception", "Client"),
    ("R-VEN", "output", "Commande validée (revue de contrat)", "R-CON"),
    ("R-VEN", "output", "Prévisions de charge", "S-ACH"),
    ("R-CON", "output", "Gammes et programmes CN", "R-USI"),
    ("R-CON", "output", "Plans et nomenclatures", "S-ACH"),
    ("R-USI", "input", "Matière, outils coupants", "S-ACH"),
    ("R-USI", "input", "Machines disponibles", "S-MAI"),
    ("R-USI", "input", "Régleurs formés", "S-RH"),
    ("R-USI", "output", "Pièces usinées et mesures", "R-SOU"),
    ("R-USI", "output", "Demandes d'intervention", "S-MAI"),
    ("R-SOU", "input", "Soudeurs qualifiés", "S-RH"),
    ("R-SOU", "output", "Ensembles soudés", "R-PEI"),
    ("R-PEI", "output", "Pièces peintes contrôlées", "R-EXP"),
    ("R-TS", "input", "Produits de traitement et anodes de zinc", "S-ACH"),
    ("R-TS", "output", "Pièces zinguées et passivées", "Assemblage Roanne"),
    ("R-EXP", "output", "Pièces livrées et certificats de conformité", "@Clients aéronautiques"),
    ("R-EXP", "output", "Livraisons à l'heure, retours", "M-AUD"),
    ("S-ACH", "input", "Matières et prestations", "@Fournisseurs d'acier et d'aluminium"),
    ("S-SI", "output", "ERP et données de production", "Tous les processus"),
]


def load(company) -> None:
    """Create the demo processes and their flows as the coordinator would have."""
    units, users = company.units, company.users
    today = timezone.localdate()
    coordinator = users["coordinator"]
    processes: dict[str, Process] = {}
    for index, row in enumerate(PROCESSES):
        code, kind, order, unit, owner, deputy, name, purpose, scope, resources = row[:10]
        activities, documents, kpis = row[10:]
        process = Process(
            code=code,
            process_type=kind,
            map_order=order,
            org_unit=units[unit],
            owner=users[owner],
            deputy=users[deputy] if deputy else None,
            name=name,
            purpose=purpose,
            scope=scope,
            resources=resources,
            activities=activities,
            documents=documents,
            kpis=kpis,
            review_date=today + dt.timedelta(days=(index * 37) % 330 - 20),
        )
        services.record_create(record=process, user=coordinator)
        processes[code] = process
    parties = {p.name: p for p in InterestedParty.objects.filter(archived_at__isnull=True)}
    positions: dict[str, int] = {}
    for code, direction, label, counterpart in FLOWS:
        positions[code] = positions.get(code, 0) + 1
        flow = ProcessFlow(process=processes[code], direction=direction, label=label)
        flow.position = positions[code]
        if counterpart in processes:
            flow.counterpart_process = processes[counterpart]
        elif counterpart.startswith("@") and counterpart[1:] in parties:
            flow.counterpart_party = parties[counterpart[1:]]
        else:
            flow.counterpart_text = counterpart.lstrip("@")
        flow.full_clean()
        flow.save()
