"""The Documents panel on the pages of process sheets, audits, audit checklists and
nonconformities: the controlled documents linked to the record that the reader may reach,
with their current version, and for those who may change the record a way to link and unlink
documents. Installed at start-up by `DocumentsConfig.ready`."""

from __future__ import annotations

from amelio.core.lookups import choosable
from amelio.core.permissions import can
from amelio.core.registry import DetailPanel, add_detail_panel, registry
from amelio.documents.links import linked_documents, links_documents, model_key
from amelio.documents.models import Document

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


def install() -> None:
    add_detail_panel(
        DetailPanel(
            template="documents/panels.html",
            applies=links_documents,
            context=panel_context,
            order=30,
        )
    )
