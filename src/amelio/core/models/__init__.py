"""Core models: the org-unit tree, users and roles, and the pieces every record shares."""

from amelio.core.models.organisation import OrgUnit, RoleAssignment, User
from amelio.core.models.records import (
    ACTIVE,
    Actionable,
    Attachment,
    Comment,
    Record,
    RecordQuerySet,
    ReferenceSequence,
    TransitionLog,
    active_index,
    list_ordering,
)

__all__ = [
    "ACTIVE",
    "Actionable",
    "Attachment",
    "Comment",
    "OrgUnit",
    "Record",
    "RecordQuerySet",
    "ReferenceSequence",
    "RoleAssignment",
    "TransitionLog",
    "User",
    "active_index",
    "list_ordering",
]
