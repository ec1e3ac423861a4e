"""State changes shared by every register: save with optimistic locking, archive, restore,
workflow transitions, comments and attachments. No HTTP here: callers pass the acting user.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core.models import Attachment, Comment, Record, TransitionLog
from amelio.core.permissions import can, model_action


class ConflictError(Exception):
    """The record was changed by someone else since the form was opened."""

    def __init__(self, current: Record):
        super().__init__("stale version")
        self.current = current


def may_edit(user, record: Record) -> bool:
    """Whether `user` may change the fields of `record` now (role, archive, workflow state,
    a parent that locks its children)."""
    workflow = getattr(type(record), "workflow", None)
    if record.is_archived or (workflow is not None and not workflow.is_editable(record)):
        return False
    return _allowed(user, "change", record) and parent_lock(record) is None


def may_archive(user, record: Record) -> bool:
    """Whether `user` may archive (or restore) `record` now."""
    return (
        _allowed(user, "archive", record)
        and parent_lock(record) is None
        and (record.is_archived or archive_refusal(record) is None)
    )


def archive_refusal(record: Record) -> str | None:
    """Why the model keeps `record` in the lists in its present state (an approved version of
    a controlled document), from its `archive_refusal()` when it has one; else None."""
    hook = getattr(record, "archive_refusal", None)
    return hook() if hook is not None else None


def _parent_field(record: Any):
    """The foreign key its register names as `parent`, or None."""
    from amelio.core.registry import registry

    register = registry.for_model(type(record))
    name = register.parent if register is not None else None
    return type(record)._meta.get_field(name) if name else None


def parent_lock(record: Any, *, also_id: Any = None) -> str | None:
    """Why `record` cannot be added, changed, archived or restored because of the record it
    belongs to (its register's `parent`), or None. The parent is read from the database, and
    so is `also_id` (the parent stored before an edit moved the record to another one)."""
    field = _parent_field(record)
    if field is None:
        return None
    ids = {getattr(record, field.attname), also_id} - {None}
    for parent in field.related_model.objects.filter(pk__in=ids).order_by("pk"):
        if parent.locks_children():
            return _(
                "%(parent)s is “%(state)s”: its %(children)s can no longer be added, "
                "changed or archived."
            ) % {
                "parent": parent.reference,
                "state": parent.get_status_display(),
                "children": type(record)._meta.verbose_name_plural,
            }
    return None


def _refuse_locked_parent(record: Any, *, also_id: Any = None) -> None:
    reason = parent_lock(record, also_id=also_id)
    if reason:
        raise ValidationError(reason)


def _refuse_archived(record: Record) -> None:
    if record.is_archived:
        raise ValidationError(_("An archived record cannot be changed; restore it first."))


def _allowed(user, action: str, record: Record) -> bool:
    return can(user, model_action(type(record), action), record.org_unit)


def _require(user, action: str, record: Record) -> None:
    if not _allowed(user, action, record):
        raise PermissionDenied(_("You are not allowed to do this on this record."))


@transaction.atomic
def record_create(*, record: Any, user, m2m_save=None) -> Record:
    """Save a new record for `user`, who must be allowed to add in its org unit."""
    _require(user, "add", record)
    _refuse_locked_parent(record)
    record.created_by = user
    record.updated_by = user
    workflow = getattr(type(record), "workflow", None)
    if workflow is not None and not record.status:
        record.status = workflow.initial
    record.full_clean(exclude=["reference"])
    record.save()
    if m2m_save:
        m2m_save()
    # A record may raise what its creation calls for (an audit finding its nonconformity),
    # in the same transaction: if that fails, the record is not saved either.
    after_create = getattr(record, "after_create", None)
    if after_create is not None:
        after_create(user)
    return record


@transaction.atomic
def record_update(*, record: Any, user, expected_version: int | None, m2m_save=None) -> Record:
    """Save changes to `record` unless someone saved it after `expected_version` was read.

    The check and the version bump are one UPDATE ... WHERE version = expected, so two
    concurrent saves cannot both win; the loser gets `ConflictError` and nothing is written.
    """
    model = type(record)
    stored = model.objects.select_related("org_unit").get(pk=record.pk)
    _require(user, "change", stored)
    _require(user, "change", record)
    if record.is_archived:
        raise ValidationError(_("An archived record cannot be changed; restore it first."))
    workflow = getattr(model, "workflow", None)
    if workflow is not None and not workflow.is_editable(stored):
        raise ValidationError(
            _("A record in the state “%(state)s” cannot be changed.")
            % {"state": workflow.state(stored.status).label}
        )
    field = _parent_field(record)
    _refuse_locked_parent(record, also_id=getattr(stored, field.attname) if field else None)
    version = stored.version if expected_version is None else expected_version
    bumped = model.objects.filter(pk=record.pk, version=version).update(version=F("version") + 1)
    if not bumped:
        raise ConflictError(stored)
    record.version = version + 1
    record.updated_by = user
    record.updated_at = timezone.now()
    record.full_clean(exclude=["reference"])
    record.save()
    if m2m_save:
        m2m_save()
    return record


@transaction.atomic
def record_archive(*, record: Record, user) -> Record:
    """Archive a record: it leaves the lists but stays readable, with its history."""
    _require(user, "archive", record)
    if record.is_archived:
        raise ValidationError(_("This record is already archived."))
    _refuse_locked_parent(record)
    refusal = archive_refusal(record)
    if refusal:
        raise ValidationError(refusal)
    record.archived_at = timezone.now()
    record.archived_by = user
    record.version += 1
    record.save(update_fields=["archived_at", "archived_by", "version"])
    return record


@transaction.atomic
def record_restore(*, record: Record, user) -> Record:
    """Bring an archived record back into the lists."""
    _require(user, "archive", record)
    if not record.is_archived:
        raise ValidationError(_("This record is not archived."))
    _refuse_locked_parent(record)
    record.archived_at = None
    record.archived_by = None
    record.version += 1
    record.save(update_fields=["archived_at", "archived_by", "version"])
    return record


def transition_refusal(record: Any, user, name: str) -> str | None:
    """Why `user` may not do transition `name` on `record` now, or None if they may."""
    workflow = type(record).workflow
    transition = workflow.transition(name)
    if transition is None or record.status not in transition.sources:
        return _("This step is not possible from the current state.")
    if record.is_archived:
        return _("An archived record cannot change state.")
    locked = parent_lock(record)
    if locked:
        return locked
    if not can(user, transition.action, record.org_unit):
        return _("You are not allowed to do this step.")
    for guard in transition.guards:
        message = guard(record, user)
        if message:
            return str(message)
    return None


@transaction.atomic
def record_transition(*, record: Any, user, name: str, comment: str = "") -> Record:
    """Move `record` along its workflow, writing the transition log; refused moves change nothing."""
    record = type(record).objects.select_for_update().select_related("org_unit").get(pk=record.pk)
    refusal = transition_refusal(record, user, name)
    if refusal:
        raise ValidationError(refusal)
    transition = type(record).workflow.transition(name)
    if transition.needs_comment and not comment.strip():
        raise ValidationError(_("Please give a reason for this step."))
    source = record.status
    record.status = transition.target
    record.updated_by = user
    record.updated_at = timezone.now()
    record.version += 1
    if transition.effect:
        transition.effect(record, user, comment.strip())
    record.save()
    TransitionLog.objects.create(
        target=record,
        transition=name,
        source=source,
        target_state=transition.target,
        user=user,
        comment=comment.strip(),
    )
    return record


def comment_add(*, record: Record, user, body: str) -> Comment:
    """Leave a comment on a record."""
    _require(user, "comment", record)
    _refuse_archived(record)
    body = body.strip()
    if not body:
        raise ValidationError(_("A comment cannot be empty."))
    return Comment.objects.create(target=record, author=user, body=body)


def validate_upload(upload) -> None:
    """Refuse files that are too large or of a type not accepted as evidence."""
    limit = settings.AMELIO_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576)}
        )
    suffix = PurePosixPath(upload.name).suffix.lower().lstrip(".")
    if suffix not in settings.AMELIO_ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(type)s” are not accepted. Accepted types: %(types)s.")
            % {"type": suffix or "?", "types": ", ".join(settings.AMELIO_ATTACHMENT_EXTENSIONS)}
        )


@transaction.atomic
def attachment_add(*, record: Record, user, upload, description: str = "") -> Attachment:
    """Attach an evidence file to a record."""
    _require(user, "comment", record)
    _refuse_archived(record)
    validate_upload(upload)
    return Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        file=upload,
        original_name=PurePosixPath(upload.name).name[:255],
        size=upload.size,
        description=description[:255],
        uploaded_by=user,
    )


@transaction.atomic
def attachment_archive(*, attachment: Attachment, record: Record, user) -> Attachment:
    """Withdraw an attachment from the record's evidence; the file is kept."""
    _require(user, "change", record)
    attachment.archived_at = timezone.now()
    attachment.save(update_fields=["archived_at"])
    return attachment
