"""Carrying out retention: a purge run's list frozen at its proposal, then, once approved, each
record archived, anonymised or destroyed in its own transaction, and logged.

One transaction per record (decision 0030): a record that cannot be acted on (a hold placed
since the approval, a record changed or gone, a failure) is logged as skipped or failed with
the reason, and the others are still done; whatever happened to each is in its `PurgeItem`.
Files of destroyed records leave the storage only once the database has committed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, models, transaction
from django.db.models import F
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core import services
from amelio.core.models import Attachment
from amelio.core.registry import Register, registry
from amelio.documents import retention_computations as calc
from amelio.documents.models.retention import (
    ItemOutcome,
    PurgeItem,
    PurgeRun,
    RetentionAction,
    RetentionRule,
)
from amelio.documents.retention import Holds, due_list, start_of

# What stands in the history for a personal value that was blanked.
MASK = "***"
FAILURES = (ValidationError, PermissionDenied, ProtectedError, RestrictedError, DatabaseError)


# The frozen list ---------------------------------------------------------------------------


def freeze(run: PurgeRun, user: Any) -> list[PurgeItem]:
    """Write the records due for `run` (its unit and below, on its date, as its proposer
    sees them) as its planned items."""
    due = due_list(unit=run.org_unit, on=run.as_of, user=user)
    items = [
        PurgeItem(
            run=run,
            content_type=ContentType.objects.get_for_model(item.record),
            object_id=item.record.pk,
            record_type=item.register.key,
            reference=item.record.reference,
            org_unit_id=item.record.org_unit_id,
            action=item.action,
            rule=item.rule,
            rule_reference=item.rule.reference,
            rule_summary=rule_summary(item.rule)[:300],
            start_date=item.start,
            due_date=item.due,
        )
        for item in due.items
    ]
    PurgeItem.objects.bulk_create(items)
    run.planned_count = len(items)
    PurgeRun.objects.filter(pk=run.pk).update(planned_count=len(items))
    return items


def rule_summary(rule: RetentionRule) -> str:
    """What the log keeps of a rule: its title and legal reference."""
    return f"{rule.title} — {rule.citation}" if rule.citation else rule.title


# Carrying out ------------------------------------------------------------------------------


def execute(run: PurgeRun, user: Any) -> PurgeRun:
    """Carry out an approved run (the workflow's effect, inside its transaction): each
    planned item checked again (holds in force today win) and done in its own savepoint."""
    holds = Holds.on(timezone.localdate())
    items = run.items.filter(outcome=ItemOutcome.PLANNED).select_related("content_type", "rule")
    for item in items.order_by("id"):
        _carry_out(item, run, user, holds)
    outcomes = dict(
        run.items.values_list("outcome").annotate(n=models.Count("id")).values_list("outcome", "n")
    )
    run.done_count = outcomes.get(ItemOutcome.DONE, 0)
    run.skipped_count = outcomes.get(ItemOutcome.SKIPPED, 0)
    run.failed_count = outcomes.get(ItemOutcome.FAILED, 0)
    run.done_by = user
    run.done_at = timezone.now()
    return run


def _carry_out(item: PurgeItem, run: PurgeRun, user: Any, holds: Holds) -> None:
    model = item.content_type.model_class()
    record = None
    if model is not None:
        record = model._default_manager.select_related("org_unit").filter(pk=item.object_id).first()
    reason = _skip_reason(item, record, run.as_of, holds)
    if reason:
        _log(item, ItemOutcome.SKIPPED, reason, user)
        return
    try:
        with transaction.atomic():
            ACTIONS[item.action](record, registry.get(item.record_type), user)
    except FAILURES as error:
        _log(item, ItemOutcome.FAILED, _message(error), user)
        return
    _log(item, ItemOutcome.DONE, "", user)


def _skip_reason(item: PurgeItem, record: Any, as_of: dt.date, holds: Holds) -> str:
    """Why a planned record is not acted on after all ("" when it is)."""
    if record is None:
        return _("The record no longer exists.")
    held = holds.held_by(record, item.record_type)
    if held:
        return _("Held by %(hold)s.") % {"hold": held}
    rule = item.rule
    if rule is None or rule.is_archived:
        return _("The retention rule was archived.")
    start = start_of(record, rule.start_field)
    if start is None or calc.due_date(start, rule.years, rule.months) > as_of:
        return _("No longer due under its rule.")
    if item.action == RetentionAction.ARCHIVE and record.is_archived:
        return _("Already archived.")
    return ""


def _log(item: PurgeItem, outcome: str, detail: str, user: Any) -> None:
    item.outcome = outcome
    item.detail = detail[:300]
    item.done_at = timezone.now()
    item.done_by = user
    item.save(update_fields=["outcome", "detail", "done_at", "done_by"])


def _message(error: Exception) -> str:
    if isinstance(error, ProtectedError | RestrictedError):
        return _("Other records depend on it.")
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or error.__class__.__name__


# The three actions -------------------------------------------------------------------------


def archive(record: Any, register: Register, user: Any) -> None:
    """Archive through the core service (it stays readable, with its history)."""
    services.record_archive(record=record, user=user)


def anonymise(record: Any, register: Register, user: Any) -> list[str]:
    """Blank the register's personal fields of `record` (and of its one-to-one parts, for
    "part.field"), mask their values in the history, and note who did it; returns the
    fields blanked. Nothing else of the record changes."""
    own: dict[str, Any] = {}
    parts: dict[str, dict[str, Any]] = {}
    for path in register.personal_fields:
        part, _dot, name = path.rpartition(".")
        model = type(record) if not part else record._meta.get_field(part).related_model
        value = blank_value(model._meta.get_field(name))
        (parts.setdefault(part, {}) if part else own)[name] = value
    now = timezone.now()
    type(record)._default_manager.filter(pk=record.pk).update(
        **own, version=F("version") + 1, updated_at=now, updated_by=user
    )
    for part, values in parts.items():
        try:
            target = getattr(record, part)
        except ObjectDoesNotExist:
            continue
        type(target)._default_manager.filter(pk=target.pk).update(**values)
    _mask_history(record, list(own), user)
    return list(register.personal_fields)


def blank_value(model_field: Any) -> Any:
    """What a personal field becomes: empty text, or no value."""
    if model_field.null:
        return None
    if isinstance(model_field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"{model_field} cannot be blanked: make it nullable or text")


def _mask_history(record: Any, names: list[str], user: Any) -> None:
    """Mask the blanked fields' values in the record's change log, and log the blanking
    itself (without any value)."""
    entries = LogEntry.objects.get_for_object(record)
    for entry in entries:
        changes = entry.changes_dict or {}
        touched = {name: [MASK, MASK] for name in names if name in changes}
        if touched:
            LogEntry.objects.filter(pk=entry.pk).update(
                changes={**changes, **touched}, changes_text=""
            )
    if names:
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(record),
            object_pk=str(record.pk),
            object_id=record.pk,
            object_repr=str(record.reference),
            action=LogEntry.Action.UPDATE,
            changes={name: [MASK, ""] for name in names},
            actor=user,
        )


def destroy(record: Any, register: Register, user: Any) -> None:
    """Delete the record, its parts, its comments, evidence files, links and history. The
    purge item that ordered it is what remains: its reference, type, rule and who did it.
    The files leave the storage once the database has committed."""
    content_type = ContentType.objects.get_for_model(record)
    pk = record.pk
    files = list(
        Attachment.objects.filter(content_type=content_type, object_id=pk).values_list(
            "file", flat=True
        )
    )
    for model, type_field, id_field in generic_relations():
        model._default_manager.filter(**{type_field: content_type, id_field: pk}).delete()
    with disable_auditlog():
        record.delete()
    LogEntry.objects.filter(content_type=content_type, object_id=pk).delete()
    transaction.on_commit(lambda: _remove_files(files))


def generic_relations() -> list[tuple[type[models.Model], str, str]]:
    """Every model that hangs on any record through a generic foreign key (comments,
    attachments, transitions, action links...): (model, content type field, id field)."""
    found = []
    for model in apps.get_models():
        for private in model._meta.private_fields:
            if isinstance(private, GenericForeignKey):
                found.append((model, private.ct_field, private.fk_field))
    return found


def _remove_files(names: list[str]) -> None:
    for name in names:
        if name and default_storage.exists(name):
            default_storage.delete(name)


ACTIONS: dict[str, Any] = {"archive": archive, "anonymise": anonymise, "destroy": destroy}
