"""The demo company: Forges et Mécanique du Rhône, a fictional French metalworking SME with
two sites, ~140 people, departments, work units and the five demo users.

Each domain app may add its own demo records with a `demo.py` module exposing
`load(company: DemoCompany)`; `load_demo()` calls them in registry order, those that read
other apps' records (a module-level `DEMO_ORDER` above 0) after the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from auditlog.context import set_actor
from django.db import transaction

from amelio.core.models import OrgUnit, RoleAssignment, User
from amelio.core.permissions import Role
from amelio.core.registry import registry

DEMO_PASSWORD = "amelio-demo"  # noqa: S105  # the demo's published password
DEMO_ROOT_CODE = "FMR"

# username, first name, last name, job title (fr), role, unit code, language
DEMO_USERS = [
    ("admin", "Alain", "Dufour", "Responsable informatique", Role.ADMINISTRATOR, "FMR", "fr"),
    ("coordinator", "Claire", "Martin", "Responsable QSE", Role.COORDINATOR, "FMR", "fr"),
    ("manager", "Julien", "Bernard", "Responsable de production", Role.MANAGER, "LYO", "fr"),
    ("auditor", "Sophie", "Leroy", "Auditrice interne", Role.AUDITOR, "FMR", "fr"),
    ("employee", "Karim", "Benali", "Régleur CN", Role.CONTRIBUTOR, "LYO", "fr"),
]

# The staff who do not sign in to the demo but attend trainings, hold authorisations and
# acknowledge procedures: username, first name, last name, job title (fr), unit code.
# Each is a contributor of their unit, with no usable password.
DEMO_STAFF = [
    ("pgirard", "Paul", "Girard", "Chef d'atelier soudure", "LYO-SOU"),
    ("lmoreau", "Lucas", "Moreau", "Soudeur", "LYO-SOU"),
    ("nfaure", "Nadia", "Faure", "Soudeuse", "LYO-SOU"),
    ("tmercier", "Thomas", "Mercier", "Opérateur commande numérique", "LYO-USI"),
    ("erousseau", "Émilie", "Rousseau", "Opératrice commande numérique", "LYO-USI"),
    ("mbonnet", "Mehdi", "Bonnet", "Plieur", "LYO-TOL"),
    ("aroux", "Antoine", "Roux", "Tôlier", "LYO-TOL"),
    ("cvincent", "Céline", "Vincent", "Peintre poudre", "LYO-PEI"),
    ("jfontaine", "Jérôme", "Fontaine", "Technicien de maintenance", "LYO-MAI"),
    ("sgarnier", "Sébastien", "Garnier", "Électricien de maintenance", "LYO-MAI"),
    ("dchevalier", "David", "Chevalier", "Cariste", "LYO-LOG"),
    ("ylambert", "Yasmine", "Lambert", "Préparatrice de commandes", "LYO-LOG"),
    ("hperrin", "Hélène", "Perrin", "Technicienne qualité", "LYO-QSE"),
    ("fmasson", "François", "Masson", "Directeur de site", "LYO-DIR"),
    ("agauthier", "Audrey", "Gauthier", "Assistante ressources humaines", "LYO-DIR"),
    ("rblanc", "Romain", "Blanc", "Responsable de production Roanne", "ROA-PROD"),
    ("ilefebvre", "Inès", "Lefebvre", "Opératrice traitement de surface", "ROA-TS"),
    ("bmathieu", "Bruno", "Mathieu", "Opérateur traitement de surface", "ROA-TS"),
    ("ogarcia", "Olivier", "Garcia", "Monteur", "ROA-ASS"),
    ("lclement", "Laura", "Clément", "Monteuse", "ROA-ASS"),
    ("vmorel", "Vincent", "Morel", "Magasinier cariste", "ROA-MAG"),
    ("kdavid", "Kevin", "David", "Technicien de maintenance", "ROA-PROD"),
]

# code, name, kind, parent code, extra fields
DEMO_UNITS = [
    ("FMR", "Forges et Mécanique du Rhône", "organisation", None, {}),
    (
        "LYO",
        "Site de Vénissieux",
        "site",
        "FMR",
        {
            "address": "12 rue des Forgerons\n69200 Vénissieux",
            "siret": "81234567600017",
            "headcount": 96,
            "hours_worked_per_year": 152_640,
        },
    ),
    (
        "ROA",
        "Site de Roanne",
        "site",
        "FMR",
        {
            "address": "4 allée du Canal\n42300 Roanne",
            "siret": "81234567600025",
            "headcount": 44,
            "hours_worked_per_year": 69_960,
        },
    ),
    ("LYO-DIR", "Direction et fonctions support", "department", "LYO", {}),
    ("LYO-QSE", "Service QSE", "department", "LYO", {}),
    ("LYO-PROD", "Production", "department", "LYO", {}),
    ("LYO-USI", "Usinage CN", "work_unit", "LYO-PROD", {}),
    ("LYO-TOL", "Tôlerie - pliage", "work_unit", "LYO-PROD", {}),
    ("LYO-SOU", "Soudure", "work_unit", "LYO-PROD", {}),
    ("LYO-PEI", "Peinture poudre", "work_unit", "LYO-PROD", {}),
    ("LYO-MAI", "Maintenance", "department", "LYO", {}),
    ("LYO-LOG", "Logistique et expédition", "department", "LYO", {}),
    ("ROA-PROD", "Production Roanne", "department", "ROA", {}),
    ("ROA-TS", "Traitement de surface", "work_unit", "ROA-PROD", {}),
    ("ROA-ASS", "Assemblage", "work_unit", "ROA-PROD", {}),
    ("ROA-MAG", "Magasin", "department", "ROA", {}),
]


@dataclass
class DemoCompany:
    """What the app demo loaders receive: units and users by code / username."""

    units: dict[str, OrgUnit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


class DemoRefused(Exception):
    """The database holds data that is not the demo's."""


