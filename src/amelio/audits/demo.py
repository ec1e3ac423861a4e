"""Demo audits of Forges et Mécanique du Rhône: the approved three-year internal audit
programme (risk-based frequencies, clauses to cover), ten audits carried out over the last
eighteen months with checklists, findings, reports and their follow-up (nonconformities and
improvement actions), one audit prepared for the coming weeks, five planned (the surface
treatment line of Roanne among them), and two checklist templates. Dates are relative to the day the demo is loaded; a fixed seed makes
every demo look the same."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.audits import checklist_builder
from amelio.audits import services as audits
from amelio.audits.models import Audit, AuditProgramme, ChecklistTemplate, Finding
from amelio.core import services
from amelio.core.models import TransitionLog
from amelio.nonconformities import services as nc_services
from amelio.nonconformities.models import Nonconformity
from amelio.processes.models import Process

STANDARDS = {"Q": "ISO 9001:2015", "S": "ISO 45001:2018", "E": "ISO 14001:2015"}
CLAUSES = [
    ("Q", "4.4", "Système de management de la qualité et ses processus"),
    ("Q", "6.1", "Actions à mettre en œuvre face aux risques et opportunités"),
    ("Q", "7.1.5", "Ressources pour la surveillance et la mesure"),
    ("Q", "7.2", "Compétences"),
    ("Q", "7.5", "Informations documentées"),
    ("Q", "8.4", "Maîtrise des processus, produits et services fournis par des prestataires"),
    ("Q", "8.5.1", "Maîtrise de la production et de la prestation de service"),
    ("Q", "8.7", "Maîtrise des éléments de sortie non conformes"),
    ("Q", "9.1", "Surveillance, mesure, analyse et évaluation"),
    ("Q", "9.2", "Audit interne"),
    ("Q", "9.3", "Revue de direction"),
    ("Q", "10.2", "Non-conformité et action corrective"),
    ("S", "6.1.2", "Identification des dangers et évaluation des risques et opportunités"),
    ("S", "8.2", "Préparation et réponse aux situations d'urgence"),
    ("E", "6.1.2", "Aspects environnementaux"),
]
# process, risk level, months between audits, why
LINES = [
    ("M-STR", "low", 36, "Revue de direction annuelle suivie en comité ; peu de changements."),
    ("M-QSE", "medium", 24, "Système intégré stable ; audit croisé (la pilote est auditrice)."),
    ("M-AUD", "medium", 24, "À confier à un auditeur indépendant de la fonction audit."),
    ("R-VEN", "medium", 24, "Revues de contrat tracées ; deux réclamations délais en 2024."),
    ("R-CON", "medium", 24, "Nouveaux clients aéronautiques ; premiers articles bons à 92 %."),
    ("R-USI", "high", 12, "Cœur de métier ; réclamations « cote hors tolérance » récurrentes."),
    ("R-SOU", "high", 12, "Procédé spécial ; qualifications des soudeurs à maintenir."),
    ("R-PEI", "high", 12, "Procédé spécial ; produits chimiques, risque incendie et rejets."),
    ("R-TS", "high", 12, "Procédé spécial ; bains toxiques, rejets et ICPE enregistrée (2565)."),
    ("R-EXP", "medium", 24, "Livraisons à l'heure à 94 % ; peu de réclamations transport."),
    ("S-ACH", "medium", 24, "Fournisseurs d'acier critiques ; litiges qualité en baisse."),
    ("S-RH", "medium", 24, "Habilitations et accueil sécurité à vérifier tous les deux ans."),
    ("S-MAI", "medium", 24, "Vérifications périodiques réglementaires ; disponibilité machines."),
    ("S-SI", "low", 36, "Peu d'effet direct sur la conformité des produits ; ERP stable."),
]
# People met who have no account, by audited process (or "supplier").
OTHERS = {
    "R-USI": "Sébastien Roux, chef d'équipe usinage\nNadia Haddad, régleuse CN",
    "R-SOU": "Paul Girard, chef d'atelier soudure\nLucas Moreau, soudeur qualifié",
    "R-PEI": "Isabelle Fournier, cheffe d'équipe peinture",
    "R-TS": "Anne Vidal, cheffe d'équipe TS\nInès Lefebvre, opératrice traitement de surface",
    "R-EXP": "Thomas Lambert, responsable logistique",
    "R-VEN": "Olivier Blanc, chargé d'affaires",
    "R-CON": "Hugo Petit, technicien méthodes",
    "S-ACH": "Émilie Garnier, acheteuse",
    "S-RH": "Nathalie Chevalier, responsable des ressources humaines",
    "S-MAI": "Franck Mercier, technicien de maintenance",
    "M-STR": "Michel Roche, responsable du site de Roanne\nAnne Vidal, cheffe d'équipe TS",
    "supplier": "Marc Perrin, responsable qualité d'Aciéries du Forez\nJulie Faure, laborantine",
}
# A finding: grade, process code ("" = the audit's only one), requirement, title, finding,
# evidence, and for a nonconformity its root cause and corrective action.
# An audit: days from today, days long, type, unit, processes, clauses, coordinator in the
# team, title, findings. The product audit follows the customer's specification (PRODUCT).
AUDITS = [
    (-560, 2, "process", "LYO", "R-USI", "Q7.1.5 Q8.5.1", True, "Audit du processus Usinage CN", [
        ("minor", "", "ISO 9001:2015 §7.1.5", "Micromètre en service sans étalonnage valide", "Un micromètre utilisé pour l'autocontrôle n'a pas de preuve d'étalonnage valide.", "Micromètre MIC-118 au poste DMU 5 axes : étiquette échue en mars, absent du registre de métrologie.", ("Les instruments personnels des régleurs ne sont pas inscrits au registre", "Inventorier les instruments de l'atelier et les intégrer au planning d'étalonnage")),
        ("observation", "", "ISO 9001:2015 §8.5.1", "Instructions de réglage annotées à la main", "Des instructions de réglage portent des annotations manuscrites non validées par les méthodes.", "IR-USI-042 et IR-USI-057 : vitesses de coupe corrigées au stylo.", None),
        ("strength", "", "ISO 9001:2015 §9.1", "Suivi visuel du TRS", "Le TRS des centres 5 axes est affiché chaque jour et commenté au point d'équipe de 8 h.", "", None)]),
    (-525, 1, "process", "FMR", "S-RH S-SI", "Q7.2 Q7.5", False, "Audit des processus RH et systèmes d'information", [
        ("improvement", "S-RH", "ISO 9001:2015 §7.2", "Relier la matrice des compétences au plan de formation", "Les écarts de compétences de la matrice ne déclenchent pas de formation : deux fichiers sont tenus séparément.", "", None),
        ("observation", "S-SI", "ISO 9001:2015 §7.5", "Restauration des sauvegardes jamais testée", "Les sauvegardes de l'ERP sont faites chaque nuit ; aucun test de restauration n'est enregistré.", "Journal de l'infogérant consulté sur 12 mois.", None),
        ("strength", "S-RH", "ISO 45001:2018 §7.2", "Accueil sécurité des intérimaires", "Livret d'accueil et quiz sécurité pour chaque intérimaire, le premier jour.", "", None)]),
    (-490, 1, "supplier", "LYO", "S-ACH", "Q8.4", False, "Audit fournisseur — Aciéries du Forez", [
        ("minor", "", "ISO 9001:2015 §8.4.3", "Certificats matière 3.1 incomplets", "Les certificats EN 10204 3.1 de deux coulées ne mentionnent pas les essais de résilience exigés par la commande.", "Coulées 24-5518 et 24-5531, commandes CDE-24512 et CDE-24560.", ("Les exigences de la commande ne sont pas reprises dans la fiche de lancement du laboratoire", "Faire reprendre les exigences de commande par le fournisseur et contrôler les certificats à réception")),
        ("observation", "", "ISO 9001:2015 §8.5.2", "Racks de barres sans étiquette de coulée", "Les barres sont rangées par nuance ; trois racks n'ont pas d'étiquette de coulée.", "", None),
        ("strength", "", "ISO 9001:2015 §8.5.2", "Traçabilité coulée-lot informatisée", "Chaque barre est reliée à sa coulée dans l'ERP du fournisseur, retrouvée en moins d'une minute.", "", None)]),
    (-450, 2, "process", "LYO", "R-SOU", "Q7.2 Q8.5.1 S6.1.2", True, "Audit du processus Tôlerie et soudure", [
        ("major", "", "ISO 9001:2015 §7.2 ; NF EN ISO 9606-1", "Soudeur sans qualification valide sur châssis ferroviaires", "Un soudeur soude des châssis CH-3 alors que sa qualification ISO 9606-1 a expiré depuis quatre mois.", "Registre : qualification Q-SOU-07 échue ; OF 25-1187 et 25-1203 soudés par ce soudeur.", ("Le registre des qualifications n'alerte pas avant l'échéance", "Alerter 60 jours avant l'échéance des qualifications et bloquer l'affectation au poste")),
        ("improvement", "", "ISO 45001:2018 §6.1.2", "Généraliser les torches aspirantes", "Quatre postes sur six ont une torche aspirante ; l'équiper partout réduirait l'exposition aux fumées.", "", None),
        ("strength", "", "ISO 9001:2015 §8.5.1", "Modes opératoires affichés aux robots", "Les DMOS en vigueur sont affichés aux deux cellules robotisées et connus des opérateurs.", "", None)]),
    (-415, 2, "system", "ROA", "M-STR", "Q4.4 Q6.1 Q9.3 S6.1.2 S8.2 E6.1.2", False, "Audit système QSE — site de Roanne", [
        ("minor", "", "ISO 14001:2015 §6.1.2", "Produits de traitement de surface stockés sans rétention", "Deux fûts d'acide phosphorique sont stockés hors rétention près du bain de phosphatation.", "Constat en atelier TS ; l'analyse environnementale ne cite pas ce bain.", ("L'analyse environnementale n'a pas été revue à l'ajout du bain de phosphatation", "Installer une rétention et mettre à jour l'analyse environnementale de Roanne")),
        ("observation", "", "ISO 45001:2018 §8.2", "Pas d'exercice d'évacuation cette année", "Le dernier exercice d'évacuation de Roanne date de plus de quinze mois.", "", None),
        ("improvement", "", "ISO 9001:2015 §9.3", "Indicateurs de Roanne en revue de direction", "La revue de direction ne présente que les indicateurs de Vénissieux ; y ajouter ceux de Roanne.", "", None),
        ("strength", "", "ISO 9001:2015 §10.3", "Idées d'amélioration des opérateurs", "L'équipe assemblage a proposé et réalisé douze améliorations dans l'année.", "", None)]),
    (-380, 1, "process", "LYO", "R-VEN R-CON", "Q6.1 Q7.5", False, "Audit des processus Ventes et Industrialisation", [
        ("observation", "R-VEN", "ISO 9001:2015 §8.2.3", "Revue de contrat non signée sur deux commandes urgentes", "Deux commandes urgentes ont été lancées avant la signature de la revue de contrat.", "CDE-25114 et CDE-25131.", None),
        ("improvement", "R-CON", "ISO 9001:2015 §6.1", "Analyse de risques dès le chiffrage", "Une AMDEC processus dès le chiffrage des pièces aéronautiques anticiperait les difficultés.", "", None),
        ("strength", "R-CON", "ISO 9001:2015 §7.5", "Programmes CN sous gestion de version", "Gammes et programmes CN sont versionnés ; seule la dernière version est accessible aux machines.", "", None)]),
    (-350, 2, "process", "LYO", "R-PEI R-EXP", "Q8.5.1 Q8.7 E6.1.2", True, "Audit des processus Peinture poudre et Expédition", [
        ("minor", "R-EXP", "ISO 9001:2015 §8.7", "Pièces non conformes non identifiées en expédition", "Un lot de carters en attente de retouche est en zone d'expédition sans étiquette ni fiche de non-conformité.", "Lot de 12 carters K-5 vu en zone expédition le deuxième jour.", ("La zone de quarantaine est saturée et le poste de retouche n'a pas d'étiquettes", "Créer une zone de quarantaine à l'expédition et équiper le poste de retouche")),
        ("observation", "R-PEI", "ISO 14001:2015 §6.1.2", "Consommation de gaz suivie sans objectif", "La consommation de gaz du four est relevée chaque mois mais sans objectif ni analyse.", "", None),
        ("strength", "R-EXP", "ISO 9001:2015 §8.6", "Certificats de conformité édités par l'ERP", "Les certificats de conformité sont édités depuis l'ERP avec les résultats du contrôle final.", "", None)]),
    (-280, 1, "process", "LYO", "S-MAI", "S6.1.2 S8.2", True, "Audit du processus Maintenance et infrastructures", [
        ("minor", "", "Code du travail, art. R. 4323-23", "Vérification périodique du pont roulant en retard", "La vérification générale périodique du pont roulant 5 t du bâtiment B est dépassée de sept semaines.", "Registre de sécurité : pas de rapport après la vérification de juin.", ("Les vérifications réglementaires sont suivies dans un tableur non partagé", "Suivre les vérifications réglementaires dans la GMAO avec alertes")),
        ("observation", "", "ISO 9001:2015 §7.1.3", "Maintenance préventive réalisée à 88 %", "Le plan de maintenance préventive est réalisé à 88 % pour un objectif de 95 %.", "", None),
        ("improvement", "", "ISO 9001:2015 §10.3", "Pareto des pannes récurrentes", "Exploiter l'historique de la GMAO pour traiter les pannes récurrentes des centres 5 axes.", "", None)]),
    (-200, 1, "product", "LYO", "R-SOU R-PEI", "Q7.1.5 Q8.5.1 Q8.7", True, "Audit produit — carter K-5 (exigences Aérostructures Ligériennes)", [
        ("minor", "R-PEI", "Spécification client ASP-12 §4.3", "Épaisseur de peinture non enregistrée pour chaque lot", "L'épaisseur de peinture est mesurée mais n'est pas enregistrée pour 3 des 10 lots échantillonnés.", "Lots L2605-12, L2605-19 et L2605-27 : aucun relevé sur la fiche de contrôle.", ("La fiche de contrôle de l'équipe de nuit n'a pas de case pour les relevés d'épaisseur", "Ajouter les relevés d'épaisseur à la fiche de contrôle et au dossier de lot")),
        ("observation", "R-SOU", "ISO 9001:2015 §8.5.1", "Critères d'acceptation des soudures non affichés", "Les critères d'acceptation visuelle des soudures figurent au plan qualité mais ne sont pas affichés au poste.", "", None),
        ("strength", "R-SOU", "ISO 9001:2015 §8.6", "Inspection premier article complète", "Le rapport d'inspection premier article (FAI) est complet, signé et relié à l'indice du plan.", "", None)]),
    (-25, 2, "process", "LYO", "R-USI", "Q7.1.5 Q8.5.1 Q10.2", True, "Audit du processus Usinage CN", [
        ("minor", "", "ISO 9001:2015 §10.2", "Récurrence des cotes hors tolérance non traitée", "Les non-conformités « cote hors tolérance » se répètent sur la bride B-12 sans action dont l'efficacité soit vérifiée.", "Six fiches en douze mois sur le même défaut.", ("Les fiches sont traitées une à une, sans analyse des récurrences", "Analyser les récurrences du défaut et paramétrer une alerte d'usure outil")),
        ("observation", "", "ISO 9001:2015 §8.5.1", "Durée de vie des outils non paramétrée", "Deux centres d'usinage n'ont pas de compteur de durée de vie des outils.", "", None),
        ("strength", "", "ISO 9001:2015 §7.1.5", "Métrologie de l'atelier maîtrisée", "Tous les instruments vus sont identifiés et étalonnés : l'écart de l'audit précédent est soldé.", "", None)]),
    (14, 1, "process", "LYO", "R-SOU", "Q7.2 S6.1.2", True, "Audit de suivi du processus Tôlerie et soudure", []),
    (45, 2, "process", "LYO", "R-USI", "Q7.1.5 Q8.5.1", True, "Audit du processus Usinage CN", []),
    (80, 1, "process", "FMR", "M-QSE M-AUD", "Q9.1 Q9.2 Q10.2", False, "Audit croisé — Management QSE et audits", []),
    (115, 2, "process", "LYO", "R-SOU R-PEI", "S8.2 E6.1.2", True, "Audit des processus Tôlerie-soudure et Peinture", []),
    (135, 1, "process", "ROA", "R-TS", "Q8.5.1 S8.2 E6.1.2", False, "Audit du processus Traitement de surface — Roanne", []),
    (160, 1, "process", "LYO", "S-ACH R-EXP", "Q8.4", False, "Audit des processus Achats et Logistique", []),
]  # fmt: skip
TEXTS: dict[str, dict[str, Any]] = {
    "fr": {
        "scope": "Processus audités : {names}. Périmètre : {unit}.",
        "objectives": "Évaluer la conformité et l'efficacité des processus audités, la maîtrise "
        "de leurs risques et le suivi des actions des audits précédents.",
        "criteria": "{standards}\nExigences légales applicables\nProcédures internes FMR",
        "opening": "Présentation de l'équipe, du périmètre, du plan et des règles de "
        "confidentialité ; guides désignés.",
        "closing": "Constats présentés et acceptés. Réponse attendue sous 30 jours (écart "
        "majeur) ou 60 jours (écart mineur).",
        "summary": "{items} questions examinées. Constats : {nc} écart(s), {obs} "
        "observation(s), {imp} piste(s) de progrès, {strong} point(s) fort(s).",
        "effective": "Processus maîtrisé : résultats atteints, pratiques conformes.",
        "reservations": "Processus efficace avec réserves : écarts ponctuels à traiter.",
        "not_effective": "Un écart majeur met en cause la conformité des produits.",
        "conclusion": "{verdict} Les écarts sont suivis dans Amelio jusqu'à leur clôture.",
        "why": "Pourquoi l'écart s'est-il produit ?",
        "notes": [
            "Enregistrements des trois derniers mois vérifiés par sondage (12 OF).",
            "Entretien avec le chef d'équipe ; pratique conforme à l'instruction.",
            "Indicateur suivi chaque mois, affiché en atelier, sur objectif.",
            "Habilitations vérifiées sur la matrice des compétences : à jour.",
            "Document en vigueur (rév. C) disponible au poste.",
            "Certificats d'étalonnage présents et valides.",
        ],
        "short": ["RAS.", "Conforme, vu sur site.", "Vu par sondage."],
        "na": "Sans objet sur le périmètre audité.",
    },
    "product": {
        "scope": "Produit carter K-5, à travers les processus {names}. Périmètre : {unit}.",
        "objectives": "Vérifier que les carters K-5 satisfont au plan et aux exigences "
        "d'Aérostructures Ligériennes à chaque étape, et que les enregistrements le prouvent.",
        "criteria": "{standards}\nSpécification client ASP-12\nPlan qualité FMR",
        "opening": "Équipe, périmètre, plan et confidentialité présentés ; guides désignés.",
        "closing": "Constats présentés et acceptés ; réponse attendue sous 60 jours.",
        "summary": "{items} questions examinées. Constats : {nc} écart(s), {obs} "
        "observation(s), {imp} piste(s) de progrès, {strong} point(s) fort(s).",
        "effective": "Le produit est maîtrisé.",
        "reservations": "Efficace avec réserves : des enregistrements à compléter.",
        "not_effective": "Un écart majeur met en cause la conformité du produit.",
        "conclusion": "Le produit satisfait aux exigences ; les enregistrements sont à compléter.",
        "why": "Pourquoi l'écart s'est-il produit ?",
        "notes": [
            "Dix lots échantillonnés, enregistrements complets.",
            "Vu sur la ligne, conforme.",
        ],
        "short": ["RAS.", "Vu sur site."],
        "na": "Sans objet sur le périmètre audité.",
    },
}
FIVE_S = [
    ("Trier", "Seuls les outils et matières utiles à la production en cours sont-ils au poste ?", "Chercher ce qui n'a pas servi depuis une semaine.", "Poste dégagé, zone d'étiquettes rouges utilisée.", "5S"),
    ("Ranger", "Chaque outil a-t-il un emplacement identifié et y est-il rangé ?", "Tableaux d'ombres, marquage au sol des chariots.", "Emplacements marqués, aucun outil hors place.", "5S"),
    ("Nettoyer", "Le poste et la machine sont-ils propres, sans fuite ni copeaux accumulés ?", "Regarder sous la machine et dans les bacs.", "Planning de nettoyage renseigné.", "5S"),
    ("Standardiser", "Les standards du poste (instruction, photo de référence) sont-ils affichés et à jour ?", "Comparer l'indice affiché et celui de la GED.", "Instruction en vigueur au poste.", "5S"),
    ("Maintenir", "Le dernier audit 5S du poste a-t-il été fait et ses actions soldées ?", "", "Grille du dernier audit, actions closes.", "5S"),
    ("Sécurité", "Les EPI requis sont-ils disponibles, en bon état et portés ?", "Lunettes, gants anti-coupure, protections auditives.", "Affiche EPI au poste, EPI portés.", "ISO 45001:2018 §8.1.2"),
    ("Sécurité", "Les protecteurs et arrêts d'urgence sont-ils en place et fonctionnels ?", "Faire tester l'arrêt d'urgence par l'opérateur.", "Test réalisé, carter fermé en cycle.", "ISO 45001:2018 §8.1.2"),
    ("Sécurité", "Les allées et issues de secours sont-elles dégagées et marquées ?", "", "Marquage au sol net, extincteur accessible.", "ISO 45001:2018 §8.2"),
]  # fmt: skip


def _weekday(day: dt.date) -> dt.date:
    """The day itself, or the next Monday for a weekend."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """That day at that time, never in the future."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    return min(moment, timezone.now())


