"""Demo customers of Forges et Mécanique du Rhône: four segments, about twenty-five
customers (fictitious companies, e-mails @example.fr) with their account managers, every
demo customer complaint of the nonconformities module linked to its customer, and the
journey map "De la demande de devis à la livraison" with six stages and fifteen
touchpoints, some followed by the demo indicators."""

from __future__ import annotations

import unicodedata

from amelio.core import services
from amelio.customers.models import Customer, CustomerSegment, Journey, JourneyStage, Touchpoint
from amelio.indicators.models import Indicator
from amelio.nonconformities.models import Nonconformity

SEGMENTS = {
    "Constructeurs automobiles": "Constructeurs de véhicules : exigences IATF 16949, "
    "livraisons en flux tendu, PPM suivis chaque mois.",
    "Équipementiers de rang 1": "Équipementiers qui assemblent nos pièces usinées et "
    "soudées dans leurs sous-ensembles.",
    "Machinisme agricole": "Constructeurs de tracteurs, semoirs et remorques : séries "
    "saisonnières, pièces de châssis.",
    "Distributeurs industriels": "Négociants en fournitures industrielles : petites séries, "
    "pièces de rechange.",
}

# name, code, segment, contact, account manager (username)
CUSTOMERS = [
    ("Automobiles Séquanes", "C1001", "Constructeurs automobiles", "Nathalie Ferrand", "fmasson"),
    ("Véhicules Ardéchois", "C1002", "Constructeurs automobiles", "Pascal Rivière", "fmasson"),
    (
        "Constructions Automobiles du Léman",
        "C1003",
        "Constructeurs automobiles",
        "Sandrine Collet",
        "fmasson",
    ),
    ("Utilitaires de Provence", "C1004", "Constructeurs automobiles", "Marc Delorme", "manager"),
    ("Équipements Moteurs du Jura", "C2001", "Équipementiers de rang 1", "Luc Perret", "manager"),
    (
        "Sièges et Structures de Champagne",
        "C2002",
        "Équipementiers de rang 1",
        "Agnès Huet",
        "manager",
    ),
    (
        "Freinage Industriel Auvergne",
        "C2003",
        "Équipementiers de rang 1",
        "Stéphane Brun",
        "manager",
    ),
    (
        "Tubes et Échappements de Bourgogne",
        "C2004",
        "Équipementiers de rang 1",
        "Isabelle Noël",
        "fmasson",
    ),
    ("Trains Roulants Saônois", "C2005", "Équipementiers de rang 1", "Hervé Caron", "manager"),
    (
        "Carrosserie Industrielle Savoyarde",
        "C2006",
        "Équipementiers de rang 1",
        "Élise Marchal",
        "fmasson",
    ),
    ("Câblages du Forez", "C2007", "Équipementiers de rang 1", "Patrick Lemaire", "rblanc"),
    ("Agromachines du Berry", "C3001", "Machinisme agricole", "Thierry Gaillard", "rblanc"),
    (
        "Matériels Agricoles de Beauce",
        "C3002",
        "Machinisme agricole",
        "Catherine Picard",
        "rblanc",
    ),
    ("Semoirs Vendéens", "C3003", "Machinisme agricole", "Jean-Marc Poirier", "rblanc"),
    ("Remorques du Limousin", "C3004", "Machinisme agricole", "Valérie Renaud", "rblanc"),
    ("Tracto-Services Gascogne", "C3005", "Machinisme agricole", "Didier Arnaud", "rblanc"),
    ("Pulvérisateurs Champenois", "C3006", "Machinisme agricole", "Sylvie Boyer", "rblanc"),
    (
        "Comptoir Industriel Dauphinois",
        "C4001",
        "Distributeurs industriels",
        "Frédéric Giraud",
        "manager",
    ),
    ("Distrimeca Sud-Est", "C4002", "Distributeurs industriels", "Corinne Barbier", "manager"),
    (
        "Fournitures Techniques du Velay",
        "C4003",
        "Distributeurs industriels",
        "Alain Besson",
        "rblanc",
    ),
    (
        "Alpes Industrie Distribution",
        "C4004",
        "Distributeurs industriels",
        "Martine Chauvin",
        "manager",
    ),
    (
        "Quincaillerie Industrielle Lyonnaise",
        "C4005",
        "Distributeurs industriels",
        "Gilles Lacroix",
        "manager",
    ),
    (
        "Roulements et Transmissions de l'Ain",
        "C4006",
        "Distributeurs industriels",
        "Annie Colin",
        "manager",
    ),
    (
        "Hydraulique Services Rhône",
        "C4007",
        "Distributeurs industriels",
        "Bernard Maillard",
        "rblanc",
    ),
    ("Outillage Pro Isère", "C4008", "Distributeurs industriels", "Laurence Hubert", "manager"),
]

