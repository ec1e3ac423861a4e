"""Demo FMEA of Forges et Mécanique du Rhône: the process FMEA of the CNC machining of the
Ø 25 flange shaft (bar reception to packing, 30 lines), rated on the shipped AMDEC-SOD scales.
Seven lines under the action rules carry preventive actions; the four whose actions are done
were re-rated. Every date is counted from the day the demo is loaded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.core import services as core
from amelio.processes.models import Process
from amelio.riskanalysis.models import Fmea, FmeaLine
from amelio.scoring.models import ScoringMatrix

# step, function, failure mode, effect, S, class, cause, prevention, O, detection, D
LINES = [
    (
        "Op. 10 Réception des barres",
        "Recevoir l'acier 42CrMo4 conforme à la commande",
        "Nuance d'acier erronée",
        "Rupture de l'arbre en service chez le client",
        10,
        "CC",
        "Erreur de marquage du fournisseur",
        "Certificat 3.1 exigé à la commande",
        2,
        "Contrôle du certificat à réception",
        5,
    ),
    (
        "Op. 10 Réception des barres",
        "Recevoir l'acier 42CrMo4 conforme à la commande",
        "Diamètre de barre hors tolérance",
        "Surépaisseur insuffisante, pièce rebutée",
        5,
        "",
        "Tolérance de laminage du fournisseur",
        "Spécification d'achat Ø 32 +0,5/0",
        2,
        "Contrôle au pied à coulisse par lot",
        3,
    ),
    (
        "Op. 10 Réception des barres",
        "Identifier et stocker les barres par coulée",
        "Mélange de coulées au stockage",
        "Perte de traçabilité, rappel élargi",
        6,
        "",
        "Rack non identifié",
        "Emplacements étiquetés par coulée",
        3,
        "Inventaire mensuel",
        6,
    ),
    (
        "Op. 20 Sciage",
        "Débiter à 182 ± 0,5 mm",
        "Longueur de lopin trop courte",
        "Pièce rebutée à l'usinage",
        4,
        "",
        "Butée de scie déréglée",
        "Réglage au début de chaque lot",
        4,
        "Contrôle de la première pièce",
        3,
    ),
    (
        "Op. 20 Sciage",
        "Débiter à 182 ± 0,5 mm",
        "Coupe non perpendiculaire",
        "Prise de pièce instable au tour, vibrations",
        4,
        "",
        "Lame usée",
        "Remplacement de lame toutes les 800 coupes",
        3,
        "Contrôle visuel de l'opérateur",
        6,
    ),
    (
        "Op. 30 Tournage ébauche",
        "Ébaucher les diamètres avec 0,3 mm de surépaisseur",
        "Surépaisseur insuffisante",
        "Reprise impossible en finition, rebut",
        5,
        "",
        "Jauge d'outil erronée après changement",
        "Préréglage des outils sur banc",
        3,
        "Mesure de la première pièce après changement d'outil",
        4,
    ),
    (
        "Op. 30 Tournage ébauche",
        "Ébaucher les diamètres avec 0,3 mm de surépaisseur",
        "Arrachement de matière",
        "Défaut d'aspect visible après finition",
        3,
        "",
        "Vitesse de coupe inadaptée",
        "Conditions de coupe au programme validé",
        3,
        "Contrôle visuel",
        5,
    ),
    (
        "Op. 40 Tournage finition",
        "Tourner le Ø 25 h7 de portée de roulement",
        "Diamètre Ø 25 h7 hors tolérance",
        "Montage du roulement impossible ou jeu excessif chez le client",
        8,
        "SC",
        "Usure de la plaquette de finition",
        "Changement de plaquette toutes les 400 pièces",
        5,
        "Contrôle au micromètre 1 pièce sur 20",
        5,
    ),
    (
        "Op. 40 Tournage finition",
        "Tourner le Ø 25 h7 de portée de roulement",
        "Rugosité Ra > 0,8 µm",
        "Usure prématurée du roulement",
        7,
        "SC",
        "Rayon de bec de plaquette inadapté",
        "Plaquette définie dans la gamme",
        4,
        "Rugosimètre 1 pièce par lot",
        6,
    ),
    (
        "Op. 40 Tournage finition",
        "Respecter la cote d'épaulement 48 ± 0,05 mm",
        "Cote d'épaulement hors tolérance",
        "Positionnement axial du roulement faux",
        7,
        "",
        "Dérive thermique de la machine en début de poste",
        "Préchauffage broche 15 min",
        4,
        "Contrôle de la première pièce de chaque poste",
        4,
    ),
    (
        "Op. 40 Tournage finition",
        "Réaliser le chanfrein 1 × 45°",
        "Chanfrein absent",
        "Blessure du joint à lèvre au montage",
        6,
        "",
        "Outil cassé non détecté",
        "Surveillance de charge broche",
        2,
        "Contrôle visuel à 100 %",
        7,
    ),
    (
        "Op. 50 Fraisage rainure",
        "Fraiser la rainure de clavette 8 N9",
        "Largeur de rainure hors tolérance",
        "Clavette serrée ou montée avec jeu",
        7,
        "",
        "Fraise usée",
        "Durée de vie de la fraise au compteur",
        3,
        "Tampon entre / n'entre pas 1 pièce sur 10",
        3,
    ),
    (
        "Op. 50 Fraisage rainure",
        "Positionner la rainure à 0° ± 0,1° du méplat",
        "Rainure décalée angulairement",
        "Assemblage impossible avec le moyeu",
        8,
        "",
        "Pièce mal bridée dans le montage",
        "Montage avec détrompeur",
        2,
        "Contrôle sur marbre 1 pièce par lot",
        6,
    ),
    (
        "Op. 60 Perçage",
        "Percer et tarauder M8 en bout d'arbre",
        "Taraudage incomplet",
        "Vis de blocage non serrable chez le client",
        7,
        "",
        "Trou pas assez profond, copeaux au fond",
        "Cycle de perçage débourrage",
        4,
        "Tampon fileté 1 pièce sur 20",
        5,
    ),
    (
        "Op. 60 Perçage",
        "Percer et tarauder M8 en bout d'arbre",
        "Taraud cassé dans la pièce",
        "Pièce rebutée, arrêt machine",
        4,
        "",
        "Taraud usé, lubrification insuffisante",
        "Taraud changé toutes les 1 500 pièces",
        3,
        "Détection de couple sur la broche",
        2,
    ),
    (
        "Op. 70 Traitement thermique (sous-traité)",
        "Tremper et revenir à 28-32 HRC",
        "Dureté insuffisante",
        "Déformation de l'arbre sous charge, rupture",
        9,
        "CC",
        "Cycle de four non respecté chez le sous-traitant",
        "Sous-traitant évalué, enregistrement du four exigé",
        3,
        "PV de dureté par lot du sous-traitant",
        5,
    ),
    (
        "Op. 70 Traitement thermique (sous-traité)",
        "Tremper et revenir à 28-32 HRC",
        "Déformation après trempe (faux-rond > 0,05)",
        "Vibrations du mécanisme client",
        6,
        "",
        "Pièces mal disposées dans le four",
        "Paniers à alvéoles",
        4,
        "Contrôle du faux-rond sur 5 pièces par lot",
        4,
    ),
    (
        "Op. 80 Rectification",
        "Rectifier le Ø 25 h6 après traitement",
        "Brûlure de rectification",
        "Fissuration en fatigue",
        9,
        "CC",
        "Meule encrassée, arrosage insuffisant",
        "Diamantage de la meule toutes les 50 pièces",
        3,
        "Aucun contrôle de brûlure",
        9,
    ),
    (
        "Op. 80 Rectification",
        "Rectifier le Ø 25 h6 après traitement",
        "Diamètre Ø 25 h6 hors tolérance",
        "Montage du roulement impossible",
        8,
        "SC",
        "Compensation d'usure de meule erronée",
        "Mesure en cours de cycle (marposs)",
        3,
        "Contrôle au micromètre 1 pièce sur 10",
        4,
    ),
    (
        "Op. 90 Ébavurage",
        "Supprimer les bavures de la rainure et du taraudage",
        "Bavure résiduelle",
        "Blessure de l'opérateur client au montage",
        5,
        "",
        "Ébavurage manuel oublié",
        "Instruction de poste illustrée",
        5,
        "Contrôle visuel par sondage",
        6,
    ),
    (
        "Op. 90 Ébavurage",
        "Supprimer les bavures de la rainure et du taraudage",
        "Rayure de la portée de roulement",
        "Bruit du roulement",
        6,
        "",
        "Pièces entrechoquées dans le bac",
        "Bacs à alvéoles",
        4,
        "Contrôle visuel à 100 %",
        5,
    ),
    (
        "Op. 100 Lavage",
        "Laver les pièces (propreté < 2 mg/pièce)",
        "Résidus de copeaux",
        "Pollution du carter client, usure",
        7,
        "",
        "Bain lessiviel saturé",
        "Changement du bain toutes les semaines",
        4,
        "Contrôle de propreté mensuel (gravimétrie)",
        7,
    ),
    (
        "Op. 100 Lavage",
        "Sécher les pièces",
        "Pièces humides",
        "Oxydation au stockage",
        4,
        "",
        "Soufflage insuffisant",
        "Paramètres de séchage au programme",
        3,
        "Contrôle visuel au conditionnement",
        4,
    ),
    (
        "Op. 110 Contrôle final",
        "Vérifier les caractéristiques spéciales",
        "Pièce non conforme non détectée",
        "Livraison d'une pièce non conforme au client",
        8,
        "",
        "Instrument hors étalonnage",
        "Gestion des instruments (étalonnage annuel)",
        2,
        "Vérification des instruments à la prise de poste",
        4,
    ),
    (
        "Op. 110 Contrôle final",
        "Vérifier les caractéristiques spéciales",
        "Échantillonnage non respecté",
        "Lot non conforme livré",
        8,
        "",
        "Cadence de production élevée",
        "Plan de surveillance affiché",
        3,
        "Audit de poste mensuel",
        6,
    ),
    (
        "Op. 120 Protection et emballage",
        "Protéger contre la corrosion",
        "Huile de protection absente",
        "Corrosion avant montage chez le client",
        5,
        "",
        "Bac d'huile vide",
        "Niveau vérifié à chaque poste",
        3,
        "Contrôle visuel à l'emballage",
        5,
    ),
    (
        "Op. 120 Protection et emballage",
        "Emballer 40 pièces par caisse à alvéoles",
        "Quantité erronée",
        "Rupture de la ligne de montage client",
        6,
        "",
        "Comptage manuel",
        "Caisses à 40 alvéoles",
        2,
        "Pesée de la caisse",
        2,
    ),
    (
        "Op. 120 Protection et emballage",
        "Étiqueter avec la référence client et le n° de lot",
        "Étiquette erronée",
        "Mélange de références chez le client",
        7,
        "",
        "Saisie manuelle de la référence",
        "Étiquette éditée depuis l'ordre de fabrication",
        2,
        "Scan de l'étiquette à l'expédition",
        3,
    ),
    (
        "Op. 130 Expédition",
        "Expédier le lot complet",
        "Lot expédié sans certificat de dureté",
        "Blocage du lot à réception chez le client",
        5,
        "",
        "PV du sous-traitant non joint",
        "Check-list d'expédition",
        3,
        "Contrôle documentaire par la qualité",
        4,
    ),
    (
        "Op. 130 Expédition",
        "Expédier dans les délais",
        "Retard d'expédition",
        "Arrêt de la ligne de montage client",
        6,
        "",
        "Transporteur non réservé",
        "Réservation à J-2",
        3,
        "Suivi quotidien des expéditions",
        3,
    ),
]

# line index, recommended action, owner, days to the due date, state, revised (S, O, D)
ACTIONS = [
    (
        17,
        "Contrôle de brûlure de rectification au nital sur 1 pièce par lot ; arrosage haute pression",
        "manager",
        -60,
        "done",
        (9, 2, 3),
    ),
    (
        7,
        "Changement de plaquette de finition toutes les 250 pièces et contrôle SPC du Ø 25 (1 pièce sur 5)",
        "employee",
        -30,
        "done",
        (8, 3, 3),
    ),
    (
        15,
        "Audit du procédé du sous-traitant de traitement thermique et dureté contrôlée par nos soins sur 3 pièces par lot",
        "coordinator",
        -20,
        "done",
        (9, 2, 3),
    ),
    (
        21,
        "Contrôle de propreté hebdomadaire et suivi de concentration du bain lessiviel",
        "manager",
        -10,
        "done",
        (7, 3, 4),
    ),
    (8, "Rugosimètre au poste de finition, 1 pièce sur 20", "employee", 30, "in_progress", None),
    (
        0,
        "Analyseur de nuance (spectromètre portable) à réception pour chaque coulée",
        "coordinator",
        75,
        "planned",
        None,
    ),
    (
        19,
        "Ébavurage automatique par brossage en fin de cycle de fraisage",
        "manager",
        120,
        "planned",
        None,
    ),
]


def _fmea(company, coordinator) -> Fmea:
    process = Process.objects.filter(code="R-USI").first()
    fmea = Fmea(
        title="AMDEC processus — usinage de l'arbre de transmission Ø 25",
        kind="process",
        item="Arbre de transmission Ø 25 réf. AT-25-180 (plan indice C), ligne CN de Vénissieux",
        process=process,
        scope=(
            "De la réception des barres à l'expédition, traitement thermique sous-traité "
            "compris. Hors conception de l'arbre (AMDEC produit du client)."
        ),
        owner=company.users["manager"],
        other_members="M. Perret, méthodes du client (revue du 12 mars)",
        org_unit=company.units["LYO-USI"],
        matrix=ScoringMatrix.objects.get(code="AMDEC-SOD", status=ScoringMatrix.Status.IN_USE),
        next_review=timezone.localdate() + dt.timedelta(days=200),
    )
    core.record_create(record=fmea, user=coordinator)
    team = [company.users[n] for n in ("coordinator", "employee") if n in company.users]
    team += [company.users[n] for n in ("tmercier", "hperrin", "jfontaine") if n in company.users]
    fmea.team.set(team)
    return fmea


def _line(fmea, values, user) -> FmeaLine:
    step, function, mode, effect, s, cls, cause, prevention, o, detection, d = values
    line = FmeaLine(
        fmea=fmea,
        org_unit=fmea.org_unit,
        item=step,
        function=function,
        failure_mode=mode,
        effect=effect,
        severity=s,
        classification=cls,
        cause=cause,
        prevention_controls=prevention,
        occurrence=o,
        detection_controls=detection,
        detection=d,
    )
    core.record_create(record=line, user=user)
    return line


def _act(company, line: FmeaLine, spec, today: dt.date) -> None:
    _index, text, owner, due, state, revised = spec
    coordinator = company.users["coordinator"]
    action = Action(
        title=text[:200],
        org_unit=line.org_unit,
        action_type="preventive",
        owner=company.users[owner],
        due_date=today + dt.timedelta(days=due),
        planned_cost=Decimal(1500),
        effectiveness_criterion="RPN de la ligne d'AMDEC sous le seuil après réévaluation",
    )
    core.record_create(record=action, user=coordinator)
    action_link(action=action, record=line, user=coordinator, role="preventive")
    if state in ("in_progress", "done"):
        core.record_transition(record=action, user=coordinator, name="start")
    if state == "done":
        core.record_transition(record=action, user=coordinator, name="complete")
    line.recommended_action = text
    line.responsible = company.users[owner]
    line.target_date = today + dt.timedelta(days=due)
    if revised:
        line.actions_taken = text + " — en place."
        line.revised_severity, line.revised_occurrence, line.revised_detection = revised
    core.record_update(record=line, user=coordinator, expected_version=line.version)


def load(company) -> None:
    coordinator = company.users["coordinator"]
    today = timezone.localdate()
    fmea = _fmea(company, coordinator)
    lines = [_line(fmea, values, coordinator) for values in LINES]
    for spec in ACTIONS:
        _act(company, lines[spec[0]], spec, today)