def _date_logs(record, begin: dt.date, offsets: list[int]) -> dt.date:
    """Date the transitions of `record`, in order, these days after `begin`; the last day."""
    kind = ContentType.objects.get_for_model(type(record))
    logs = TransitionLog.objects.filter(content_type=kind, object_id=record.pk).order_by("id")
    day = begin
    for log, offset in zip(logs, offsets, strict=False):
        day = begin + dt.timedelta(days=offset)
        TransitionLog.objects.filter(pk=log.pk).update(created_at=_at(day, 10))
    return day


def _programme(company, processes, first_year: int) -> AuditProgramme:
    """The programme with its processes and clauses, approved in the December before."""
    coordinator = company.users["coordinator"]
    programme = AuditProgramme(
        title=f"Programme d'audits internes {first_year}-{first_year + 2}",
        start_year=first_year,
        end_year=first_year + 2,
        org_unit=company.units["FMR"],
        owner=coordinator,
        objectives="Vérifier la conformité et l'efficacité du système intégré QSE\n"
        "Préparer le renouvellement de la certification ISO 9001 et l'extension ISO 45001\n"
        "Évaluer les fournisseurs critiques",
        scope="Les deux sites (Vénissieux et Roanne), tous les processus de la cartographie "
        "et les fournisseurs critiques d'acier.",
        criteria="ISO 9001:2015\nISO 14001:2015\nISO 45001:2018\nExigences légales et "
        "réglementaires applicables\nProcédures internes FMR et exigences des clients",
    )
    services.record_create(record=programme, user=coordinator)
    lines = [(processes[code], *rest) for code, *rest in LINES]
    audits.programme_processes_save(programme=programme, user=coordinator, lines=lines)
    clauses = [(STANDARDS[s], clause, title) for s, clause, title in CLAUSES]
    audits.programme_clauses_save(programme=programme, user=coordinator, clauses=clauses)
    services.record_transition(record=programme, user=coordinator, name="approve")
    created = dt.date(first_year - 1, 12, 1)
    AuditProgramme.objects.filter(pk=programme.pk).update(created_at=_at(created, 9))
    _date_logs(programme, created, [17])
    return programme


