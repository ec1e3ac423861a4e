"""Demo compliance of Forges et Mécanique du Rhône.

The starter library is installed in the company; the sites declare what no other register
holds (temporary workers, contractors, the Roanne CMR agents…); each site's facts propose the
texts, which the coordinator accepted (or rejected, with a reason); the requirements were
evaluated over two years, with gaps turned into actions. Vénissieux holds 29 items of
equipment to inspect and Roanne 14, with three years of inspections, some observations still
open and a forklift stopped for an overdue inspection. The shipped standards are installed,
with an ISO 9001 gap assessment of Vénissieux (completed) and an ISO 45001 one in progress
that the ISO 9001 answers already partly cover.

Loaded after every other app's demo (`DEMO_ORDER`): the facts come from their registers."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.compliance import services
from amelio.compliance.computations import add_months
from amelio.compliance.models import (
    Applicability,
    ClauseAnswer,
    DeclaredFact,
    Equipment,
    EquipmentCategory,
    Evaluation,
    Framework,
    GapAssessment,
    Inspection,
    InspectionRule,
    Observation,
)
from amelio.compliance.reference_data import ensure_reference_data
from amelio.core import services as core

DEMO_ORDER = 10

DECLARED = [
    ("LYO", "temporary_workers", "Intérimaires en usinage et en logistique (8 en moyenne)."),
    ("LYO", "contractors_on_site", "Maintenance des compresseurs, nettoyage, travaux neufs."),
    ("LYO", "loading_operations", "Deux quais d'expédition, une vingtaine de camions par jour."),
    ("LYO", "company_vehicles", "Trois véhicules de service et un utilitaire."),
    ("LYO", "water_discharge", "Eaux de lavage de la cabine de peinture, convention de rejet."),
    ("ROA", "temporary_workers", "Intérimaires sur la ligne de zingage en période de pointe."),
    (
        "ROA",
        "cmr_agents",
        "Acide chromique de la passivation (chrome VI) en cours de substitution.",
    ),
    (
        "ROA",
        "water_discharge",
        "Rejet des eaux de rinçage traitées par la station de détoxication.",
    ),
    ("ROA", "night_work", "Ligne de traitement de surface en 3 × 8."),
]

# Texts the facts propose that the coordinator rejected, with the reason.
REJECTED = {
    ("ROA", "ct-travail-de-nuit"): "Le 3 × 8 de Roanne relève du travail posté ; aucun salarié "
    "n'atteint le seuil de travailleur de nuit (vérifié avec la médecine du travail, 2025).",
    ("ROA", "ct-travailleur-isole"): "Aucun poste isolé à Roanne : la ligne travaille toujours "
    "en binôme, y compris la nuit.",
    ("LYO", "env-biodechets"): "Pas de restaurant d'entreprise : les repas sont livrés par un "
    "prestataire qui reprend ses biodéchets ; à revoir si une cantine ouvre.",
}

# site unit, work unit, name, category, identification, location, commissioned, inspector kind,
# inspector, last inspection (months ago), stop when overdue, observations of the last report
EQUIPMENT = [
    ("LYO", "LYO-PROD", "Installation électrique – bâtiment de production", "electrical", "TGBT-PROD", "Bâtiment A", dt.date(2005, 9, 1), "body", "Apave", 4, False, [("Armoire TD3 : obturateurs manquants sur deux emplacements", "minor", False)]),
    ("LYO", "LYO-DIR", "Installation électrique – bureaux et salle serveurs", "electrical", "TGBT-ADM", "Bâtiment B", dt.date(2005, 9, 1), "body", "Apave", 7, False, []),
    ("LYO", "LYO-USI", "Pont roulant 5 t – atelier usinage", "lifting", "PR-05", "Usinage, travée 1", dt.date(2006, 2, 1), "body", "Bureau Veritas", 10, False, []),
    ("LYO", "LYO-TOL", "Pont roulant 10 t – tôlerie", "lifting", "PR-10", "Tôlerie", dt.date(2006, 2, 1), "body", "Bureau Veritas", 10, False, [("Fin de course montée à régler", "minor", True)]),
    ("LYO", "LYO-MAI", "Palan électrique 1 t – maintenance", "lifting", "PAL-01", "Maintenance", dt.date(2014, 5, 12), "body", "Bureau Veritas", 13, False, []),
    ("LYO", "LYO-SOU", "Potence pivotante 500 kg – soudure", "lifting", "POT-02", "Soudure", dt.date(2017, 3, 1), "body", "Bureau Veritas", 9, False, []),
    ("LYO", "LYO-LOG", "Chariot élévateur Linde H25 n° 1", "lifting_mobile", "CE-01", "Logistique", dt.date(2019, 6, 1), "body", "Dekra", 3, True, []),
    ("LYO", "LYO-LOG", "Chariot élévateur Linde H25 n° 2", "lifting_mobile", "CE-02", "Logistique", dt.date(2019, 6, 1), "body", "Dekra", 3, True, [("Fuite hydraulique sur le vérin d'inclinaison", "major", True)]),
    ("LYO", "LYO-USI", "Chariot élévateur Still RX20 n° 3", "lifting_mobile", "CE-03", "Usinage", dt.date(2021, 1, 15), "body", "Dekra", 7, True, []),
    ("LYO", "LYO-MAI", "Nacelle ciseaux Haulotte Compact 8", "lifting_mobile", "NAC-01", "Maintenance", dt.date(2020, 9, 1), "body", "Dekra", 2, True, []),
    ("LYO", "LYO-USI", "Élingues chaînes – usinage (lot de 12)", "lifting_accessories", "ELC-USI", "Usinage", dt.date(2018, 1, 1), "internal", "Service maintenance", 8, False, []),
    ("LYO", "LYO-TOL", "Élingues textiles – tôlerie (lot de 20)", "lifting_accessories", "ELT-TOL", "Tôlerie", dt.date(2020, 1, 1), "internal", "Service maintenance", 8, False, [("Deux élingues à étiquette illisible, retirées", "minor", True)]),
    ("LYO", "LYO-TOL", "Palonnier 2 t pour tôles", "lifting_accessories", "PALO-2T", "Tôlerie", dt.date(2016, 4, 1), "internal", "Service maintenance", 8, False, []),
    ("LYO", "LYO-LOG", "Porte sectionnelle quai 1", "automatic_doors", "PS-Q1", "Quai 1", dt.date(2012, 6, 1), "contractor", "Portis Services", 2, False, []),
    ("LYO", "LYO-LOG", "Porte sectionnelle quai 2", "automatic_doors", "PS-Q2", "Quai 2", dt.date(2012, 6, 1), "contractor", "Portis Services", 2, False, []),
    ("LYO", "LYO-TOL", "Porte rapide atelier tôlerie", "automatic_doors", "PR-TOL", "Tôlerie", dt.date(2018, 11, 1), "contractor", "Portis Services", 7, False, [("Cellule de sécurité basse déréglée", "major", False)]),
    ("LYO", "LYO-DIR", "Parc d'extincteurs de Vénissieux (48 appareils)", "extinguishers", "EXT-LYO", "Tout le site", dt.date(2005, 9, 1), "contractor", "Sicli", 5, False, []),
    ("LYO", "LYO-DIR", "Alarme incendie de Vénissieux", "fire_alarm", "SSI-LYO", "Tout le site", dt.date(2016, 1, 1), "contractor", "Sicli", 5, False, []),
    ("LYO", "LYO-MAI", "Compresseur à vis et réservoir d'air 500 L", "pressure_equipment", "ESP-COMP-01", "Local compresseur", dt.date(2019, 3, 15), "body", "Apave", 26, False, []),
    ("LYO", "LYO-TOL", "Réservoir d'air 270 L – tôlerie", "pressure_equipment", "ESP-RES-02", "Tôlerie", dt.date(2023, 11, 1), "internal", "Service maintenance", 0, False, []),
    ("LYO", "LYO-SOU", "Aspiration des fumées de soudage", "local_exhaust_ventilation", "ASP-SOU", "Soudure", dt.date(2015, 10, 1), "body", "Apave", 11, False, [("Débit insuffisant au poste 4", "major", False)]),
    ("LYO", "LYO-PEI", "Cabine de peinture poudre – extraction", "local_exhaust_ventilation", "ASP-PEI", "Peinture poudre", dt.date(2017, 2, 1), "body", "Apave", 14, False, []),
    ("LYO", "LYO-TOL", "Presse plieuse Amada 100 t", "presses", "PP-AM100", "Tôlerie", dt.date(2011, 5, 1), "body", "Bureau Veritas", 2, False, []),
    ("LYO", "LYO-TOL", "Cisaille guillotine 3 m", "presses", "CIS-3M", "Tôlerie", dt.date(2008, 9, 1), "body", "Bureau Veritas", 4, False, []),
    ("LYO", "LYO-LOG", "Rayonnages palettiers du magasin", "racking", "RAY-MAG", "Magasin", dt.date(2010, 1, 1), "contractor", "Sertek Rayonnage", 9, False, [("Lisse déformée travée 12, niveau 2", "minor", False)]),
    ("LYO", "LYO-DIR", "Climatisation des bureaux et salle serveurs (R410A)", "refrigeration", "CLIM-01", "Bâtiment B", dt.date(2021, 11, 1), "contractor", "Froid Rhône Services", 6, False, []),
    ("LYO", "LYO-DIR", "Éclairage de sécurité de Vénissieux", "emergency_lighting", "BAES-LYO", "Tout le site", dt.date(2005, 9, 1), "internal", "Service maintenance", 4, False, []),
    ("LYO", "LYO-MAI", "Harnais et longes de la maintenance (6 kits)", "fall_protection", "EPI-CH-01", "Maintenance", dt.date(2022, 4, 1), "internal", "Service maintenance", 11, False, []),
    ("LYO", "LYO-MAI", "Chaudière gaz 2,4 MW – réseau de chauffage", "gas_installation", "CHD-01", "Chaufferie", dt.date(2016, 4, 1), "contractor", "Engie Home Services", 10, False, []),
    ("ROA", "ROA-PROD", "Installation électrique du site de Roanne", "electrical", "TGBT-ROA", "Bâtiment principal", dt.date(2009, 3, 1), "body", "Socotec", 14, False, [("Prise de terre des cuves de zingage à mesurer", "major", False)]),
    ("ROA", "ROA-TS", "Pont roulant 2 t – ligne de zingage", "lifting", "PR-ZN", "Traitement de surface", dt.date(2019, 9, 1), "body", "Socotec", 11, False, []),
    ("ROA", "ROA-ASS", "Palan électrique 500 kg – assemblage", "lifting", "PAL-ASS", "Assemblage", dt.date(2012, 4, 1), "body", "Socotec", 8, False, []),
    ("ROA", "ROA-MAG", "Chariot élévateur Toyota 2,5 t", "lifting_mobile", "CE-R1", "Magasin", dt.date(2018, 2, 1), "body", "Dekra", 8, True, []),
    ("ROA", "ROA-ASS", "Gerbeur électrique à conducteur porté", "lifting_mobile", "GER-R2", "Assemblage", dt.date(2020, 7, 1), "body", "Dekra", 4, True, []),
    ("ROA", "ROA-TS", "Élingues et crochets de la ligne (lot de 8)", "lifting_accessories", "ELC-ZN", "Traitement de surface", dt.date(2019, 9, 1), "internal", "Équipe maintenance Roanne", 6, False, []),
    ("ROA", "ROA-MAG", "Portail coulissant d'entrée", "automatic_doors", "PORT-R", "Entrée du site", dt.date(2014, 5, 1), "contractor", "Portis Services", 5, False, []),
    ("ROA", "ROA-PROD", "Parc d'extincteurs de Roanne (22 appareils)", "extinguishers", "EXT-ROA", "Tout le site", dt.date(2009, 3, 1), "contractor", "Sicli", 10, False, []),
    ("ROA", "ROA-PROD", "Compresseur et réservoir d'air 300 L", "pressure_equipment", "ESP-R1", "Local technique", dt.date(2015, 6, 1), "body", "Socotec", 20, False, []),
    ("ROA", "ROA-TS", "Aspiration des bains de traitement de surface", "local_exhaust_ventilation", "ASP-TS", "Traitement de surface", dt.date(2019, 9, 1), "body", "Socotec", 10, False, []),
    ("ROA", "ROA-ASS", "Cabine de peinture au trempé – extraction", "local_exhaust_ventilation", "ASP-ASS", "Assemblage", dt.date(2009, 3, 1), "body", "Socotec", 15, False, [("Filtres colmatés, remplacement à prévoir", "minor", False)]),
    ("ROA", "ROA-MAG", "Rayonnages du magasin de Roanne", "racking", "RAY-R", "Magasin", dt.date(2012, 1, 1), "internal", "Équipe maintenance Roanne", 7, False, []),
    ("ROA", "ROA-TS", "Mesures d'exposition – atelier de traitement de surface", "workplace_exposure", "VLEP-TS", "Traitement de surface", dt.date(2019, 9, 1), "body", "Laboratoire Carso", 13, False, [("Chrome VI : 40 % de la VLEP au poste de passivation", "major", False)]),
    ("ROA", "ROA-PROD", "Éclairage de sécurité de Roanne", "emergency_lighting", "BAES-ROA", "Tout le site", dt.date(2009, 3, 1), "internal", "Équipe maintenance Roanne", 3, False, []),
]  # fmt: skip

BODIES = {"body": "Organisme accrédité", "internal": "", "contractor": ""}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _action(record, title: str, owner, due: dt.date, coordinator, start: dt.date) -> Action:
    action = Action(
        title=title[:200],
        org_unit=record.org_unit,
        action_type="corrective",
        owner=owner,
        start_date=start,
        due_date=due,
        effectiveness_criterion="Écart levé au contrôle suivant",
    )
    core.record_create(record=action, user=coordinator)
    action_link(action=action, record=record, user=coordinator)
    return action


def _declared(company) -> None:
    for unit, fact, note in DECLARED:
        core.record_create(
            record=DeclaredFact(org_unit=company.units[unit], fact=fact, note=note),
            user=company.users["coordinator"],
        )


def _equipment(company, today: dt.date) -> None:
    coordinator, manager = company.users["coordinator"], company.users["manager"]
    rules: dict[str, list[InspectionRule]] = {}
    for rule in InspectionRule.objects.select_related("category"):
        rules.setdefault(rule.category.key, []).append(rule)
    categories = {c.key: c for c in EquipmentCategory.objects.all()}
    for index, row in enumerate(EQUIPMENT):
        site, unit, name, key, ident, where, since, kind, who, ago, stop, observations = row
        owner = manager if site == "LYO" and unit not in ("LYO-DIR",) else coordinator
        equipment = core.record_create(
            record=Equipment(
                name=name,
                org_unit=company.units[unit],
                category=categories[key],
                identifier=ident,
                location=where,
                commissioned_on=since,
                inspector_kind=kind,
                inspector=who,
                owner=owner,
                extension_notified=key == "electrical" and site == "LYO",
                stop_when_overdue=stop,
            ),
            user=coordinator,
        )
        # Inspections fall on different days of the month, as bodies' visits do.
        last = add_months(today, -ago) - dt.timedelta(days=(index * 11) % 26)
        for rule in rules[key]:
            _inspections(equipment, rule, last, observations, today, coordinator, owner)


def _inspections(equipment, rule, last, observations, today, coordinator, owner) -> None:
    """The inspections of one rule over about three years, the last on `last`; the
    observations of the last report (lifted or not)."""
    months = rule.months
    if rule.key.endswith("requalification"):
        # Requalified once, ten years after commissioning.
        requalified = add_months(equipment.commissioned_on, 120)
        dates = [requalified] if requalified <= today else []
    elif months >= 36 and last > today - dt.timedelta(days=31):
        dates = []  # recent equipment, first inspection not yet due
    else:
        dates = []
        day = last
        while day >= today - dt.timedelta(days=3 * 365) and day >= equipment.commissioned_on:
            dates.append(day)
            day = add_months(day, -months)
    for position, day in enumerate(sorted(dates)):
        latest = position == len(dates) - 1
        found = observations if latest else []
        result = "observations" if found else "no_observation"
        inspection = Inspection(
            equipment=equipment,
            rule=rule,
            org_unit=equipment.org_unit,
            performed_on=day,
            inspector_kind=equipment.inspector_kind,
            inspector=equipment.inspector,
            report_number=f"{equipment.identifier}-{day:%Y%m}",
            result=result,
            summary="Vérification réalisée selon le référentiel réglementaire applicable.",
        )
        core.record_create(record=inspection, user=coordinator)
        for title, severity, lifted in found:
            lifted_on = min(day + dt.timedelta(days=21), today) if lifted else None
            observation = core.record_create(
                record=Observation(
                    inspection=inspection,
                    org_unit=equipment.org_unit,
                    title=title,
                    severity=severity,
                    lifted_on=lifted_on,
                    how_lifted="Réparé par le service maintenance, contrôlé." if lifted else "",
                ),
                user=coordinator,
            )
            if not lifted:
                _action(
                    observation,
                    f"Lever l'observation : {title}",
                    owner,
                    min(day + dt.timedelta(days=60), today + dt.timedelta(days=30)),
                    coordinator,
                    min(day + dt.timedelta(days=7), today),
                )


def _decisions(company, today: dt.date) -> list[Applicability]:
    coordinator = company.users["coordinator"]
    rows = []
    for code in ("LYO", "ROA"):
        site = company.units[code]
        review = services.review_site(site, today)
        for proposal in review.to_decide:
            reason = REJECTED.get((code, proposal.text.library_key))
            rows.append(
                services.decide(
                    site=site,
                    text=proposal.text,
                    user=coordinator,
                    applicable=reason is None,
                    justification=reason or "",
                    today=today - dt.timedelta(days=720),
                    facts=review.facts,
                )
            )
    return [r for r in rows if r.decision == "applicable"]


# Requirements found wanting at the last evaluation: (site, text key) -> (result, evidence).
GAPS = {
    ("LYO", "ct-bruit"): (
        "partial",
        "Cartographie du bruit de 2019 : à refaire après l'arrivée des deux centres d'usinage.",
    ),
    ("ROA", "ct-agents-cmr"): (
        "not_conform",
        "Substitution du chrome VI non achevée ; la recherche de substitution n'est pas tracée.",
    ),
    ("LYO", "env-registre-dechets"): (
        "partial",
        "Registre tenu mais trois enlèvements de novembre sans code de traitement.",
    ),
    ("ROA", "ct-aeration-assainissement"): (
        "partial",
        "Contrôle annuel de l'aspiration des bains réalisé avec trois mois de retard.",
    ),
}


def _evaluations(company, rows: list[Applicability], today: dt.date) -> None:
    """Two rounds of evaluation, about 14 and 2 months ago; the gaps of the last round become
    actions. A few texts of Roanne were not evaluated again yet (their evaluation is due)."""
    coordinator, auditor = company.users["coordinator"], company.users["auditor"]
    rng = random.Random(1707)
    first, second = today - dt.timedelta(days=420), today - dt.timedelta(days=60)
    for row in rows:
        code = "LYO" if row.org_unit == company.units["LYO"] else "ROA"
        gap = GAPS.get((code, row.text.library_key))
        late = code == "ROA" and rng.random() < 0.15
        for requirement in row.text.requirements.active().order_by("pk"):
            rounds = [first] if late else [first, second]
            for n, day in enumerate(rounds):
                day = day + dt.timedelta(days=rng.randrange(0, 20))
                last = n == len(rounds) - 1
                result, evidence = ("conform", "Vérifié sur pièces et sur le terrain.")
                if gap and last:
                    result, evidence = gap
                elif n == 0 and rng.random() < 0.08:
                    result, evidence = ("partial", "Enregistrements incomplets, corrigés depuis.")
                evaluation = core.record_create(
                    record=Evaluation(
                        requirement=requirement,
                        org_unit=row.org_unit,
                        evaluated_on=day,
                        result=result,
                        evidence=evidence,
                        evaluator=auditor if code == "ROA" else coordinator,
                    ),
                    user=coordinator,
                )
                if gap and last:
                    _action(
                        evaluation,
                        f"Mise en conformité : {row.text.title}",
                        coordinator,
                        today + dt.timedelta(days=45),
                        coordinator,
                        day,
                    )
                    gap = None  # one action per text


ISO9001_GAPS = {
    "7.1.5.2": ("partial", 2, "Deux pieds à coulisse hors étalonnage trouvés en usinage."),
    "8.4.1": ("partial", 3, "Évaluation des sous-traitants de traitement thermique non tracée."),
    "9.1.2": ("not_conform", 1, "Pas de mesure de la satisfaction des clients depuis 2023."),
    "6.3": ("partial", 2, "Changements d'organisation sans analyse de leurs effets."),
}


def _assessments(company, today: dt.date) -> None:
    from amelio.compliance.frameworks import install_shipped

    coordinator, auditor = company.users["coordinator"], company.users["auditor"]
    root = company.units["FMR"]
    install_shipped(root, coordinator)
    site = company.units["LYO"]
    rng = random.Random(9001)
    iso9001 = Framework.objects.get(key="iso9001")
    quality = GapAssessment(
        title="État des lieux ISO 9001 – Vénissieux",
        framework=iso9001,
        org_unit=site,
        assessed_on=today - dt.timedelta(days=150),
        assessor=auditor,
        scope="Conception, usinage, tôlerie et assemblage de pièces mécaniques.",
    )
    core.record_create(record=quality, user=coordinator)
    for clause in iso9001.clauses.filter(leaf=True).order_by("position"):
        result, maturity, evidence = ISO9001_GAPS.get(
            clause.number, ("conform", rng.choice([3, 3, 4, 4, 5]), "")
        )
        applicable = clause.number != "8.3.1" and not clause.number.startswith("8.3.")
        answer = core.record_create(
            record=ClauseAnswer(
                assessment=quality,
                clause=clause,
                org_unit=site,
                result=result if applicable else "not_assessed",
                maturity=maturity if applicable else None,
                applicable=applicable,
                exclusion_reason=""
                if applicable
                else "Pièces fabriquées sur plan client : pas de conception (exclusion 8.3).",
                evidence=evidence or "Procédures et enregistrements vus lors de l'entretien.",
            ),
            user=coordinator,
        )
        if result in ("partial", "not_conform") and applicable:
            _action(
                answer,
                f"ISO 9001 §{clause.number} : {evidence}",
                coordinator,
                today + dt.timedelta(days=60),
                coordinator,
                today - dt.timedelta(days=140),
            )
    core.record_transition(record=quality, user=coordinator, name="complete")
    iso45001 = Framework.objects.get(key="iso45001")
    safety = GapAssessment(
        title="État des lieux ISO 45001 – Vénissieux",
        framework=iso45001,
        org_unit=site,
        assessed_on=today - dt.timedelta(days=20),
        assessor=coordinator,
        scope="Tout le site de Vénissieux, y compris les intérimaires et les entreprises "
        "extérieures.",
    )
    core.record_create(record=safety, user=coordinator)
    specific = {
        "5.4": ("partial", 2, "CSE consulté ; pas de participation des opérateurs aux analyses."),
        "6.1.2.1": ("conform", 4, "DUERP à jour, unités de travail revues en 2026."),
        "8.1.4.2": ("partial", 2, "Plans de prévention incomplets pour les petites interventions."),
        "8.2": ("conform", 3, "Exercices d'évacuation réalisés, deux situations en retard."),
    }
    for number, (result, maturity, evidence) in specific.items():
        found = iso45001.clauses.filter(number=number).first()
        if found is None:
            continue
        core.record_create(
            record=ClauseAnswer(
                assessment=safety,
                clause=found,
                org_unit=site,
                result=result,
                maturity=maturity,
                evidence=evidence,
            ),
            user=coordinator,
        )


def load(company) -> None:
    """Create the demo compliance records as the coordinator would have."""
    ensure_reference_data()
    today = timezone.localdate()
    coordinator = company.users["coordinator"]
    services.install_library(unit=company.units["FMR"], user=coordinator, language="fr")
    _declared(company)
    _equipment(company, today)
    rows = _decisions(company, today)
    with services.refresh_once():
        _evaluations(company, rows, today)
    _assessments(company, today)
