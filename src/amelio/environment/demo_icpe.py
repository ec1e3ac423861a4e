"""Demo ICPE files of Forges et Mécanique du Rhône. Vénissieux, a metalworking site certified
ISO 14001: its machines (rubrique 2560) in three workshops summed to 620 kW, two boilers each
classified alone (2910 is not summed: 2.4 MW DC, 0.8 MW not classified), a cooling tower, the
forklift charging, the flammable liquids store and the refrigerant of the air conditioning;
declared with periodic control (DC), the control due ten years after the last one. Roanne, a
surface treatment site: its electroplating baths are registered (E), so its DC degreasing and
dipping paint need no periodic control."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from amelio.core import services as core
from amelio.environment.demo import _at
from amelio.environment.models import IcpeSite, Installation

# site unit, name, AIOT code, ISO 14001, last periodic control, prefectoral acts
SITES = {
    "LYO": (
        "Forges et Mécanique du Rhône – site de Vénissieux",
        "0006912345",
        True,
        dt.date(2022, 5, 12),
        "Récépissé de déclaration n° 2005-0412 du 3 octobre 2005 (rubriques 2560 et 2920).\n"
        "Preuve de dépôt de déclaration du 14 mars 2016 (rubriques 2560, 2910-A et 2940-3, ligne de peinture poudre).\n"
        "Preuve de dépôt de déclaration du 22 novembre 2021 (rubrique 1185, climatisation "
        "des bureaux).",
    ),
    "ROA": (
        "Forges et Mécanique du Rhône – site de Roanne",
        "0006907821",
        False,
        dt.date(2021, 9, 20),
        "Récépissé de déclaration n° 2009-0087 du 5 février 2009 (rubriques 2563 et 2940).\n"
        "Arrêté préfectoral d'enregistrement n° DDPP-ENV-2019-0142 du 17 juin 2019 "
        "(rubrique 2565-2-a).",
    ),
}

# site, unit, name, rubrique, part of the rubrique, quantity, commissioned on, notes
INSTALLATIONS = [
    ("LYO", "LYO-USI", "Atelier usinage : 12 centres d'usinage CN", "2560", "", "420", dt.date(2005, 9, 1), "Puissance installée des machines fixes pouvant fonctionner simultanément."),
    ("LYO", "LYO-TOL", "Atelier tôlerie : presses plieuses, cisaille, poinçonneuse", "2560", "", "140", dt.date(2005, 9, 1), "Seule, la tôlerie resterait sous le seuil de 150 kW : ce sont les puissances cumulées du site qui classent."),
    ("LYO", "LYO-MAI", "Atelier de maintenance : tour, fraiseuse, perceuses", "2560", "", "60", dt.date(2012, 3, 15), ""),
    ("LYO", "LYO-MAI", "Chaudière gaz naturel du réseau de chauffage", "2910", "A", "2.4", dt.date(2016, 4, 1), "Gaz naturel. Puissance thermique nominale de 2,4 MW."),
    ("LYO", "LYO-PEI", "Ligne de peinture poudre : cabine de poudrage et four de polymérisation", "2940", "3", "80", dt.date(2016, 3, 1), "Poudres polyester ; 80 kg par jour au plus. Le traitement thermique des pièces est sous-traité : aucun four de trempe sur le site."),
    ("LYO", "LYO-LOG", "Local de charge des chariots élévateurs", "2925", "1", "120", dt.date(2019, 6, 1), "8 chargeurs de 15 kW."),
    ("LYO", "LYO-LOG", "Magasin des liquides inflammables (solvants, huiles de coupe)", "4331", "", "12", dt.date(2005, 9, 1), ""),
    ("LYO", "LYO-DIR", "Climatisation des bureaux et de la salle des serveurs", "1185", "2", "350", dt.date(2021, 11, 1), "Fluide R410A ; contrôle d'étanchéité semestriel par un opérateur certifié."),
    ("ROA", "ROA-TS", "Ligne de zingage électrolytique et de passivation", "2565", "2", "9000", dt.date(2019, 9, 1), "Volume total des cuves de traitement (hors rinçages morts)."),
    ("ROA", "ROA-TS", "Tunnel de dégraissage lessiviel", "2563", "", "3000", dt.date(2009, 3, 1), ""),
    ("ROA", "ROA-ASS", "Bac de peinture au trempé", "2940", "1", "300", dt.date(2009, 3, 1), "Peinture en phase aqueuse."),
    ("ROA", "ROA-MAG", "Citerne de propane du chauffage et des bains", "4718", "2", "3.2", dt.date(2011, 6, 1), "Citerne aérienne de 3,2 t en location, sous le seuil de déclaration de 6 t."),
]  # fmt: skip


def _site(company, unit: str, created: dt.datetime) -> IcpeSite:
    name, aiot, iso14001, last_control, acts = SITES[unit]
    site = IcpeSite(
        org_unit=company.units[unit],
        name=name,
        aiot_code=aiot,
        iso14001=iso14001,
        last_control_on=last_control,
        prefecture_acts=acts,
        owner=company.users["coordinator"],
        created_at=created,
        updated_at=created,
    )
    core.record_create(record=site, user=company.users["coordinator"])
    return site


def load(company) -> None:
    """Create the ICPE file of each site and its installations; each saved installation
    classifies its site again."""
    coordinator = company.users["coordinator"]
    created = _at(timezone.localdate() - dt.timedelta(days=730), 9)
    sites = {unit: _site(company, unit, created) for unit in SITES}
    for site_unit, unit, name, rubrique, scale, quantity, commissioned, notes in INSTALLATIONS:
        installation = Installation(
            site=sites[site_unit],
            org_unit=company.units[unit],
            name=name,
            rubrique=rubrique,
            scale=scale,
            quantity=Decimal(quantity),
            commissioned_on=commissioned,
            notes=notes,
            created_at=created,
            updated_at=created,
        )
        core.record_create(record=installation, user=coordinator)
