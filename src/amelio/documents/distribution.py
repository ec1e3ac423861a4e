"""Read acknowledgements of the controlled library: who has read the current version of a
document, who has not yet, and the document's acknowledgement rate.

The rate is a measure the document stores (`concerned_count`, `acknowledged_count`,
`acknowledgement_rate`) so that lists, indicators and the management review read it without
recomputing it. `refresh_acknowledgements(document)` computes it again; it is called after a
publication, after an acknowledgement and after a change of the distribution.

Who is concerned is `access.concerned_people(document)`: the people the distribution names
(directly, by unit or by role) who may read the document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.documents.access import concerned_people
from amelio.documents.models import Acknowledgement, Document, DocumentVersion

PUBLISHED = "published"


def rate(acknowledged: int, concerned: int) -> Decimal | None:
    """The share of the people concerned who acknowledged, in percent with one decimal
    (rounded half up: 2 of 3 is 66.7); None when nobody is concerned."""
    if concerned <= 0:
        return None
    percent = Decimal(100 * acknowledged) / Decimal(concerned)
    return percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def published_version(document: Document) -> DocumentVersion | None:
    """The version served as current, if it is published (None before the first publication
    and after a withdrawal)."""
    version = document.current_version
    if version is None or version.status != PUBLISHED or document.status == "withdrawn":
        return None
    return version


@dataclass(frozen=True)
class Reading:
    """One person concerned by a document and when they acknowledged its current version
    (None: not yet)."""

    person: Any
    acknowledged_at: dt.datetime | None

    @property
    def done(self) -> bool:
        return self.acknowledged_at is not None


def readings(document: Document) -> list[Reading]:
    """Every person concerned by `document`, by name, with their acknowledgement of its
    current version."""
    people = concerned_people(document)
    version = published_version(document)
    when: dict[int, dt.datetime] = {}
    if version is not None:
        when = dict(
            Acknowledgement.objects.filter(
                version=version, person__in=[p.pk for p in people]
            ).values_list("person_id", "acknowledged_at")
        )
    return [Reading(person, when.get(person.pk)) for person in people]


def refresh_acknowledgements(document: Document) -> Document:
    """Count again who is concerned by `document` and who acknowledged its current version,
    and store the counts and the rate on the document (without touching its edit version,
    so that nobody's open form goes stale). Returns the document, its fields updated. A
    withdrawn document concerns nobody any more."""
    found = readings(document) if document.status != "withdrawn" else []
    concerned = len(found)
    acknowledged = sum(1 for reading in found if reading.done)
    value = rate(acknowledged, concerned) if published_version(document) else None
    Document.objects.filter(pk=document.pk).update(
        concerned_count=concerned, acknowledged_count=acknowledged, acknowledgement_rate=value
    )
    document.concerned_count = concerned
    document.acknowledged_count = acknowledged
    document.acknowledgement_rate = value
    return document


def is_concerned(person: Any, document: Document) -> bool:
    """Whether `person` must acknowledge `document` (on its distribution, and may read it)."""
    return any(p.pk == person.pk for p in concerned_people(document))


def acknowledge(
    *, document: Document, person: Any, now: dt.datetime | None = None
) -> Acknowledgement:
    """`person`'s "I have read and understood" on the current version of `document`. Only a
    person concerned may acknowledge, and only a published version; a second time changes
    nothing (the first acknowledgement is kept). The document's rate follows."""
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        version = published_version(locked)
        if version is None:
            raise ValidationError(_("This document has no published version to acknowledge."))
        if not is_concerned(person, locked):
            raise ValidationError(_("You are not on the distribution of this document."))
        acknowledgement, _created = Acknowledgement.objects.get_or_create(
            version=version, person=person, defaults={"acknowledged_at": now or timezone.now()}
        )
        refresh_acknowledgements(locked)
    for name in ("concerned_count", "acknowledged_count", "acknowledgement_rate"):
        setattr(document, name, getattr(locked, name))
    return acknowledgement


def has_acknowledged(person: Any, document: Document) -> bool:
    """Whether `person` acknowledged the current version of `document`."""
    version = published_version(document)
    return (
        version is not None
        and Acknowledgement.objects.filter(version=version, person=person).exists()
    )


def documents_to_read(user: Any, documents: QuerySet[Document]) -> QuerySet[Document]:
    """Among `documents` (those `user` may reach), the ones in force whose distribution names
    `user` (directly, by one of their units or roles) and whose current version `user` has
    not acknowledged yet, the most recently published first."""
    from amelio.documents.access import _distributed_to

    return (
        documents.filter(
            _distributed_to(user, ""),
            archived_at__isnull=True,
            current_version__status=PUBLISHED,
        )
        .exclude(status="withdrawn")
        .exclude(current_version__acknowledgements__person=user)
        .select_related("current_version", "owner")
        .order_by("-current_version__published_on", "code", "pk")
    )
