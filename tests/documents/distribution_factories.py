"""Documents and versions made directly, for the tests of the distribution, the master list
and the links (the library's own tests go through its services)."""

from __future__ import annotations

import datetime as dt

from amelio.documents.models import Distribution, Document, DocumentVersion


def make_document(unit, code: str = "PR-QUA-001", **fields) -> Document:
    fields.setdefault("title", "Maîtrise des documents")
    fields.setdefault("kind", "procedure")
    return Document.objects.create(org_unit=unit, code=code, **fields)


def publish(document: Document, on: dt.date, number: int | None = None) -> DocumentVersion:
    """A new published version of `document`, the previous one superseded."""
    previous = document.current_version
    if previous is not None:
        previous.status = "superseded"
        previous.superseded_on = on
        previous.save()
    version = DocumentVersion.objects.create(
        document=document,
        org_unit=document.org_unit,
        number=number or document.versions.count() + 1,
        body="<p>Texte.</p>",
        status="published",
        published_on=on,
    )
    document.current_version = version
    document.status = "published"
    document.save()
    return version


def distribute(document: Document, *, person=None, org_unit=None, role: str = "") -> Distribution:
    return Distribution.objects.create(
        document=document, person=person, org_unit=org_unit, role=role
    )
