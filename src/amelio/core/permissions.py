"""Roles, what each role may do, and the single scoping choke point.

A user holds roles on org units (`RoleAssignment`); a role on a unit applies to every unit below
it. Whether a user may do an action on a record depends only on the record's org unit.
The permission table is documented in docs/en/permissions.md and docs/fr/permissions.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from amelio.core.models import OrgUnit


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("QSE coordinator")
    MANAGER = "manager", _("Manager / process owner")
    AUDITOR = "auditor", _("Auditor")
    CONTRIBUTOR = "contributor", _("Contributor")
    READER = "reader", _("Reader")


class Action(models.TextChoices):
    VIEW = "view", _("View")
    EXPORT = "export", _("Export")
    COMMENT = "comment", _("Comment and attach evidence")
    ADD = "add", _("Add")
    CHANGE = "change", pgettext_lazy("permission", "Change")
    ARCHIVE = "archive", _("Archive and restore")
    IMPORT = "import", _("Import")
    APPROVE = "approve", _("Approve")
    PERSONAL = "personal", _("See personal and medical data")
    ADMINISTER = "administer", _("Administer users and organisation")


_READ = {Action.VIEW, Action.EXPORT}
_CONTRIBUTE = _READ | {Action.COMMENT, Action.ADD}
_MANAGE = _CONTRIBUTE | {Action.CHANGE, Action.ARCHIVE, Action.IMPORT}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.READER: frozenset(_READ),
    Role.CONTRIBUTOR: frozenset(_CONTRIBUTE),
    Role.AUDITOR: frozenset(_CONTRIBUTE),
    Role.MANAGER: frozenset(_MANAGE),
    Role.COORDINATOR: frozenset(_MANAGE | {Action.APPROVE, Action.PERSONAL}),
    Role.ADMINISTRATOR: frozenset(set(Action)),
}


def model_action(model, action: str) -> str:
    """The action a role must grant to do `action` on the records of `model`.

    A register of settings that steer other records (retention rules, legal holds, purge
    runs) asks more than its neighbours: its `REQUIRED_ACTIONS` maps an action ("add",
    "change", "archive", "import") to the one it takes instead ("approve"). Every path
    (pages, API, imports, services) asks through here."""
    return getattr(model, "REQUIRED_ACTIONS", {}).get(action, action)


def roles_granting(action: str) -> list[str]:
    """The roles whose holders may do `action`."""
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]


def _unit_paths(user, action: str) -> list[str]:
    """Paths of the units where `user` may do `action`, cached on the user for the request.

    One query reads every (role, unit path) pair of the user; each action's paths are then
    worked out in Python, so a page asking for several actions still costs one query.
    """
    cache = user.__dict__.setdefault("_amelio_paths", {})
    if action not in cache:
        if "_amelio_roles" not in user.__dict__:
            user.__dict__["_amelio_roles"] = list(
                user.role_assignments.filter(org_unit__archived_at__isnull=True).values_list(
                    "role", "org_unit__path"
                )
            )
        granting = set(roles_granting(action))
        paths = sorted({path for role, path in user.__dict__["_amelio_roles"] if role in granting})
        # Keep only the top-most paths: a role below another one adds nothing.
        kept: list[str] = []
        for path in paths:
            if not any(path.startswith(top) for top in kept):
                kept.append(path)
        cache[action] = kept
    return cache[action]


def unit_scope(user, action: str, field: str = "org_unit") -> Q | None:
    """A condition on `field` (an FK to OrgUnit) for the records `user` may `action`.

    Returns None when the user may act everywhere (superuser, or a role on a root unit), so
    that callers add no condition at all. One indexed subquery on the small org-unit table
    replaces any list of record ids.
    """
    if not (user and user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    paths = _unit_paths(user, action)
    if not paths:
        return Q(pk__in=[])
    if any(path.count("/") == 2 for path in paths):
        return None
    from amelio.core.models import OrgUnit

    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Q(**{f"{field}__in": OrgUnit.objects.filter(condition).values("pk")})


def shared_scope(user, field: str = "org_unit") -> Q:
    """A condition on `field` for the records of the units above the user's: a library that a
    company keeps for its sites (legal texts, standards) is read by every unit below it.
    Only for reading: changing such a record still needs a role on its own unit."""
    if not (user and user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    above: set[str] = set()
    for path in _unit_paths(user, "view"):
        parts = path.strip("/").split("/")
        above.update("/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts)))
    return Q(**{f"{field}__path__in": sorted(above)}) if above else Q(pk__in=[])


def may_read_shared(user, unit: OrgUnit | None) -> bool:
    """Whether a record of `unit` is above one of the units `user` may see."""
    if not (user and user.is_authenticated and user.is_active) or unit is None:
        return False
    return any(path.startswith(unit.path) for path in _unit_paths(user, "view"))


def units_for(user, action: str):
    """The active org units where `user` may do `action` (for form choices and filters)."""
    from amelio.core.models import OrgUnit

    units = OrgUnit.objects.active()
    if not (user and user.is_authenticated):
        return units.none()
    if user.is_superuser:
        return units
    condition = Q()
    paths = _unit_paths(user, action)
    if not paths:
        return units.none()
    for path in paths:
        condition |= Q(path__startswith=path)
    return units.filter(condition)


def can(user, action: str, unit: OrgUnit | None) -> bool:
    """Whether `user` may do `action` on a record that belongs to `unit`."""
    if not (user and user.is_authenticated and user.is_active) or unit is None:
        return False
    if user.is_superuser:
        return True
    return any(unit.path.startswith(path) for path in _unit_paths(user, action))


def can_anywhere(user, action: str) -> bool:
    """Whether `user` may do `action` on at least one unit (to show an Add button)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(_unit_paths(user, action))


def forget_cached_scopes(user) -> None:
    """Drop the per-request cache after a role change."""
    user.__dict__.pop("_amelio_paths", None)
    user.__dict__.pop("_amelio_roles", None)