def foreign_data() -> list[str]:
    """What in the database is not demo data (empty list: safe to load the demo)."""
    found = []
    demo_names = {u[0] for u in DEMO_USERS} | {u[0] for u in DEMO_STAFF}
    others = User.objects.exclude(username__in=demo_names)
    if others.exists():
        found.append(f"{others.count()} user(s) other than the demo accounts")
    roots = OrgUnit.objects.filter(parent__isnull=True).exclude(code=DEMO_ROOT_CODE)
    if roots.exists():
        found.append(f"organisation(s) other than the demo: {', '.join(r.name for r in roots)}")
    return found


def is_loaded() -> bool:
    return OrgUnit.objects.filter(code=DEMO_ROOT_CODE).exists()


def load_demo() -> DemoCompany:
    """Load the demo (see `_load`), with the coordinator as the actor of the history."""
    with transaction.atomic():
        company = _load()
    return company


def _load() -> DemoCompany:
    """Create the demo company and call every app's demo loader. Refuses foreign data."""
    problems = foreign_data()
    if problems:
        raise DemoRefused("; ".join(problems))
    company = DemoCompany()
    if is_loaded():
        return company
    for code, name, kind, parent, extra in DEMO_UNITS:
        parent_unit = company.units[parent] if parent else None
        unit = OrgUnit(code=code, name=name, kind=kind, parent=parent_unit, **extra)
        unit.full_clean()
        unit.save()
        company.units[code] = unit
    for username, first, last, title, role, unit_code, _language in DEMO_USERS:
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{username}@fmr.example",
            job_title=title,
            language="",
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        RoleAssignment.objects.create(user=user, org_unit=company.units[unit_code], role=role)
        company.users[username] = user
    for username, first, last, title, unit_code in DEMO_STAFF:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@fmr.example",
            job_title=title,
        )
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.create(
            user=user, org_unit=company.units[unit_code], role=Role.CONTRIBUTOR
        )
        company.users[username] = user
    company.users["employee"].manager = company.users["manager"]
    company.users["employee"].save(update_fields=["manager"])
    modules = []
    for app_label in registry.app_labels():
        try:
            modules.append(import_module(f"amelio.{app_label}.demo"))
        except ModuleNotFoundError:
            continue
    # A loader that reads other apps' records (compliance reads the sites' facts) sets a
    # higher `DEMO_ORDER`; the others keep the registry order.
    modules.sort(key=lambda module: getattr(module, "DEMO_ORDER", 0))
    with set_actor(company.users["coordinator"]):
        for module in modules:
            module.load(company)
    return company
