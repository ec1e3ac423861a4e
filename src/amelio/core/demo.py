"""The demo company: Forges et Mécanique du Rhône, a fictional French metalworking SME with
two sites, ~140 people, departments, work units and the five demo users.

Each domain app may add its own demo records with a `demo.py` module exposing
`load(company: DemoCompany)`; `load_demo()` calls them in registry order, those that read
other apps' records (a module-level `DEMO_ORDER` above 0) after the rest. Records a loader
leaves on the load day are then dated in the past from their own dates (`settle_dates`),
and a loader's optional `finish(company)` runs last, on the dated records (the indicators
computed from the registers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType

from auditlog.context import set_actor
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation

from amelio.core.models import OrgUnit, Record, RoleAssignment, TransitionLog, User
from amelio.core.permissions import Role
from amelio.core.registry import registry

DEMO_PASSWORD = "amelio-demo"  # noqa: S105  # the demo's published password
DEMO_ROOT_CODE = "FMR"
# How far back the demo's history goes: records whose own dates are older were entered when
# the company started using Amelio, at the beginning of this history.
HISTORY_DAYS = 3 * 365

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

# user name -> user name of their manager, to whom their overdue actions escalate: the site
# director above the QSE and production managers, who own most actions. The staff's
# managers are set with the competence matrix (training.demo_competences).
DEMO_MANAGERS = {
    "employee": "manager",
    "manager": "fmasson",
    "coordinator": "fmasson",
    "auditor": "coordinator",
    "admin": "fmasson",
    "rblanc": "fmasson",
}

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


def load_demo(progress: Callable[[str], None] | None = None) -> DemoCompany:
    """Load the demo (see `_load`), with the coordinator as the actor of the history, in
    French: what a loader takes from translated texts (a standard's title, a checklist's
    questions) is written as the French company would read it. `progress` is told the name
    of each app as its demo is loaded."""
    with translation.override("fr"), transaction.atomic():
        company = _load(progress or (lambda _label: None))
    return company


def _load(progress: Callable[[str], None]) -> DemoCompany:
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
    for username, manager in DEMO_MANAGERS.items():
        company.users[username].manager = company.users[manager]
        company.users[username].save(update_fields=["manager"])
    modules = _loaders()
    with set_actor(company.users["coordinator"]):
        for module in modules:
            progress(module.__name__.split(".")[1])
            module.load(company)
        settle_dates(timezone.localdate())
        for module in modules:
            if hasattr(module, "finish"):
                module.finish(company)
    return company


def _loaders() -> list[ModuleType]:
    """The apps' demo modules in loading order: a loader that reads other apps' records
    (compliance reads the sites' facts) sets a higher `DEMO_ORDER`; the others keep the
    registry order."""
    modules = []
    for app_label in registry.app_labels():
        try:
            modules.append(import_module(f"amelio.{app_label}.demo"))
        except ModuleNotFoundError:
            continue
    modules.sort(key=lambda module: getattr(module, "DEMO_ORDER", 0))
    return modules


def settle_dates(today: dt.date) -> None:
    """Date in the past the records the loaders created on the load day, and their workflow
    transitions, so that the demo reads as years of use and not as one day of typing.

    A record is entered on the day of its earliest own date (an accident the day it happens,
    an action the day it starts), never before the demo's history: a record with no date of
    its own was entered when the company set Amelio up, one whose dates are all to come in
    the last weeks. Its transitions follow, spread up to its latest past date. Records a
    loader already dated, and those of today (an accident of this morning), stay as they are.
    """
    since = _moment(today, 0)
    for model in apps.get_models():
        if not issubclass(model, Record):
            continue
        changed = []
        rows = model.objects.filter(created_at__gte=since).values_list("pk", *_date_fields(model))
        for pk, *dates in rows:
            created, updated = _entered(today, pk, dates)
            if created < since:
                record = model(created_at=created, updated_at=updated)
                record.pk = pk
                changed.append(record)
        model.objects.bulk_update(changed, ["created_at", "updated_at"], batch_size=500)
    _settle_transitions(since)


def _date_fields(model: type[models.Model]) -> list[str]:
    """The model's own dates and date-times (not those of its bookkeeping)."""
    own = ("created_at", "updated_at", "archived_at")
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField) and field.name not in own
    ]


def _entered(today: dt.date, pk: int, dates: list) -> tuple[dt.datetime, dt.datetime]:
    """When a record of these own dates was entered, and last changed."""
    moments = _moments(dates, pk)
    now = timezone.now()
    past = sorted(moment for moment in moments if moment < now)
    first = today - dt.timedelta(days=HISTORY_DAYS)
    if past:
        created = max(past[0], _moment(first + dt.timedelta(days=pk % 90), 8 + pk % 9))
        return created, max(created, past[-1])
    if moments:
        created = _moment(today - dt.timedelta(days=5 + pk % 40), 8 + pk % 9)
    else:
        created = _moment(first + dt.timedelta(days=pk % 120), 8 + pk % 9)
    return created, created


def _moments(dates: list, pk: int) -> list[dt.datetime]:
    """A record's own dates as instants (a date in the working hours)."""
    return [
        value if isinstance(value, dt.datetime) else _moment(value, 8 + pk % 9)
        for value in dates
        if value is not None
    ]


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _settle_transitions(since: dt.datetime) -> None:
    """Spread the transitions of today of each record entered in the past between its entry
    and its latest past date."""
    logs: dict[tuple[int, int], list[TransitionLog]] = {}
    for log in TransitionLog.objects.filter(created_at__gte=since).order_by("pk"):
        logs.setdefault((log.content_type_id, log.object_id), []).append(log)
    changed = []
    for kind, pks in _by_kind(logs).items():
        model = ContentType.objects.get_for_id(kind).model_class()
        if model is None or not issubclass(model, Record):
            continue
        names = _date_fields(model)
        for pk, created, *dates in model.objects.filter(pk__in=pks).values_list(
            "pk", "created_at", *names
        ):
            if created >= since:
                continue
            last = max([created, *(m for m in _moments(dates, pk) if m < since)])
            entries = logs[(kind, pk)]
            step = (last - created) / (len(entries) + 1)
            for index, log in enumerate(entries, start=1):
                log.created_at = created + step * index
                changed.append(log)
    TransitionLog.objects.bulk_update(changed, ["created_at"], batch_size=500)


def _by_kind(logs: dict[tuple[int, int], list]) -> dict[int, list[int]]:
    kinds: dict[int, list[int]] = {}
    for kind, pk in logs:
        kinds.setdefault(kind, []).append(pk)
    return kinds
