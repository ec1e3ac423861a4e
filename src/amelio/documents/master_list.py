"""The master list (liste des documents en vigueur, ISO 9001 §7.5.3): the documents whose
current version is published, grouped by type, external documents in their own section with
their issuer, edition and where they are kept. A withdrawn document is never in it.

The list is built from the documents the reader may reach (the register's `queryset_for`,
so a confidential document outside the reader's distribution is not even named), then
narrowed by org unit and process. The page, the PDF and the workbook read the same groups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from amelio.core.models import OrgUnit
from amelio.core.reports import Workbook
from amelio.documents.models import Document, DocumentKind

EXTERNAL = DocumentKind.EXTERNAL


def in_force(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Among `documents`, those in force: not archived, not withdrawn, a version published."""
    return (
        documents.filter(archived_at__isnull=True, current_version__status="published")
        .exclude(status="withdrawn")
        .select_related("current_version", "owner", "org_unit")
    )


def for_unit(documents: QuerySet[Document], unit: OrgUnit | None) -> QuerySet[Document]:
    """The documents that apply to `unit`: its own and those of the units below it, and those
    of the units above it (the company's manual applies to each of its sites)."""
    if unit is None:
        return documents
    parts = unit.path.strip("/").split("/")
    above = ["/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts))]
    return documents.filter(Q(org_unit__path__startswith=unit.path) | Q(org_unit__path__in=above))


@dataclass
class Group:
    """The documents of one type, in the order of their codes."""

    kind: str
    label: str
    documents: list[Document] = field(default_factory=list)

    @property
    def external(self) -> bool:
        return self.kind == EXTERNAL


def groups(documents: QuerySet[Document], processes: QuerySet | None = None) -> list[Group]:
    """The documents grouped by type, in the order of the types (external documents last);
    each document's `processes` holds only `processes` (those the reader may see)."""
    if processes is not None:
        documents = documents.prefetch_related(Prefetch("processes", queryset=processes))
    found = {kind: Group(kind, str(label)) for kind, label in DocumentKind.choices}
    for document in documents.order_by("code", "pk"):
        found[document.kind].documents.append(document)
    return [group for group in found.values() if group.documents]


def process_names(document: Document) -> str:
    return ", ".join(str(process) for process in document.processes.all())


def _version_label(document: Document) -> str:
    version = document.current_version
    return _("v%(number)s") % {"number": version.number} if version else ""


def _internal_row(document: Document, kind_label: str) -> list[Any]:
    version = document.current_version
    return [
        document.code,
        document.title,
        kind_label,
        _version_label(document),
        version.published_on if version else None,
        str(document.owner or ""),
        process_names(document),
        document.next_review_on,
        document.get_confidentiality_display(),
        document.org_unit.name,
    ]


def _external_row(document: Document) -> list[Any]:
    version = document.current_version
    return [
        document.code,
        document.title,
        document.issuer,
        document.external_edition,
        document.kept_at,
        version.published_on if version else None,
        str(document.owner or ""),
        process_names(document),
        document.next_review_on,
        document.org_unit.name,
    ]


def workbook(found: list[Group], *, company: str, printed: dt.date) -> Workbook:
    """The master list as a workbook: the internal documents on one sheet, the external
    ones on another, each headed by the company's name and the date."""
    book = Workbook()
    internal = book.sheet(
        _("Documents in force"),
        [
            _("Code"),
            _("Title"),
            _("Type"),
            _("Version"),
            _("Published on"),
            pgettext("document", "Owner"),
            _("Processes"),
            _("Next review"),
            _("Confidentiality"),
            _("Org unit"),
        ],
    )
    external = book.sheet(
        _("External documents"),
        [
            _("Code"),
            _("Title"),
            _("Issuer"),
            _("Edition"),
            _("Where it is kept"),
            _("Registered on"),
            pgettext("document", "Owner"),
            _("Processes"),
            _("Next review"),
            _("Org unit"),
        ],
    )
    for group in found:
        for document in group.documents:
            if group.external:
                external.row(_external_row(document))
            else:
                internal.row(_internal_row(document, group.label))
    for sheet in (internal, external):
        sheet.autofilter()
        footer = _("%(company)s — master list of %(date)s") % {
            "company": company,
            "date": printed.isoformat(),
        }
        sheet.sheet.set_header(f"&L{_escape(footer)}")
    return book


def _escape(text: str) -> str:
    """A header text for Excel, where "&" starts a code."""
    return text.replace("&", "&&")


def company_name() -> str:
    """The name of the organisation (the root unit)."""
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    return root.name if root else ""