JOURNEY = "De la demande de devis à la livraison"
JOURNEY_DESCRIPTION = (
    "Parcours d'un équipementier de rang 1 qui commande des pièces usinées et soudées : "
    "de sa demande de prix jusqu'au traitement de ses réclamations. Revu chaque année en "
    "revue de direction avec les résultats de l'enquête de satisfaction."
)

# order, name, the customer's goal
STAGES = [
    (1, "Demande de devis", "Obtenir vite un prix et un délai fiables."),
    (2, "Offre", "Recevoir une offre claire, complète et comparable."),
    (3, "Commande", "Passer commande simplement et avoir un délai confirmé."),
    (4, "Production", "Être prévenu à temps en cas d'aléa."),
    (5, "Livraison", "Recevoir les bonnes pièces, à l'heure, en bon état."),
    (
        6,
        "Facturation et après-vente",
        "Une facture juste, une réclamation prise en charge et résolue vite.",
    ),
]

# stage order, name, channel, owner, measure, indicator name, rating, pain points
TOUCHPOINTS = [
    (
        1,
        "Réception de la demande",
        "portal",
        "manager",
        "Délai d'accusé de réception de la demande (objectif : moins de 24 h), relevé dans "
        "la boîte commerciale.",
        "",
        4,
        "",
    ),
    (
        1,
        "Étude de faisabilité",
        "phone",
        "manager",
        "Nombre de questions techniques renvoyées au client par demande.",
        "",
        3,
        "Plans incomplets : allers-retours avec le bureau d'études du client.",
    ),
    (
        2,
        "Envoi de l'offre chiffrée",
        "email",
        "fmasson",
        "Délai de remise de l'offre en jours ouvrés (objectif : 5 jours), suivi dans le "
        "tableau des offres.",
        "",
        2,
        "Huit jours en moyenne sur les ensembles soudés ; le client relance.",
    ),
    (
        2,
        "Relance commerciale",
        "phone",
        "fmasson",
        "Taux de transformation des offres (offres acceptées / offres émises), chaque trimestre.",
        "",
        3,
        "",
    ),
    (
        3,
        "Accusé de réception de commande",
        "email",
        "manager",
        "Délai d'envoi de l'accusé de réception (objectif : 48 h).",
        "",
        4,
        "",
    ),
    (
        3,
        "Confirmation du délai",
        "portal",
        "manager",
        "Part des délais confirmés dans la capacité planifiée (charge / capacité de la semaine).",
        "",
        3,
        "Délais confirmés avant la vérification de la capacité en fin de mois.",
    ),
    (
        4,
        "Information sur l'avancement",
        "phone",
        "manager",
        "Nombre de retards annoncés au client avant la date prévue / nombre de retards.",
        "",
        2,
        "Le client apprend souvent le retard le jour de la livraison.",
    ),
    (
        4,
        "Contrôle final et certificat de conformité",
        "document",
        "hperrin",
        "Part des livraisons accompagnées du certificat de conformité et du rapport de contrôle.",
        "Taux de rebut usinage",
        4,
        "",
    ),
    (
        5,
        "Livraison à la date confirmée",
        "delivery",
        "dchevalier",
        "Taux de service : commandes livrées complètes à la date confirmée / commandes "
        "livrées, chaque mois.",
        "Taux de service client",
        3,
        "Retards en fin de mois sur les pièces peintes.",
    ),
    (
        5,
        "Avis d'expédition",
        "email",
        "ylambert",
        "Nombre de commandes livrées en retard par mois.",
        "Retards de livraison",
        3,
        "",
    ),
    (
        5,
        "Conditionnement et étiquetage",
        "delivery",
        "ylambert",
        "Nombre de réserves portées sur les bons de livraison.",
        "",
        2,
        "Pièces rayées faute d'intercalaires dans les bacs.",
    ),
    (
        6,
        "Facture",
        "invoice",
        "agauthier",
        "Nombre d'avoirs émis pour une erreur de facturation, chaque mois.",
        "",
        4,
        "",
    ),
    (
        6,
        "Traitement des réclamations",
        "email",
        "coordinator",
        "Nombre de réclamations par mois ; délai de réponse 8D (objectif : 10 jours).",
        "Réclamations clients",
        2,
        "Réponses 8D souvent hors délai ; le client n'a pas de suivi.",
    ),
    (
        6,
        "Visite client annuelle",
        "visit",
        "fmasson",
        "Compte rendu de visite et points d'action suivis dans le plan d'actions.",
        "",
        4,
        "",
    ),
    (
        6,
        "Enquête de satisfaction",
        "email",
        "coordinator",
        "Note moyenne de l'enquête annuelle (sur 10) et taux de réponse.",
        "Satisfaction client (enquête)",
        4,
        "",
    ),
]


