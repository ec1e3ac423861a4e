"""Demo HACCP study of Forges et Mécanique du Rhône: the company restaurant of the Vénissieux
site (about 90 meals a day cooked on site, run by the company), from reception to serving,
with its hazards, the decision tree answered for each significant one, and the two CCPs of
French collective catering practice: cooking (≥ +63 °C at the core) and rapid cooling (from
+63 °C to +10 °C in less than 2 hours; arrêté du 21 décembre 2009). The study is approved;
allergen information at serving leads to "modify the step", answered by an action.
Every date is counted from the day the demo is loaded."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.core import services as core
from amelio.riskanalysis import services_haccp as services
from amelio.riskanalysis.models import HaccpHazard, HaccpStep, HaccpStudy
from amelio.scoring.models import ScoringMatrix

Y, N = True, False

STUDY = {
    "title": "HACCP du restaurant d'entreprise de Vénissieux",
    "scope": (
        "Restaurant d'entreprise du site de Vénissieux, géré en régie : cuisine sur place "
        "(liaison chaude, et liaison froide pour les préparations élaborées la veille), self "
        "de 60 places, environ 90 repas par jour du lundi au vendredi. Hors champ : "
        "distributeurs automatiques (prestataire) et repas de fin d'année (traiteur)."
    ),
    "other_members": (
        "Marc Petit, chef de cuisine\nLéa Robin, commis de cuisine\n"
        "Laboratoire Rhône Analyses Alimentaires (analyses microbiologiques)"
    ),
    "product": "Repas servis au self : entrées, plats chauds, desserts",
    "composition": (
        "Viandes, volailles et poissons frais ou surgelés, œufs coquille et ovoproduits, "
        "légumes frais et de 4e gamme, produits laitiers, féculents, desserts maison. "
        "Les 14 allergènes majeurs (règlement INCO 1169/2011) peuvent être présents : "
        "gluten, œufs, lait, poisson, fruits à coque, céleri, moutarde, sésame…"
    ),
    "structure": "Denrées très périssables, aw élevée, pH neutre ; sans conservateur.",
    "processing": (
        "Préparations froides (crudités, entrées), cuisson (four mixte, sauteuse, marmite), "
        "refroidissement rapide en cellule des préparations élaborées à l'avance, remise "
        "en température, maintien au chaud au bain-marie."
    ),
    "packaging": "Bacs gastronormes inox filmés ; ramequins individuels pour les entrées.",
    "storage_distribution": (
        "Chambres froides positives 0 à +3 °C (préparations) et ≤ +4 °C (matières "
        "premières), chambre négative ≤ -18 °C ; maintien au chaud ≥ +63 °C ; service sur "
        "place uniquement."
    ),
    "shelf_life": "Jour même ; J+3 au plus pour une préparation refroidie (jour de fabrication J)",
    "intended_use": "Consommation sur place, le jour du service ; pas de vente à emporter.",
    "intended_users": (
        "Salariés, intérimaires et visiteurs adultes. Groupes vulnérables : femmes enceintes "
        "(Listeria), personnes allergiques, personnes immunodéprimées."
    ),
}

# position, name, kind, description
STEPS = [
    (
        10,
        "Réception des marchandises",
        "reception",
        "Quai de livraison, contrôle à réception : températures (thermomètre sonde), DLC, "
        "état des emballages, estampille sanitaire.",
    ),
    (
        20,
        "Stockage froid",
        "storage",
        "Deux chambres froides positives et une chambre négative, enregistrement continu des "
        "températures avec alarme.",
    ),
    (
        30,
        "Préparation",
        "preparation",
        "Déconditionnement, légumerie, préparations froides ; marche en avant, planches et "
        "ustensiles par couleur.",
    ),
    (40, "Cuisson", "cooking", "Four mixte, sauteuse, marmite ; sonde à cœur."),
    (
        50,
        "Refroidissement rapide",
        "cooling",
        "Cellule de refroidissement rapide pour les préparations élaborées à l'avance.",
    ),
    (60, "Maintien au chaud", "holding", "Bain-marie et armoire chaude au self, ≥ +63 °C."),
    (70, "Service", "serving", "Self-service, 11 h 45 - 13 h 45 ; plats témoins prélevés."),
]

COOKING_PLAN = {
    "critical_limits": "Température à cœur ≥ +63 °C en fin de cuisson.",
    "monitoring_what": "Température à cœur du produit",
    "monitoring_how": "Thermomètre-sonde désinfecté, au centre de la pièce la plus épaisse",
    "monitoring_frequency": "Chaque fournée / chaque bac",
    "monitoring_who": "Cuisinier de production",
    "corrective_actions": (
        "Poursuivre la cuisson jusqu'à +63 °C à cœur ; si la limite ne peut être atteinte, "
        "écarter et détruire le produit ; noter l'écart et vérifier le four."
    ),
    "verification": (
        "Visa quotidien des enregistrements par le chef de cuisine ; vérification mensuelle "
        "de la sonde (eau glacée 0 °C) ; analyses microbiologiques trimestrielles des plats."
    ),
    "records": "Fiche d'enregistrement des cuissons ; fiche de vérification des thermomètres.",
}
COOLING_PLAN = {
    "critical_limits": (
        "Passage de +63 °C à +10 °C à cœur en moins de 2 h, puis stockage entre 0 et +3 °C."
    ),
    "monitoring_what": "Heure et température à cœur à l'entrée et à la sortie de cellule",
    "monitoring_how": "Sonde de la cellule, enregistrement automatique du cycle",
    "monitoring_frequency": "Chaque cycle de refroidissement",
    "monitoring_who": "Cuisinier de production",
    "corrective_actions": (
        "Plus de 2 h ou plus de +10 °C à la sortie : produit détruit ; contrôle de la "
        "cellule (chargement, bacs trop épais) ; écart noté et analysé par le chef."
    ),
    "verification": (
        "Revue hebdomadaire des cycles par le chef de cuisine ; maintenance annuelle de la "
        "cellule ; analyses microbiologiques trimestrielles."
    ),
    "records": "Fiche de suivi du refroidissement ; tickets de la cellule ; rapports d'analyse.",
}

# step position, category, hazard, source, control measures, likelihood, severity,
# (q1, q1b, q2, q3, q4), justification, CCP plan
HAZARDS = [
    (
        10,
        "biological",
        "Multiplication de Listeria monocytogenes et de Salmonella dans des denrées reçues "
        "au-dessus de +4 °C",
        "Rupture de la chaîne du froid chez le fournisseur ou pendant le transport.",
        "Contrôle de la température à réception et refus au-delà de la tolérance ; "
        "fournisseurs agréés ; rangement en moins de 30 min.",
        2,
        3,
        (Y, None, N, Y, Y),
        "Les matières premières crues sont cuites ensuite (CCP cuisson) ; les produits prêts "
        "à consommer sont refusés hors tolérance (PRP réception).",
        None,
    ),
    (
        10,
        "physical",
        "Corps étrangers (verre, bois, agrafes) apportés par les emballages",
        "Emballages abîmés, cagettes en bois.",
        "Déconditionnement en zone dédiée ; verre interdit en production.",
        1,
        2,
        None,
        "",
        None,
    ),
    (
        20,
        "biological",
        "Multiplication de Listeria monocytogenes dans les produits prêts à consommer",
        "Température de la chambre froide trop haute (panne, porte ouverte), DLC dépassée.",
        "Enregistrement continu avec alarme ; rotation premier entré - premier sorti ; "
        "contrôle quotidien des DLC.",
        2,
        3,
        (Y, None, N, N, None),
        "Avec l'enregistrement continu et l'alarme, la température reste maîtrisée : pas de "
        "multiplication à un niveau inacceptable dans la durée de vie (PRPo).",
        None,
    ),
    (
        30,
        "biological",
        "Contamination croisée par Salmonella et Staphylococcus aureus",
        "Œufs coquille, volailles crues ; mains et tenues du personnel.",
        "Marche en avant ; planches et ustensiles par couleur ; lavage des mains ; "
        "ovoproduits pasteurisés pour les préparations sans cuisson.",
        3,
        3,
        (Y, None, N, Y, Y),
        "Les préparations concernées sont cuites ensuite ; les crudités suivent le plan de "
        "nettoyage et de décontamination des légumes (PRP).",
        None,
    ),
    (
        30,
        "allergen",
        "Présence non déclarée d'un allergène majeur (gluten, fruits à coque, arachide…)",
        "Changement de recette ou de fournisseur ; ustensiles partagés.",
        "Fiches recettes avec les allergènes ; contrôle des fiches techniques des nouveaux "
        "produits ; ustensiles dédiés pour les plats sans allergène.",
        2,
        4,
        (Y, None, N, N, None),
        "Les recettes sont figées et leurs allergènes listés ; une substitution passe par le "
        "chef de cuisine (PRPo « information allergènes »).",
        None,
    ),
    (
        40,
        "biological",
        "Survie de Salmonella, Listeria et E. coli STEC après une cuisson insuffisante",
        "Temps ou température de cuisson trop faibles, pièces épaisses, four surchargé.",
        "Barèmes de cuisson par recette ; mesure de la température à cœur.",
        2,
        4,
        (Y, None, Y, None, None),
        "La cuisson est l'étape conçue pour éliminer les pathogènes végétatifs.",
        COOKING_PLAN,
    ),
    (
        50,
        "biological",
        "Germination des spores et multiplication de Clostridium perfringens et Bacillus "
        "cereus pendant un refroidissement lent",
        "Refroidissement à l'air libre, bacs trop épais, cellule surchargée.",
        "Cellule de refroidissement rapide ; bacs de 6 cm au plus ; départ dès la fin de cuisson.",
        3,
        3,
        (Y, None, Y, None, None),
        "Le refroidissement rapide est l'étape conçue pour empêcher la multiplication.",
        COOLING_PLAN,
    ),
    (
        60,
        "biological",
        "Multiplication de Bacillus cereus et Clostridium perfringens si le maintien descend "
        "sous +63 °C",
        "Bain-marie mal réglé ou préchauffé trop tard.",
        "Préchauffage 30 min avant le service ; relevé à l'ouverture puis toutes les heures ; "
        "maintien limité à la durée du service.",
        2,
        3,
        (Y, None, N, N, None),
        "Le service dure 2 h au plus et les restes ne sont pas resservis : pas de "
        "multiplication à un niveau inacceptable dans ce délai (PRPo).",
        None,
    ),
    (
        70,
        "allergen",
        "Réaction allergique faute d'information sur les allergènes des plats",
        "Aucun affichage des allergènes au self aujourd'hui.",
        "",
        2,
        4,
        (N, Y, None, None, None),
        "Aucune mesure n'existe et l'information est obligatoire : l'étape de service doit "
        "être modifiée (affichage par plat).",
        None,
    ),
    (
        70,
        "physical",
        "Corps étrangers (bris de vaisselle, de verre) dans les assiettes",
        "Casse au self.",
        "Vaisselle en verre trempé ; procédure bris de verre (zone évacuée, produits jetés).",
        1,
        2,
        None,
        "",
        None,
    ),
]


def load(company) -> None:
    today = timezone.localdate()
    user = company.users["coordinator"]
    study = _study(company, user, today)
    steps = _steps(study, user)
    hazards = [_hazard(study, steps, user, row) for row in HAZARDS]
    core.record_transition(record=study, user=user, name="submit")
    core.record_transition(record=study, user=user, name="approve")
    modify = next(h for h in hazards if h.decision == "modify")
    _action(modify, user, today)


def _study(company, user, today: dt.date) -> HaccpStudy:
    study = HaccpStudy(
        **STUDY,
        org_unit=company.units["LYO"],
        owner=user,
        flow_confirmed_on=today - dt.timedelta(days=24),
        flow_confirmed_by=user,
        matrix=ScoringMatrix.objects.filter(code="PG-4x4").order_by("-version").first(),
        next_review=today + dt.timedelta(days=340),
    )
    core.record_create(record=study, user=user)
    study.team.set([user, company.users["hperrin"], company.users["agauthier"]])
    return study


def _steps(study: HaccpStudy, user) -> dict[int, HaccpStep]:
    rows = [
        services.StepRow(None, {"position": p, "name": n, "kind": k, "description": d})
        for p, n, k, d in STEPS
    ]
    services.steps_save(study=study, rows=rows, user=user)
    return {step.position: step for step in study.steps.all()}


def _hazard(study: HaccpStudy, steps: dict[int, HaccpStep], user, row) -> HaccpHazard:
    position, category, text, source, measures, likelihood, severity, answers, why, plan = row
    hazard = HaccpHazard(
        study=study,
        step=steps[position],
        org_unit=study.org_unit,
        category=category,
        description=text,
        source=source,
        control_measures=measures,
        likelihood=likelihood,
        severity=severity,
        tree_notes=why,
        **(plan or {}),
    )
    if answers:
        hazard.q1, hazard.q1b, hazard.q2, hazard.q3, hazard.q4 = answers
    core.record_create(record=hazard, user=user)
    return hazard


def _action(hazard: HaccpHazard, user, today: dt.date) -> None:
    action = Action(
        title="Afficher les allergènes de chaque plat au self",
        org_unit=hazard.org_unit,
        action_type="preventive",
        owner=user,
        start_date=today - dt.timedelta(days=10),
        due_date=today + dt.timedelta(days=20),
        effectiveness_criterion=(
            "Les 14 allergènes affichés pour chaque plat, chaque jour ; aucune question "
            "restée sans réponse au self pendant un mois"
        ),
    )
    core.record_create(record=action, user=user)
    action_link(action=action, record=hazard, user=user, role="preventive")
