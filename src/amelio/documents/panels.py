"""Panels the distribution adds to detail pages, installed at start-up by
`DocumentsConfig.ready`:

- "Documents" on process sheets, audits, audit checklists and nonconformities: the controlled
  documents linked to the record that the reader may reach, with their current version, and
  for those who may change the record a way to link and unlink documents;
- "I have read and understood" on a document and on its version in force, for the people
  concerned, with the way to the acknowledgements for those who may change the document."""

from __future__ import annotations

from django.urls import reverse

from amelio.core.lookups import choosable
from amelio.core.permissions import can
from amelio.core.registry import DetailPanel, add_detail_panel, registry
from amelio.documents import distribution
from amelio.documents.links import linked_documents, links_documents, model_key
from amelio.documents.models import Document, DocumentVersion

# The documents a panel lists, and those it offers to link (a datalist, not a full library).
SHOWN = 100
OFFERED = 300


def documents_register():
    return registry.for_model(Document)


def _offered(user, linked_ids: set[int]) -> list[Document]:
    """Documents the user may link: those they may reach, not withdrawn, not linked yet."""
    documents = (
        choosable(Document, user)
        .exclude(status="withdrawn")
        .exclude(pk__in=linked_ids)
        .only("pk", "code", "title")
        .order_by("code", "pk")
    )
    return list(documents[:OFFERED])


def panel_context(record, request) -> dict | None:
    """What the panel shows of `record` to the reader (None: no panel)."""
    register = documents_register()
    if register is None:
        return None
    user = request.user
    documents = list(
        linked_documents(record, register.queryset_for(user, "view").active())
        .select_related("current_version")
        .order_by("code", "pk")[:SHOWN]
    )
    may_link = can(user, "change", record.org_unit) and not record.is_archived
    return {
        "record": record,
        "documents": documents,
        "register": register,
        "key": model_key(type(record)),
        "may_link": may_link,
        "offered": _offered(user, {d.pk for d in documents}) if may_link else [],
    }


def acknowledge_context(document: Document, user) -> dict:
    """Whether `user` must acknowledge the version in force of `document`, and did."""
    version = distribution.published_version(document)
    concerned = version is not None and distribution.is_concerned(user, document)
    return {
        "document": document,
        "version": version,
        "concerned": concerned,
        "acknowledged": concerned and distribution.has_acknowledged(user, document),
    }


def acknowledge_panel(record, request) -> dict | None:
    """On a document or its version in force: the button of a person concerned, and for
    those who may change the document the way to who has read it (None: no panel)."""
    document = record.document if isinstance(record, DocumentVersion) else record
    if isinstance(record, DocumentVersion) and document.current_version_id != record.pk:
        return None
    context = acknowledge_context(document, request.user)
    may_follow = isinstance(record, Document) and can(request.user, "change", document.org_unit)
    if not (context["concerned"] or may_follow):
        return None
    context["acknowledgements_url"] = (
        reverse("documents:document_acknowledgements", args=[document.pk]) if may_follow else ""
    )
    return context


def install() -> None:
    add_detail_panel(
        DetailPanel(
            template="documents/acknowledge_panel.html",
            applies=lambda model: model in (Document, DocumentVersion),
            context=acknowledge_panel,
            order=1,
        )
    )
    add_detail_panel(
        DetailPanel(
            template="documents/panels.html",
            applies=links_documents,
            context=panel_context,
            order=30,
        )
    )
