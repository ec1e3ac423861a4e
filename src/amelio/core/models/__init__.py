"""Core models: the org-unit tree, users and roles, and the pieces every record shares."""

from amelio.core.models.organisation import OrgUnit, RoleAssignment, User
from amelio.core.models.records import (
    Actionable,
    Attachment,
    Comment,
    Record,
    RecordQuerySet,
    ReferenceSequence,
    TransitionLog,
)

__all__ = [
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
]
