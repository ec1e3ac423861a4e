"""A large organisation for the benchmark: 1 root, 50 sites with departments, 1,000 users with
their roles, and N context issues spread over the units. Deterministic (seeded).

Records go in with `bulk_create`, which bypasses `Record.save()`: the reference is set here
("CTX-2026-000001") and the reference sequences are set to the last numbers given.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from amelio.context.models import ContextIssue, Domain, Origin
from amelio.core.models import OrgUnit, ReferenceSequence, RoleAssignment, User
from amelio.core.permissions import Role

SITES = 50
DEPARTMENTS = ("PROD", "QSE", "MAI", "LOG")
USERS = 1000
BATCH = 5000
SEED = 2026
COORDINATOR = "bench-coordinator"
MANAGER = "bench-manager"
SEARCH_WORD = "compresseur"
EXPORT_DOMAIN = Domain.ENERGY
PASSWORD = "amelio-bench"

FIRST_NAMES = [
    "Alain",
    "Claire",
    "Julien",
    "Sophie",
    "Karim",
    "Nadia",
    "Paul",
    "Léa",
    "Hugo",
    "Inès",
    "Marc",
    "Emma",
    "Louis",
    "Chloé",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Michel",
    "Garcia",
    "Roux",
    "Fournier",
]
TOPICS = [
    "compresseur",
    "chaudière",
    "fournisseur",
    "sous-traitant",
    "client",
    "transporteur",
    "chariot",
    "presse",
    "robot",
    "four",
    "cabine",
    "solvant",
    "déchet",
    "effluent",
    "bruit",
    "poussière",
    "vibration",
    "éclairage",
    "climatisation",
    "logiciel",
    "réseau",
    "stock",
    "emballage",
    "palette",
    "formation",
    "habilitation",
    "recrutement",
    "intérim",
    "astreinte",
    "maintenance",
    "étalonnage",
    "audit",
    "certification",
    "réglementation",
    "subvention",
    "tarif",
    "énergie",
    "électricité",
    "gaz",
    "eau",
    "carburant",
    "assurance",
    "banque",
    "voisinage",
    "mairie",
    "inspection",
]
SUBJECTS = (
    "Dépendance à un {t} unique",
    "Vieillissement du parc {t}",
    "Hausse du coût lié au {t}",
    "Savoir-faire reconnu sur le {t}",
    "Nouvelle exigence concernant le {t}",
    "Retards récurrents du {t}",
    "Opportunité de marché autour du {t}",
    "Risque de rupture sur le {t}",
)
SENTENCES = (
    "Le sujet a été relevé lors de la revue de direction.",
    "Plusieurs clients ont signalé le point pendant les réunions trimestrielles.",
    "Les indicateurs du dernier semestre montrent une évolution nette.",
    "Une analyse plus poussée est prévue avec le service achats.",
    "Le comité social et économique a demandé un suivi régulier.",
    "La veille réglementaire annonce des changements pour l'an prochain.",
    "Les sites voisins font face à la même situation.",
)
DOMAIN_WEIGHTS = {
    Domain.QUALITY: 30,
    Domain.SAFETY: 25,
    Domain.ENVIRONMENT: 20,
    Domain.ENERGY: 10,
    Domain.ALL: 15,
}


@dataclass
class Organisation:
    """What the generator made, for the measurement to pick users and units."""

    root: OrgUnit
    sites: list[OrgUnit] = field(default_factory=list)
    units: list[OrgUnit] = field(default_factory=list)
    users: list[User] = field(default_factory=list)


def generate(records: int, log=print) -> dict:
    """Fill an empty, migrated database; return what was made and how long it took."""
    started = time.perf_counter()
    rng = random.Random(SEED)
    with transaction.atomic():
        org = make_units(log)
        make_users(org, rng, log)
        make_roles(org, rng)
    made = make_issues(org, records, rng, log)
    analyse()
    seconds = time.perf_counter() - started
    log(f"  generated {made} records in {seconds:.1f} s")
    return {
        "units": len(org.units) + 1,
        "sites": len(org.sites),
        "users": len(org.users),
        "role_assignments": RoleAssignment.objects.count(),
        "records": made,
        "seconds": round(seconds, 1),
    }


def make_units(log=print) -> Organisation:
    """Root, sites and departments, saved one by one so that `save()` sets path and depth."""
    root = OrgUnit(kind=OrgUnit.Kind.ORGANISATION, name="Groupe Bench Industrie", code="BENCH")
    root.save()
    org = Organisation(root=root)
    for number in range(1, SITES + 1):
        site = OrgUnit(
            kind=OrgUnit.Kind.SITE, name=f"Site {number:02d}", code=f"S{number:02d}", parent=root
        )
        site.save()
        org.sites.append(site)
        org.units.append(site)
        for dept in DEPARTMENTS:
            unit = OrgUnit(
                kind=OrgUnit.Kind.DEPARTMENT,
                name=f"{dept} site {number:02d}",
                code=f"S{number:02d}-{dept}",
                parent=site,
            )
            unit.save()
            org.units.append(unit)
    log(f"  {len(org.units) + 1} org units")
    return org


def make_users(org: Organisation, rng: random.Random, log=print) -> None:
    """1,000 users sharing one password hash (hashing 1,000 times would take a minute)."""
    password = make_password(PASSWORD)
    names = [COORDINATOR, MANAGER] + [f"bench-{n:04d}" for n in range(3, USERS + 1)]
    users = [
        User(
            username=name,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            email=f"{name}@bench.example",
            password=password,
        )
        for name in names
    ]
    User.objects.bulk_create(users, batch_size=500)
    org.users = list(User.objects.filter(username__startswith="bench-").order_by("id"))
    log(f"  {len(org.users)} users")


def make_roles(org: Organisation, rng: random.Random) -> None:
    """A coordinator at the root, a manager of site 01, the others mostly on one site."""
    by_name = {u.username: u for u in org.users}
    rows = [
        RoleAssignment(user=by_name[COORDINATOR], org_unit=org.root, role=Role.COORDINATOR),
        RoleAssignment(user=by_name[MANAGER], org_unit=org.sites[0], role=Role.MANAGER),
    ]
    roles = [Role.READER, Role.CONTRIBUTOR, Role.MANAGER, Role.AUDITOR]
    for user in org.users[2:]:
        draw = rng.random()
        if draw < 0.05:
            unit, role = org.root, rng.choice([Role.READER, Role.AUDITOR])
        elif draw < 0.85:
            unit, role = rng.choice(org.sites), rng.choices(roles, [40, 35, 15, 10])[0]
        else:
            unit, role = rng.choice(org.units), rng.choice(roles)
        rows.append(RoleAssignment(user=user, org_unit=unit, role=role))
    RoleAssignment.objects.bulk_create(rows, batch_size=500)


def make_issues(org: Organisation, records: int, rng: random.Random, log=print) -> int:
    """N context issues in batches, oldest first, spread over every site and department."""
    now = timezone.now().replace(microsecond=0)
    start = now - dt.timedelta(days=3 * 365)
    step = (now - start) / max(records, 1)
    sequences: Counter = Counter()
    made = 0
    while made < records:
        size = min(BATCH, records - made)
        batch = [
            issue_row(org, rng, start + step * (made + i), now, sequences) for i in range(size)
        ]
        with transaction.atomic():
            ContextIssue.objects.bulk_create(batch, batch_size=1000)
        made += size
        if made % 20000 == 0 or made == records:
            log(f"  {made} records")
    ReferenceSequence.objects.bulk_create(
        [ReferenceSequence(prefix="CTX", year=year, last=last) for year, last in sequences.items()]
    )
    return made


def issue_row(org, rng: random.Random, created, now, sequences: Counter) -> ContextIssue:
    """One issue that satisfies the model rules (internal: strength/weakness, no PESTEL)."""
    created = created + dt.timedelta(seconds=rng.randint(0, 59))
    sequences[created.year] += 1
    origin = rng.choice([Origin.INTERNAL, Origin.EXTERNAL])
    internal = origin == Origin.INTERNAL
    swot = rng.choice(["strength", "weakness"] if internal else ["opportunity", "threat"])
    pestel = "" if internal or rng.random() < 0.1 else rng.choice(ContextIssue.Pestel.values)
    author = rng.choice(org.users)
    archived = created + dt.timedelta(days=30) if rng.random() < 0.02 else None
    return ContextIssue(
        reference=f"CTX-{created.year}-{sequences[created.year]:06d}",
        org_unit=rng.choice(org.units),
        created_at=created,
        created_by=author,
        updated_at=min(created + dt.timedelta(days=rng.randint(0, 90)), now),
        updated_by=author,
        archived_at=min(archived, now) if archived else None,
        title=rng.choice(SUBJECTS).format(t=rng.choice(TOPICS)),
        origin=origin,
        pestel=pestel,
        swot=swot,
        domain=rng.choices(list(DOMAIN_WEIGHTS), list(DOMAIN_WEIGHTS.values()))[0],
        description=" ".join(rng.sample(SENTENCES, 3)),
        impact=rng.choices([1, 2, 3, 4], [20, 40, 25, 15])[0],
        trend=rng.choice(ContextIssue.Trend.values),
        climate_related=rng.random() < 0.15,
        owner=rng.choice(org.users) if rng.random() < 0.9 else None,
        review_date=(now + dt.timedelta(days=rng.randint(-365, 365))).date()
        if rng.random() < 0.8
        else None,
    )


def analyse() -> None:
    """Give the planner statistics, as autovacuum would on a live PostgreSQL server.

    SQLite is left as Amelio leaves it (Amelio runs no ANALYZE), to measure what is deployed.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def is_generated(records: int) -> bool:
    """Whether the database already holds a complete bench organisation of that size."""
    try:
        return (
            ContextIssue.objects.count() == records
            and User.objects.filter(username__startswith="bench-").count() == USERS
        )
    except Exception:
        return False