def load(company) -> None:
    """Segments, customers, the links of the demo complaints, and the journey map (after
    the nonconformities and the indicators)."""
    segments = _segments(company)
    customers = _customers(company, segments)
    link_complaints(customers)
    _journey(company, segments["Équipementiers de rang 1"])


def segment_get_or_create(company, name: str, description: str = "") -> CustomerSegment:
    """The segment `name` of the company's root unit, created once (the surveys demo asks
    for the same segments)."""
    root = company.units["FMR"]
    segment = CustomerSegment.objects.filter(org_unit=root, name=name).first()
    if segment is None:
        segment = CustomerSegment(org_unit=root, name=name, description=description)
        services.record_create(record=segment, user=company.users["coordinator"])
    return segment


def _segments(company) -> dict[str, CustomerSegment]:
    return {name: segment_get_or_create(company, name, text) for name, text in SEGMENTS.items()}


def _customers(company, segments) -> list[Customer]:
    created = []
    for name, code, segment, contact, manager in CUSTOMERS:
        first, last = contact.split()[0], contact.split()[-1]
        customer = Customer(
            name=name,
            code=code,
            org_unit=company.units["FMR"],
            segment=segments[segment],
            contact_name=contact,
            contact_email=f"{_plain(first)}.{_plain(last)}@{_plain(name.split()[0])}.example.fr",
            owner=company.users[manager],
        )
        services.record_create(record=customer, user=company.users["coordinator"])
        created.append(customer)
    return created


def _plain(text: str) -> str:
    """Lower-case ASCII letters only, for an e-mail address ("Séquanes" -> "sequanes")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_text.lower() if c.isalpha())


def link_complaints(customers: list[Customer]) -> int:
    """Every customer complaint without a customer gets the customer it names (its
    "customer or supplier" text), else one of the customers in turn. Returns how many."""
    by_name = {c.name: c for c in customers}
    complaints = Nonconformity.objects.filter(nc_type="customer", customer__isnull=True)
    linked = 0
    for index, complaint in enumerate(complaints.order_by("pk")):
        customer = by_name.get(complaint.third_party) or customers[index % len(customers)]
        Nonconformity.objects.filter(pk=complaint.pk).update(
            customer=customer, third_party=customer.name
        )
        linked += 1
    return linked


def _journey(company, segment) -> None:
    unit, coordinator = company.units["LYO"], company.users["coordinator"]
    journey = Journey(
        name=JOURNEY,
        org_unit=unit,
        segment=segment,
        description=JOURNEY_DESCRIPTION,
        owner=company.users["fmasson"],
    )
    services.record_create(record=journey, user=coordinator)
    stages = {}
    for order, name, goal in STAGES:
        stage = JourneyStage(journey=journey, org_unit=unit, order=order, name=name, goal=goal)
        services.record_create(record=stage, user=coordinator)
        stages[order] = stage
    indicators = {i.name: i for i in Indicator.objects.filter(archived_at__isnull=True)}
    for order, name, channel, owner, measure, indicator, rating, pains in TOUCHPOINTS:
        touchpoint = Touchpoint(
            stage=stages[order],
            org_unit=unit,
            name=name,
            channel=channel,
            owner=company.users[owner],
            measure=measure,
            indicator=indicators.get(indicator),
            rating=rating,
            pain_points=pains,
        )
        services.record_create(record=touchpoint, user=coordinator)