def _templates(company, processes) -> None:
    """A free 5S and safety workstation checklist, and one drawn from a process sheet."""
    coordinator, welding = company.users["coordinator"], processes["R-SOU"]
    five_s = ChecklistTemplate(
        title="Audit de poste — 5S et sécurité",
        description="Visite de poste de 30 minutes avec l'opérateur, en production.",
        org_unit=company.units["LYO"],
    )
    sheet = ChecklistTemplate(
        title=f"Audit du processus {welding.name} (fiche processus)",
        description=f"Questions tirées de la fiche du processus {welding.code}.",
        process=welding,
        org_unit=welding.org_unit,
    )
    rows = [dict(zip(checklist_builder.QUESTION_FIELDS, row, strict=True)) for row in FIVE_S]
    for template, questions in ((five_s, rows), (sheet, checklist_builder.from_process(welding))):
        services.record_create(record=template, user=coordinator)
        audits.template_questions_save(template=template, user=coordinator, rows=questions)


def _audit(rng, company, programme, processes, today, spec) -> None:
    """Create one audit and take it as far along its workflow as its dates call for."""
    offset, days, kind, unit, codes, clause_codes, with_team, title, findings = spec
    users, org_unit = company.users, company.units[unit]
    language = "fr"
    texts = TEXTS["product" if kind == "product" else "fr"]
    start = _weekday(today + dt.timedelta(days=offset))
    end = _weekday(start + dt.timedelta(days=days - 1))
    audited = [processes[code] for code in codes.split()]
    wanted = {(STANDARDS[c[0]], c[1:]) for c in clause_codes.split()}
    clauses = [c for c in programme.clauses.all() if (c.standard, c.clause) in wanted]
    # The coordinator and the auditor run the QSE and audit processes: the IT manager audits.
    lead = users["admin"] if "M-QSE" in codes else users["auditor"]
    team = [users["coordinator"]] if with_team else []
    problems = audits.independence_problems(lead=lead, team=team, processes=audited)
    if problems:
        raise ValueError(problems[0])
    owners = list(dict.fromkeys(p.owner for p in audited if p.owner not in (lead, *team)))
    auditees = [] if kind == "supplier" else list(owners)
    if unit == "LYO" and kind != "supplier":
        auditees.append(users["employee"])  # the setter who guides the auditors in the shop
    others = OTHERS.get("supplier" if kind == "supplier" else audited[0].code, "")
    audit = Audit(
        title=title,
        audit_type=kind,
        programme=programme,
        org_unit=org_unit,
        third_party="Aciéries du Forez" if kind == "supplier" else "",
        scope=texts["scope"].format(names=", ".join(p.name for p in audited), unit=org_unit.name),
        objectives=texts["objectives"],
        criteria=texts["criteria"].format(standards="\n".join(sorted({s for s, _ in wanted}))),
        planned_start=start,
        planned_end=end,
        duration_hours=Decimal(7 * days),
        lead_auditor=lead,
        other_auditees=others,
        distribution="\n".join(
            [f"{u.get_full_name()}, {u.job_title}" for u in owners] + ["Comité de direction"]
        ),
        report_language=language,
    )

    def m2m() -> None:
        audit.processes.set(audited)
        audit.clauses.set(clauses)
        audit.team.set(team)
        audit.auditees.set(auditees)

    services.record_create(record=audit, user=users["coordinator"], m2m_save=m2m)
    Audit.objects.filter(pk=audit.pk).update(created_at=_at(start - dt.timedelta(days=70), 9))
    if offset > 30:
        return
    services.record_transition(record=audit, user=users["coordinator"], name="prepare")
    with translation.override(language):
        audits.checklist_build(audit=audit, user=lead, from_processes=True, from_clauses=True)
    if offset < 0:
        services.record_transition(record=audit, user=lead, name="start")
        people = "\n".join([*(u.get_full_name() for u in [lead, *team, *auditees]), others])
        _carry_out(rng, audit, lead, findings, texts, people.strip())
        services.record_transition(record=audit, user=lead, name="report")
    if offset < -60:
        services.record_transition(record=audit, user=users["coordinator"], name="sign_off")
        Audit.objects.filter(pk=audit.pk).update(signed_off_on=end + dt.timedelta(days=12))
    length = (end - start).days
    _date_logs(audit, start, [-15, 0, length + 4, length + 12])
    if offset < 0:
        _follow_up(audit, findings, users, today, texts)


