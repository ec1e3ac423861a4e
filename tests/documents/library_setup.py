"""Documents and versions of the library tests, made through the library's own services (as a
person would through the pages), and the walk of a version from draft to publication."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from amelio.core import services as core
from amelio.documents import services
from amelio.documents.models import Document, DocumentVersion, Signoff

PARIS = ZoneInfo("Europe/Paris")
# 2 March 2026, 10:00 in Paris: the moment every library test runs at.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
PDF_BYTES = b"%PDF-1.4\n% Amelio test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
BODY = "# Objet\nCette procédure décrit la **maîtrise** des documents.\n\n- rédiger\n- approuver"


def new_document(unit, user, code: str = "PR-QUA-001", **fields) -> Document:
    fields.setdefault("title", "Maîtrise des documents")
    fields.setdefault("kind", "procedure")
    fields.setdefault("owner", user)
    document = Document(org_unit=unit, code=code, **fields)
    return core.record_create(record=document, user=user)  # type: ignore[return-value]


def pdf_upload(name: str = "procedure.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def new_version(document: Document, user, *, body: str = BODY, file=None) -> DocumentVersion:
    version = DocumentVersion(
        document=document, org_unit=document.org_unit, body="" if file else body, file=file
    )
    return core.record_create(record=version, user=user)  # type: ignore[return-value]


def name(version: DocumentVersion, user, *, reviewers=(), approvers=()) -> list[Signoff]:
    named = [
        services.signoff_add(version=version, user=user, person=p, role="reviewer")
        for p in reviewers
    ]
    named += [
        services.signoff_add(version=version, user=user, person=p, role="approver")
        for p in approvers
    ]
    return named


def signoff_of(version: DocumentVersion, person, role: str = "approver") -> Signoff:
    return Signoff.objects.get(version=version, person=person, role=role)


def sign(version: DocumentVersion, person, role: str = "approver", **kwargs) -> Signoff:
    kwargs.setdefault("password", "pw")
    kwargs.setdefault("decision", "approved")
    return services.signoff_decide(signoff=signoff_of(version, person, role), user=person, **kwargs)


def approved(document: Document, author, approver, **version_kwargs) -> DocumentVersion:
    """A version of `document` written by `author` and approved by `approver`."""
    version = new_version(document, author, **version_kwargs)
    name(version, author, approvers=[approver])
    services.version_submit(version=version, user=author)
    sign(version, approver)
    version.refresh_from_db()
    return version


def published(document: Document, author, approver, **version_kwargs) -> DocumentVersion:
    """A version of `document` approved by `approver` and published by `author`."""
    version = approved(document, author, approver, **version_kwargs)
    services.version_publish(version=version, user=author)
    version.refresh_from_db()
    document.refresh_from_db()
    return version
