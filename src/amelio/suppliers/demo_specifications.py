"""Demo specifications of Forges et Mécanique du Rhône: the subcontracted heat treatment of
forged flanges, decided after comparing four offers (two tied at the top, one excluded for a
mandatory requirement it misses), and cut-resistant gloves in consultation, half scored.

Suppliers are found by name among the demo's supplier file, else created (fictitious names,
valid SIREN). Every date is counted from the day the demo is loaded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from amelio.core import services as core
from amelio.suppliers import services_specifications as services
from amelio.suppliers.models import Offer, Specification, Supplier, SupplierCategory

# name -> SIREN (fictitious companies; the SIREN's Luhn key is valid)
SUPPLIERS = {
    "Thermi-Lyon Traitements": "412756306",
    "Forez Thermique": "794025171",
    "Sud-Loire Traitements": "488305624",
    "Protection Rhône Équipements": "382159796",
    "Gants et Sécurité du Lyonnais": "517403267",
}

HEAT_REQUIREMENTS = [
    (
        "technical",
        True,
        "Normalisation et trempe-revenu des brides forgées (aciers P250GH et "
        "42CrMo4, jusqu'à Ø 1 200 mm et 450 kg) selon nos gammes de traitement.",
    ),
    (
        "technical",
        True,
        "Fours à enregistrement continu des températures ; uniformité de "
        "±10 °C vérifiée chaque année (pyrométrie).",
    ),
    ("quality", True, "Système qualité certifié ISO 9001 en cours de validité."),
    (
        "quality",
        True,
        "Dureté Brinell contrôlée sur chaque lot, avec procès-verbal ; "
        "éprouvettes de traction sur demande.",
    ),
    (
        "documentation",
        True,
        "Certificat de réception 3.1 (EN 10204) joint à chaque livraison ; "
        "traçabilité n° de coulée / n° de lot.",
    ),
    (
        "delivery",
        False,
        "Traitement sous 10 jours ouvrés au plus, enlèvement et livraison au site de Vénissieux.",
    ),
    (
        "hse",
        True,
        "Plan de prévention pour les enlèvements sur site ; chauffeurs formés au "
        "protocole de sécurité de chargement et de déchargement.",
    ),
    (
        "hse",
        False,
        "Démarche environnementale (ISO 14001 ou équivalent) et suivi des "
        "consommations de gaz des fours.",
    ),
    ("quality", False, "Réponse à toute réclamation sous 48 h, analyse des causes en 8D."),
    ("documentation", False, "Sous-traitance de rang 2 déclarée et acceptée par écrit."),
]
# name, family, weight
HEAT_CRITERIA = [
    ("Qualité du traitement et maîtrise des fours", "quality", 35),
    ("Délai et respect des dates", "delivery", 25),
    ("Prix", "price", 20),
    ("Engagement RSE", "csr", 10),
    ("Sécurité des enlèvements et livraisons", "safety", 10),
]
# supplier, days before today received, amount, lead time, gaps (missing mandatory), comments,
# scores in the order of the criteria (with a comment on the first one)
HEAT_OFFERS = [
    (
        "Thermi-Lyon Traitements",
        41,
        "38400",
        10,
        "",
        "Offre annuelle, enlèvement deux fois par semaine.",
        [8, 7, 6, 7, 8],
        "Fours récents, audit fournisseur satisfaisant en 2025.",
    ),
    (
        "Thermi-Rhône",
        39,
        "41200",
        12,
        "",
        "Prix ferme 12 mois ; certificat 3.1 dématérialisé.",
        [9, 6, 5, 8, 9],
        "Pyrométrie CQI-9 à jour, aucun écart de dureté sur les essais.",
    ),
    (
        "Forez Thermique",
        37,
        "38900",
        8,
        "",
        "Propose un lot d'essai gratuit de 20 brides.",
        [7, 8, 8, 6, 7],
        "Deux reprises de dureté sur les 12 derniers mois.",
    ),
    (
        "Sud-Loire Traitements",
        36,
        "33600",
        5,
        "Pas d'enregistrement continu des températures sur le four n° 2 ; uniformité non "
        "vérifiée depuis 2024.",
        "Offre la moins chère, délai court.",
        [6, 9, 9, 5, 6],
        "Enregistrement des températures incomplet.",
    ),
]
HEAT_REASON = (
    "Ex aequo avec Forez Thermique à 73,5 / 100. Départagés sur la qualité, critère le plus "
    "pondéré : Thermi-Rhône obtient 9/10 (pyrométrie à jour, aucun écart de "
    "dureté sur le lot d'essai) contre 7/10, et 9/10 en sécurité. Surcoût de 6 % accepté, "
    "dans le budget. Sud-Loire Traitements écarté : exigence obligatoire sur l'enregistrement "
    "des températures non satisfaite."
)

GLOVE_REQUIREMENTS = [
    (
        "technical",
        True,
        "Gants anti-coupure niveau F (EN ISO 13997) selon EN 388:2016, tailles 7 à 11.",
    ),
    ("technical", True, "Manchettes anti-coupure niveau C au moins pour le poste de découpe."),
    (
        "quality",
        True,
        "Déclaration UE de conformité et attestation d'examen UE de type "
        "(EPI de catégorie II) pour chaque référence.",
    ),
    (
        "delivery",
        False,
        "Livraison sous 5 jours ouvrés, stock de consignation au magasin de Roanne.",
    ),
    ("hse", False, "Essais de port par six opérateurs pendant deux semaines avant le choix."),
    ("documentation", True, "Notice d'utilisation et d'entretien en français."),
]
GLOVE_CRITERIA = [
    ("Protection et conformité", "safety", 30),
    ("Confort et dextérité (essais de port)", "other", 25),
    ("Prix", "price", 20),
    ("Délai et consignation", "delivery", 15),
    ("Engagement RSE", "csr", 10),
]


def load(company) -> None:
    today = timezone.localdate()
    user = company.users["coordinator"]
    category = _category(company, user)
    _heat_treatment(company, user, category, today)
    _gloves(company, user, today)


def _category(company, user) -> SupplierCategory:
    category = SupplierCategory.objects.filter(name="Traitements thermiques").first()
    if category is None:
        category = SupplierCategory(
            name="Traitements thermiques",
            org_unit=company.units["FMR"],
            critical=True,
            description="Traitements thermiques sous-traités des pièces forgées et usinées.",
        )
        core.record_create(record=category, user=user)
    return category


def _supplier(company, user, name: str, category=None) -> Supplier:
    """The demo supplier of that name, created if the supplier file lacks it: a prospect met
    through the consultation, in the purchase category of the specification."""
    supplier = Supplier.objects.filter(name=name).first()
    if supplier is None:
        supplier = Supplier(
            name=name,
            siren=SUPPLIERS.get(name, ""),
            status="prospect",
            org_unit=company.units["FMR"],
        )
        core.record_create(record=supplier, user=user)
        if category is not None:
            supplier.categories.add(category)
    return supplier


def _specification(company, user, unit: str, requirements, criteria, **fields) -> Specification:
    spec = Specification(org_unit=company.units[unit], owner=user, **fields)
    core.record_create(record=spec, user=user)
    services.specification_content_save(
        specification=spec,
        requirements=[
            services.Row(None, {"kind": kind, "mandatory": mandatory, "text": text, "order": n})
            for n, (kind, mandatory, text) in enumerate(requirements, start=1)
        ],
        criteria=[
            services.Row(
                None, {"name": name, "family": family, "weight": Decimal(weight), "order": n}
            )
            for n, (name, family, weight) in enumerate(criteria, start=1)
        ],
        user=user,
    )
    core.record_transition(record=spec, user=user, name="consult")
    return Specification.objects.get(pk=spec.pk)


def _offer(company, user, spec, row, today: dt.date) -> Offer:
    name, days, amount, lead, gaps, comments, _scores, _note = row
    offer = Offer(
        specification=spec,
        org_unit=spec.org_unit,
        supplier=_supplier(company, user, name, spec.category),
        received_on=today - dt.timedelta(days=days),
        amount=Decimal(amount),
        lead_time_days=lead,
        mandatory_met=not gaps,
        gaps=gaps,
        comments=comments,
    )
    core.record_create(record=offer, user=user)
    Supplier.objects.filter(pk=offer.supplier_id, status="prospect").update(
        status_changed_on=offer.received_on
    )
    return offer


def _score(spec, user, offers_and_rows) -> None:
    criteria = list(spec.criteria.all())
    entries: dict[tuple[int, int], tuple[Decimal | None, str]] = {}
    for offer, row in offers_and_rows:
        scores, note = row[6], row[7]
        for index, (criterion, score) in enumerate(zip(criteria, scores, strict=False)):
            entries[offer.pk, criterion.pk] = (Decimal(score), note if index == 0 else "")
    services.scores_save(specification=spec, entries=entries, user=user)


def _heat_treatment(company, user, category, today: dt.date) -> None:
    spec = _specification(
        company,
        user,
        "LYO",
        HEAT_REQUIREMENTS,
        HEAT_CRITERIA,
        title="Sous-traitance du traitement thermique des brides",
        category=category,
        subject="Normalisation et trempe-revenu d'environ 1 800 brides forgées par an "
        "(P250GH, 42CrMo4), enlèvement et retour au site de Vénissieux.",
        context="Le contrat actuel arrive à échéance ; deux réclamations clients en 2025 sur "
        "des duretés hors tolérance ont montré la nécessité d'un suivi des fours plus strict.",
        needed_by=today - dt.timedelta(days=5),
        budget=Decimal("42000"),
    )
    offers = [(_offer(company, user, spec, row, today), row) for row in HEAT_OFFERS]
    _score(spec, user, offers)
    chosen = next(o for o, row in offers if row[0] == "Thermi-Rhône")
    services.specification_decide(specification=spec, offer=chosen, reason=HEAT_REASON, user=user)


def _gloves(company, user, today: dt.date) -> None:
    spec = _specification(
        company,
        user,
        "ROA",
        GLOVE_REQUIREMENTS,
        GLOVE_CRITERIA,
        title="Fourniture d'EPI anti-coupure",
        subject="Gants et manchettes anti-coupure pour les postes d'ébavurage et de découpe "
        "de tôles (environ 2 400 paires par an).",
        context="Suite à deux coupures aux avant-bras au poste de découpe, l'analyse des "
        "causes a conclu au remplacement des gants actuels (niveau C) par un niveau F.",
        needed_by=today + dt.timedelta(days=30),
        budget=Decimal("18000"),
    )
    rows = [
        (
            "Protection Rhône Équipements",
            6,
            "15840",
            5,
            "",
            "Gant niveau F en fibre HPPE enduit nitrile ; essais de port en cours.",
            [9, 7, 6, 8, 7],
            "Niveau F confirmé par l'attestation UE de type.",
        ),
        (
            "Gants et Sécurité du Lyonnais",
            3,
            "14200",
            10,
            "",
            "Offre reçue, essais de port prévus la semaine prochaine.",
            [],
            "",
        ),
    ]
    offers = [(_offer(company, user, spec, row, today), row) for row in rows]
    _score(spec, user, offers[:1])