def _carry_out(rng, audit, lead, findings, texts, people: str) -> None:
    """Answer every question, record the findings on the questions they come from, and
    write the meetings and the report."""
    items = list(audit.checklist.order_by("position"))
    used: set[int] = set()
    counts = Counter(finding[0] for finding in findings)
    answers = {"major": "nonconform", "minor": "nonconform", "strength": "conform"}
    for grade, code, requirement, title, description, evidence, _fix in findings:
        clause = requirement.split("§")[-1].split(" ")[0]
        free = [i for i in items if i.pk not in used]
        item = next((i for i in free if i.requirement.endswith(f"§{clause}")), None)
        item = item or rng.choice(free)
        used.add(item.pk)
        answer = answers.get(grade, "observation")
        audits.checklist_answer(item=item, user=lead, answer=answer, notes=evidence or description)
        values = {
            "grade": grade,
            "title": title,
            "requirement": requirement,
            "description": description,
            "evidence": evidence,
            "process": audit.processes.get(code=code) if code else None,
        }
        audits.finding_add(audit=audit, user=lead, values=values, item=item)
    for item in items:
        if item.pk not in used:
            answer = rng.choices(["conform", "na"], [9, 1])[0]
            pool = texts["notes"] if rng.random() < 0.4 else texts["short"]
            notes = texts["na"] if answer == "na" else rng.choice(pool)
            audits.checklist_answer(item=item, user=lead, answer=answer, notes=notes)
    start, end = audit.planned_start, audit.planned_end
    audit.checklist.update(answered_at=_at(end, 12))
    Finding.objects.filter(audit=audit).update(created_at=_at(end, 15))
    verdict = "not_effective" if counts["major"] else "reservations" if counts["minor"] else ""
    verdict = verdict or "effective"
    summary = texts["summary"].format(
        items=len(items),
        nc=counts["major"] + counts["minor"],
        obs=counts["observation"],
        imp=counts["improvement"],
        strong=counts["strength"],
    )
    values = {
        "opening_at": _at(start, 8, 30),
        "opening_attendees": people,
        "opening_notes": texts["opening"],
        "closing_at": _at(end, 16, 30),
        "closing_attendees": people,
        "closing_notes": texts["closing"],
        "summary": summary,
        "effectiveness": verdict,
        "maturity": texts[verdict],
        "conclusion": texts["conclusion"].format(verdict=texts[verdict]),
    }
    audits.conduct_save(audit=audit, user=lead, values=values, expected_version=None)


