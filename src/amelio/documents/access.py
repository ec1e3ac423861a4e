"""Who may reach a document, and who must read it: the document's distribution read both ways.

`reach_condition(user)` is the condition `Document.access_condition` (and its versions') gives
to `for_user`, so every path to a document or its files (pages, API, search, exports, evidence
downloads, related-record choices) applies it:

- public and internal documents follow the org-unit scope alone;
- a confidential one is also reached only by its distribution (a person named, everyone with a
  role on a unit listed or below it, everyone holding a role listed), the people who wrote,
  review or approve it, and those who may approve on its unit (they administer the library);
- a restricted one only by the people named in it and those who wrote, review or approve it.

`concerned_people(document)` is who must acknowledge its published versions: the same
distribution lines, among the people who may read the document. See decision 0028.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from amelio.core.permissions import can, may_read_shared, unit_scope

NOTHING = Q(pk__in=[])


def _assignments(user) -> list[tuple[str, str]]:
    """The (role, unit path) pairs `user` holds, cached on the user for the request."""
    if "_amelio_assignments" not in user.__dict__:
        user.__dict__["_amelio_assignments"] = list(
            user.role_assignments.filter(org_unit__archived_at__isnull=True).values_list(
                "role", "org_unit__path"
            )
        )
    return user.__dict__["_amelio_assignments"]


def _ancestors_or_self(paths: list[str]) -> list[str]:
    """Every path at or above one of `paths` ("/1/4/9/" gives "/1/", "/1/4/", "/1/4/9/")."""
    found: set[str] = set()
    for path in paths:
        parts = path.strip("/").split("/")
        found.update("/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1))
    return sorted(found)


def _distributed_to(user, prefix: str) -> Q:
    """The documents whose distribution names `user`, one of their units or one of their roles."""
    from amelio.documents.models import Distribution

    assignments = _assignments(user)
    lines = Distribution.objects.filter(
        Q(person=user)
        | Q(org_unit__path__in=_ancestors_or_self([path for _role, path in assignments]))
        | Q(role__in=sorted({role for role, _path in assignments}))
    )
    return Q(**{f"{prefix}pk__in": lines.values("document_id")})


def _named(user, prefix: str) -> Q:
    from amelio.documents.models import Distribution

    return Q(**{f"{prefix}pk__in": Distribution.objects.filter(person=user).values("document_id")})


def _involved(user, prefix: str) -> Q:
    """The documents `user` owns, wrote or was asked to review or approve."""
    from amelio.documents.models import Signoff

    signed = Signoff.objects.filter(person=user).values("version__document_id")
    return (
        Q(**{f"{prefix}owner": user})
        | Q(**{f"{prefix}created_by": user})
        | Q(**{f"{prefix}pk__in": signed})
    )


def _approvers(user, prefix: str) -> Q:
    """The documents of the units where `user` may approve."""
    condition = unit_scope(user, "approve", field=f"{prefix}org_unit")
    # Approving everywhere reaches every document: an empty Q() would be dropped from the
    # OR it joins (Django keeps the other side alone), so the condition is spelled out.
    return Q(**{f"{prefix}pk__isnull": False}) if condition is None else condition


def reach_condition(user: Any, prefix: str = "") -> Q:
    """The documents `user` may reach whatever their role allows on the unit; `prefix` is the
    path to the document from another model ("document__" for a version)."""
    from amelio.documents.models.library import OPEN_LEVELS, Confidentiality

    if not (user and user.is_authenticated and user.is_active):
        return NOTHING
    level = f"{prefix}confidentiality"
    involved = _involved(user, prefix)
    confidential = Q(**{level: Confidentiality.CONFIDENTIAL}) & (
        involved | _distributed_to(user, prefix) | _approvers(user, prefix)
    )
    restricted = Q(**{level: Confidentiality.RESTRICTED}) & (involved | _named(user, prefix))
    return Q(**{f"{level}__in": OPEN_LEVELS}) | confidential | restricted


def _on_distribution(person, document, lines) -> bool:
    """Whether one of the distribution `lines` names `person`, one of their units or roles."""
    paths = set(_ancestors_or_self([path for _role, path in _assignments(person)]))
    roles = {role for role, _path in _assignments(person)}
    return any(
        line.person_id == person.pk
        or (line.org_unit_id and line.org_unit.path in paths)
        or (line.role and line.role in roles)
        for line in lines
    )


def may_read(person, document) -> bool:
    """Whether `person` may read `document` (its unit scope, the company library read by its
    sites, and its confidentiality), without a query per document beyond the first."""
    unit = document.org_unit
    if not (can(person, "view", unit) or may_read_shared(person, unit)):
        return False
    from amelio.documents.models import Document

    return Document.objects.filter(reach_condition(person), pk=document.pk).exists()


def concerned_people(document) -> list:
    """The active people who must acknowledge `document`'s published versions: those its
    distribution names (directly, by unit or by role) who may read it, by name."""
    lines = list(document.distribution.select_related("org_unit"))
    if not lines:
        return []
    people = (
        get_user_model()
        ._default_manager.filter(is_active=True)
        .prefetch_related("role_assignments__org_unit")
        .order_by("last_name", "first_name", "username")
    )
    concerned = []
    for person in people.filter(_candidates(lines)).distinct():
        held = [
            (a.role, a.org_unit.path)
            for a in person.role_assignments.all()
            if a.org_unit.archived_at is None
        ]
        # Both caches (this module's and core.permissions') from the one prefetch.
        person.__dict__["_amelio_assignments"] = held
        person.__dict__["_amelio_roles"] = held
        if _on_distribution(person, document, lines) and may_read(person, document):
            concerned.append(person)
    return concerned


def _candidates(lines) -> Q:
    """People a line could name: the persons, holders of a role on a unit listed or below,
    holders of a role listed (narrowed in Python)."""
    condition = Q(pk__in=[line.person_id for line in lines if line.person_id])
    for line in lines:
        if line.org_unit_id:
            condition |= Q(role_assignments__org_unit__path__startswith=line.org_unit.path)
        if line.role:
            condition |= Q(role_assignments__role=line.role)
    return condition
