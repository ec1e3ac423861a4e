"""Demo supplier file of Forges et Mécanique du Rhône: ~30 fictitious suppliers across the
purchase categories, their contacts and certifications (a few expiring soon, one expired),
two years of deliveries, supplier nonconformities (the NC demo's ones linked by name, and a
few more with quantities), the supplier audit of the audits demo linked, a default scheme, and
an evaluation every six months computed from those records, classes spread over A, B and C.
Generated from a fixed seed; dates relative to today."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from amelio.audits.models import Audit
from amelio.core import services as core_services
from amelio.core.models import TransitionLog
from amelio.nonconformities.models import Nonconformity
from amelio.suppliers import identifiers, services
from amelio.suppliers.models import (
    Certification,
    Criterion,
    Delivery,
    EvaluationScheme,
    Supplier,
    SupplierCategory,
    SupplierContact,
    SupplierEvaluation,
)

CATEGORIES = [
    ("Aciers et barres", True),
    ("Forgeage sous-traité", True),
    ("Traitement thermique sous-traité", True),
    ("Traitement de surface", True),
    ("Usinage sous-traité", True),
    ("Outillage et consommables", False),
    ("Visserie et quincaillerie", True),
    ("Peintures et poudres", True),
    ("EPI", False),
    ("Maintenance", False),
    ("Transport", False),
    ("Collecte des déchets", False),
    ("Énergie", False),
]

# name, category, city, status, profile (late share, NC per delivery), goods delivered
SUPPLIERS = [
    ("Aciéries du Forez", "Aciers et barres", "Firminy", "approved", "fair", True),
    ("Métaux Lyonnais Distribution", "Aciers et barres", "Corbas", "approved", "good", True),
    (
        "Barres et Profilés du Jarez",
        "Aciers et barres",
        "Saint-Chamond",
        "conditional",
        "poor",
        True,
    ),
    (
        "Forge de la Vallée du Gier",
        "Forgeage sous-traité",
        "Rive-de-Gier",
        "approved",
        "good",
        True,
    ),
    ("Estampage Roannais", "Forgeage sous-traité", "Roanne", "approved", "fair", True),
    ("Forges du Pilat", "Forgeage sous-traité", "Pélussin", "prospect", "", False),
    (
        "Thermi-Rhône",
        "Traitement thermique sous-traité",
        "Vaulx-en-Velin",
        "approved",
        "good",
        True,
    ),
    (
        "Traitements Thermiques du Gier",
        "Traitement thermique sous-traité",
        "Givors",
        "blocked",
        "",
        False,
    ),
    ("Zingage Dauphinois", "Traitement de surface", "Vienne", "approved", "fair", True),
    (
        "Anodisation Beaujolaise",
        "Traitement de surface",
        "Villefranche-sur-Saône",
        "conditional",
        "poor",
        True,
    ),
    ("Peintures Dauphiné", "Peintures et poudres", "Voiron", "approved", "fair", True),
    ("Poudres et Vernis du Sud-Est", "Peintures et poudres", "Valence", "approved", "good", True),
    (
        "Usinage de Précision Ondaine",
        "Usinage sous-traité",
        "Le Chambon-Feugerolles",
        "approved",
        "good",
        True,
    ),
    (
        "Mécanique Générale du Furan",
        "Usinage sous-traité",
        "Saint-Étienne",
        "conditional",
        "poor",
        True,
    ),
    ("Décolletage des Bords de Loire", "Usinage sous-traité", "Feurs", "approved", "fair", True),
    ("Outils Coupants Rhodaniens", "Outillage et consommables", "Givors", "approved", "good", True),
    (
        "Abrasifs et Meules du Centre",
        "Outillage et consommables",
        "Clermont-Ferrand",
        "approved",
        "fair",
        True,
    ),
    ("Visserie Rhône-Alpes", "Visserie et quincaillerie", "Cluses", "approved", "fair", True),
    (
        "Fixations Industrielles Savoie",
        "Visserie et quincaillerie",
        "Annecy",
        "prospect",
        "",
        False,
    ),
    ("Protection Travail Service", "EPI", "Bron", "approved", "good", True),
    ("Sécuri-Équipement Loire", "EPI", "Saint-Étienne", "approved", "fair", True),
    ("Maintenance Industrielle Rhodanienne", "Maintenance", "Saint-Priest", "approved", "", False),
    ("Électro-Services du Lyonnais", "Maintenance", "Vénissieux", "approved", "", False),
    ("Levage Contrôle Sud-Est", "Maintenance", "Chassieu", "conditional", "", False),
    ("Transports Rhône-Loire", "Transport", "Saint-Priest", "approved", "fair", False),
    ("Messagerie du Forez", "Transport", "Andrézieux-Bouthéon", "approved", "good", False),
    ("Recyclage Métaux Rhône", "Collecte des déchets", "Feyzin", "approved", "", False),
    ("Collecte Déchets Industriels 42", "Collecte des déchets", "Roanne", "approved", "", False),
    ("Énergies Locales Coopérative", "Énergie", "Lyon", "approved", "", False),
    ("Gaz Industriels du Rhône", "Énergie", "Pierre-Bénite", "approved", "good", True),
]
BLOCKED_REASON = (
    "Trois lots de pièces trempées hors dureté en 2025 (NC récurrentes), plan d'actions 8D "
    "non tenu et certification ISO 9001 suspendue. Bloqué en attente d'un audit de "
    "requalification."
)
# share of late deliveries, nonconformities per delivery, parts per NC (min, max)
PROFILES = {
    "good": (0.02, 0.02, (2, 8)),
    "fair": (0.10, 0.06, (4, 20)),
    "poor": (0.25, 0.15, (10, 40)),
}
CRITERIA = [
    ("Qualité livrée (PPM)", "ppm", 30, 0, 5000),
    ("Taux de service (livraisons à l'heure)", "otd", 30, 98, 80),
    ("Nombre de non-conformités", "nc_count", 10, 0, 6),
    ("Réactivité sur les non-conformités (jours)", "nc_response_days", 10, 3, 20),
    ("Prix et compétitivité", "rated", 10, None, None),
    ("RSE et sécurité", "rated", 10, None, None),
]
FIRST_NAMES = ["Marc", "Julie", "Nathalie", "Pierre", "Sandrine", "Olivier", "Isabelle", "Fabrice"]
LAST_NAMES = ["Perrin", "Faure", "Chambon", "Guillot", "Bertrand", "Rey", "Fournier", "Besson"]
ROLES = ["Responsable qualité", "Commercial sédentaire", "Directeur d'usine", "ADV"]
DEFECTS = [
    "Dureté hors tolérance",
    "Cote hors tolérance",
    "Certificat matière manquant",
    "Corrosion",
]
HALF_YEAR = 182
DAYS = 2 * 365


def _siren(rng: random.Random) -> str:
    """A fictitious SIREN whose Luhn key checks."""
    while True:
        candidate = f"{rng.randrange(30_000_000, 99_999_999):08d}"
        for key in range(10):
            if identifiers.siren_valid(candidate + str(key)):
                return candidate + str(key)


def _save(record, user) -> None:
    core_services.record_create(record=record, user=user)


def load(company) -> None:
    """Create the demo supplier file (after the NC and audit demos)."""
    rng = random.Random(19)  # noqa: S311  # a fixed seed: every demo looks the same
    today = timezone.localdate()
    user = company.users["coordinator"]
    root = company.units["FMR"]
    categories = _categories(root, user)
    scheme = _scheme(root, user)
    suppliers = []
    for row in SUPPLIERS:
        supplier = _supplier(rng, row, categories, company, today)
        suppliers.append((supplier, row))
        _contacts(rng, supplier, user)
        _certifications(rng, supplier, row, user, today)
        if row[5]:
            _deliveries(rng, supplier, row[4], user, today)
    _link_demo_records()
    for supplier, row in suppliers:
        if row[5] and row[4]:
            _nonconformities(rng, supplier, row[4], company, today)
    for index, (supplier, row) in enumerate(suppliers):
        if row[3] in ("approved", "conditional"):
            _evaluations(rng, index, supplier, row, scheme, user, today)
    _conditional_when_class_c(user)


def _conditional_when_class_c(user) -> None:
    """An approved supplier rated C keeps supplying under an improvement plan: the
    coordinator has made it conditionally approved, as the procedure asks."""
    for supplier in Supplier.objects.filter(status="approved", current_class="C"):
        supplier.status = "conditional"
        supplier.status_reason = (
            "Classe C à la dernière évaluation : plan d'amélioration demandé, "
            "audit fournisseur à programmer."
        )
        supplier.notes = "Conditionnel : plan d'amélioration en cours."
        core_services.record_update(record=supplier, user=user, expected_version=None)


def _categories(root, user) -> dict[str, SupplierCategory]:
    found = {}
    for name, critical in CATEGORIES:
        category = SupplierCategory(name=name, org_unit=root, critical=critical)
        _save(category, user)
        found[name] = category
    return found


def _scheme(root, user) -> EvaluationScheme:
    scheme = EvaluationScheme(
        name="Grille d'évaluation fournisseurs",
        org_unit=root,
        tolerance_days=2,
        description="Évaluation semestrielle : qualité et service calculés depuis les "
        "réceptions et les non-conformités, prix et RSE notés par l'acheteur.",
    )
    _save(scheme, user)
    for position, (name, kind, weight, best, worst) in enumerate(CRITERIA):
        criterion = Criterion(
            scheme=scheme,
            org_unit=root,
            name=name,
            kind=kind,
            weight=weight,
            best_value=best,
            worst_value=worst,
            position=position,
        )
        _save(criterion, user)
    return scheme


def _supplier(rng, row, categories, company, today) -> Supplier:
    name, category, city, status, _profile, _goods = row
    siren = _siren(rng)
    supplier = Supplier(
        name=name,
        org_unit=company.units["FMR"],
        status=status,
        status_reason=BLOCKED_REASON if status == "blocked" else "",
        siren=siren,
        siret=_siret(siren),
        vat_number=identifiers.french_vat_number(siren),
        address=f"{rng.randrange(2, 120)} rue de l'Industrie\n{city}",
        owner=company.users["coordinator"],
        notes="Conditionnel : plan d'amélioration en cours." if status == "conditional" else "",
    )
    _save(supplier, company.users["coordinator"])
    supplier.categories.set([categories[category]])
    supplier.sites_served.set([company.units["LYO"], company.units["ROA"]][: rng.choice([1, 2])])
    changed = today - dt.timedelta(days=rng.randrange(40, 700))
    Supplier.objects.filter(pk=supplier.pk).update(status_changed_on=changed)
    return supplier


def _siret(siren: str) -> str:
    for establishment in range(10, 100_000):
        candidate = f"{siren}{establishment:05d}"
        if identifiers.siret_valid(candidate):
            return candidate
    return ""


def _contacts(rng, supplier, user) -> None:
    for role in rng.sample(ROLES, rng.choice([1, 2])):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        domain = supplier.name.lower().split()[0].replace("é", "e").replace("'", "")
        contact = SupplierContact(
            supplier=supplier,
            org_unit=supplier.org_unit,
            name=f"{first} {last}",
            role=role,
            email=f"{first.lower()}.{last.lower()}@{domain}.example",
            phone=f"04 7{rng.randrange(0, 9)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} "
            f"{rng.randrange(10, 99)}",
        )
        _save(contact, user)


def _certifications(rng, supplier, row, user, today) -> None:
    name, category = row[0], row[1]
    kinds = ["iso9001"]
    if category in ("Forgeage sous-traité", "Aciers et barres", "Traitement thermique sous-traité"):
        kinds.append("iatf16949")
    if category in ("Collecte des déchets", "Traitement de surface", "Énergie"):
        kinds.append("iso14001")
    if category in ("Maintenance", "Transport"):
        kinds = ["iso45001", "other"]
    special = {
        "Zingage Dauphinois": 25,  # expiring soon
        "Thermi-Rhône": 48,
        "Protection Travail Service": 12,
        "Traitements Thermiques du Gier": -70,  # expired
    }
    for position, kind in enumerate(kinds):
        days = special[name] if position == 0 and name in special else rng.randrange(90, 1000)
        certification = Certification(
            supplier=supplier,
            org_unit=supplier.org_unit,
            kind=kind,
            other_name="MASE" if kind == "other" else "",
            number=f"{rng.randrange(10_000, 99_999)}-{rng.randrange(1, 9)}",
            body=rng.choice(["AFNOR Certification", "Bureau Veritas", "SGS", "DEKRA", "LRQA"]),
            valid_until=today + dt.timedelta(days=days),
        )
        _save(certification, user)


def _deliveries(rng, supplier, profile, user, today) -> None:
    late_share = PROFILES.get(profile, PROFILES["fair"])[0]
    unit = rng.choice([supplier.org_unit])
    day = today - dt.timedelta(days=DAYS - rng.randrange(0, 10))
    number = rng.randrange(24000, 25000)
    while day < today - dt.timedelta(days=3):
        late = rng.random() < late_share
        received = day + dt.timedelta(days=rng.randrange(3, 15) if late else -rng.randrange(0, 3))
        number += rng.randrange(1, 40)
        delivery = Delivery(
            supplier=supplier,
            org_unit=unit,
            order_reference=f"CDA-{number}",
            due_date=day,
            received_on=min(received, today),
            quantity_received=rng.choice([200, 500, 800, 1000, 1500, 2000]),
        )
        delivery.created_by = delivery.updated_by = user
        delivery.save()
        day += dt.timedelta(days=rng.randrange(10, 25))
    # One order still expected.
    Delivery(
        supplier=supplier,
        org_unit=unit,
        order_reference=f"CDA-{number + 7}",
        due_date=today + dt.timedelta(days=5),
        quantity_received=0,
        created_by=user,
        updated_by=user,
    ).save()


def _link_demo_records() -> None:
    """The NC demo's supplier nonconformities and the audits demo's supplier audit name their
    supplier by text: point them at the supplier record."""
    for supplier in Supplier.objects.all():
        Nonconformity.objects.filter(
            nc_type="supplier", third_party=supplier.name, supplier__isnull=True
        ).update(supplier=supplier)
        Audit.objects.filter(third_party=supplier.name, supplier__isnull=True).update(
            supplier=supplier
        )


def _nonconformities(rng, supplier, profile, company, today) -> None:
    """More supplier nonconformities, found at goods receipt, with their quantities; each is
    qualified a few days after detection (its first transition)."""
    per_delivery, parts = PROFILES[profile][1], PROFILES[profile][2]
    deliveries = Delivery.objects.filter(supplier=supplier, received_on__isnull=False)
    unit = company.units["LYO"]
    for delivery in deliveries:
        if rng.random() >= per_delivery:
            continue
        defect = rng.choice(DEFECTS)
        detected = (delivery.received_on or today) + dt.timedelta(days=rng.randrange(0, 4))
        if detected >= today:
            continue
        nc = Nonconformity(
            title=f"{defect} — réception {delivery.order_reference}",
            org_unit=unit,
            nc_type="supplier",
            severity=rng.choices(["minor", "major"], [75, 25])[0],
            product="Lot fournisseur",
            lot=f"L{detected:%y%m}-{rng.randrange(10, 99)}",
            order_reference=delivery.order_reference,
            quantity_checked=delivery.quantity_received,
            quantity_nonconforming=rng.randrange(*parts),
            detected_on=detected,
            detection_place="Contrôle réception",
            description=f"{defect} constaté(e) au contrôle réception.",
            defect_type=defect,
            cause_category="material",
            supplier=supplier,
            owner=company.users["coordinator"],
            containment="Lot bloqué en zone rouge, tri ou retour fournisseur.",
        )
        core_services.record_create(record=nc, user=company.users["coordinator"])
        if (today - detected).days > 2:
            core_services.record_transition(
                record=nc, user=company.users["coordinator"], name="qualify"
            )
            response = min(detected + dt.timedelta(days=rng.randrange(1, 12)), today)
            moment = timezone.make_aware(dt.datetime.combine(response, dt.time(9, 0)))
            TransitionLog.objects.filter(
                content_type=ContentType.objects.get_for_model(Nonconformity), object_id=nc.pk
            ).update(created_at=moment)


def _evaluations(rng, index, supplier, row, scheme, user, today) -> None:
    """An evaluation every six months over two years; the last one left to do for a few
    suppliers (overdue), still a draft for two."""
    last_end = today - dt.timedelta(days=30)
    periods = 4 if index % 9 != 4 else 3
    for step in range(periods - 1, -1, -1):
        end = last_end - dt.timedelta(days=HALF_YEAR * (step + (4 - periods)))
        start = end - dt.timedelta(days=HALF_YEAR - 1)
        evaluation = SupplierEvaluation(
            supplier=supplier,
            org_unit=supplier.org_unit,
            scheme=scheme,
            period_start=start,
            period_end=end,
        )
        _save(evaluation, user)  # computed from the records on creation
        base = {"good": 85, "fair": 70, "poor": 50}.get(row[4], 75)
        scores: dict[int, float | None] = {
            line.pk: float(min(100, max(0, base + rng.randrange(-12, 13))))
            for line in evaluation.lines.filter(computed=False)
        }
        services.evaluation_rate(evaluation=evaluation, user=user, scores=scores, comments={})
        if step == 0 and index % 11 == 3:
            continue  # the buyer has not validated the last one yet
        services.evaluation_validate(evaluation=evaluation, user=user)
        SupplierEvaluation.objects.filter(pk=evaluation.pk).update(
            validated_on=min(end + dt.timedelta(days=rng.randrange(5, 25)), today)
        )