def _follow_up(audit, findings, users, today, texts) -> None:
    """Walk what the findings raised: nonconformities closed after eight months, under way
    after four; improvement actions verified after ten months, under way after seven."""
    age = (today - audit.planned_start).days
    closing = _at(audit.planned_end, 15)
    fixes = {finding[3]: finding[6] for finding in findings}
    finding_type = ContentType.objects.get_for_model(Finding)
    for finding in audit.findings.select_related("nonconformity"):
        nc = finding.nonconformity
        if nc is not None:
            Nonconformity.objects.filter(pk=nc.pk).update(created_at=closing)
            if age > 120:
                _walk_nc(nc, fixes[finding.title], users, texts, close=age > 240)
            continue
        raised = Action.objects.filter(
            links__content_type=finding_type, links__object_id=finding.pk
        )
        raised.update(
            created_at=closing,
            verifier=users["auditor"],
            effectiveness_criterion="Amélioration constatée lors de l'audit suivant",
        )
        for action in raised:
            if age > 200:
                _walk_action(action, audit.planned_end, [30, 60, 90] if age > 300 else [30])


def _walk_nc(nc, fix, users, texts, close: bool) -> None:
    """Analyse the nonconformity and answer it with a corrective action; when `close`, the
    action is done and verified and the nonconformity closed."""
    coordinator = users["coordinator"]
    why, remedy = fix
    for step in ("qualify", "analyse"):
        services.record_transition(record=nc, user=coordinator, name=step)
    nc_services.whys_save(nc=nc, user=coordinator, steps=[(texts["why"], why)])
    services.record_transition(record=nc, user=coordinator, name="plan")
    action = Action(
        title=remedy,
        org_unit=nc.org_unit,
        action_type="corrective",
        owner=nc.owner,
        verifier=users["auditor"],
        start_date=nc.detected_on + dt.timedelta(days=18),
        due_date=nc.detected_on + dt.timedelta(days=60),
        effectiveness_criterion="Aucun nouvel écart au prochain audit du processus",
    )
    services.record_create(record=action, user=coordinator)
    planned = _at(nc.detected_on + dt.timedelta(days=12), 11)
    Action.objects.filter(pk=action.pk).update(created_at=planned)
    action_link(action=action, record=nc, user=coordinator)
    services.record_transition(record=nc, user=coordinator, name="start")
    _walk_action(action, nc.detected_on, [20, 45, 64] if close else [20])
    if close:
        services.record_transition(record=nc, user=coordinator, name="check")
        services.record_transition(record=nc, user=coordinator, name="close")
    last = _date_logs(nc, nc.detected_on, [2, 5, 12, 18, 70, 80])
    Nonconformity.objects.filter(pk=nc.pk, status="closed").update(closed_on=last)


def _walk_action(action, begin: dt.date, offsets: list[int]) -> None:
    """Start the action (its owner) and, given three dates, complete it and have its
    verifier check it; dated these days after `begin`."""
    action.refresh_from_db()
    steps = ["start", "complete", "verify"][: len(offsets)]
    for step in steps:
        user = action.verifier if step == "verify" else action.owner
        comment = "Efficace : vérifié lors du suivi." if step == "verify" else ""
        services.record_transition(record=action, user=user, name=step, comment=comment)
    _date_logs(action, begin, offsets)
    if len(offsets) == 3:
        done, verified = (begin + dt.timedelta(days=n) for n in offsets[1:])
        Action.objects.filter(pk=action.pk).update(done_on=done, verified_on=verified)


def load(company) -> None:
    """Create the demo audit programme, checklist templates and audits (after the processes,
    actions and nonconformities)."""
    rng = random.Random(19011)
    today = timezone.localdate()
    processes = {p.code: p for p in Process.objects.all()}
    first_year = _weekday(today + dt.timedelta(days=AUDITS[0][0])).year
    with translation.override("fr"):
        programme = _programme(company, processes, first_year)
        _templates(company, processes)
        for spec in AUDITS:
            _audit(rng, company, programme, processes, today, spec)
