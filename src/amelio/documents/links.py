"""Links from other records to the controlled documents they concern: a process sheet names
its documents (`Document.processes`), an audit, an audit checklist or a nonconformity holds
`DocumentLink` rows. Linking and unlinking are services: they take the record, the document
and the acting user, check nothing about HTTP, and keep the change in the history."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from amelio.documents.models import Document, DocumentLink

PROCESS = "processes.process"
# The records whose pages show the Documents panel through DocumentLink rows.
LINKED_MODELS = ("audits.audit", "audits.checklisttemplate", "nonconformities.nonconformity")


def model_key(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def links_documents(model: type[models.Model]) -> bool:
    """Whether records of `model` have a Documents panel."""
    return model_key(model) in (PROCESS, *LINKED_MODELS)


def linkable_model(key: str) -> type[models.Model] | None:
    """The model of a key such as "nonconformities.nonconformity", if its records take links."""
    if key not in (PROCESS, *LINKED_MODELS):
        return None
    app_label, _dot, name = key.partition(".")
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def linked_documents(record: models.Model, documents: models.QuerySet) -> models.QuerySet:
    """Among `documents` (those the reader may reach), the ones `record` is linked to."""
    if model_key(type(record)) == PROCESS:
        return documents.filter(processes=record)
    content_type = ContentType.objects.get_for_model(type(record))
    linked = DocumentLink.objects.filter(content_type=content_type, object_id=record.pk)
    return documents.filter(pk__in=linked.values("document_id"))


def _check_record(record: Any) -> None:
    if not links_documents(type(record)):
        raise ValidationError(_("Documents cannot be linked to this kind of record."))
    if getattr(record, "is_archived", False):
        raise ValidationError(_("An archived record takes no new link."))


def link_document(*, record: Any, document: Document, user: Any) -> bool:
    """Link `document` to `record`; False when it already was."""
    _check_record(record)
    if document.status == "withdrawn":
        raise ValidationError(_("A withdrawn document cannot be linked."))
    with transaction.atomic():
        if model_key(type(record)) == PROCESS:
            if document.processes.filter(pk=record.pk).exists():
                return False
            document.processes.add(record)
            return True
        _link, created = DocumentLink.objects.get_or_create(
            document=document,
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=record.pk,
            defaults={"created_by": user},
        )
    return created


def unlink_document(*, record: Any, document: Document, user: Any) -> bool:
    """Remove the link between `document` and `record` (the document stays); False when there
    was none."""
    if not links_documents(type(record)):
        raise ValidationError(_("Documents cannot be linked to this kind of record."))
    with transaction.atomic():
        if model_key(type(record)) == PROCESS:
            if not document.processes.filter(pk=record.pk).exists():
                return False
            document.processes.remove(record)
            return True
        deleted, _rows = DocumentLink.objects.filter(
            document=document,
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=record.pk,
        ).delete()
    return bool(deleted)
