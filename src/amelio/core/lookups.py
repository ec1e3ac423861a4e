"""The two ways views, forms and the API reach a record for a user: fetch one record for an
action (`get_record_for`), or offer the records a user may pick as a related one
(`choosable`). Both go through `for_user`, the single scoping choke point."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from amelio.core.models.records import Record, RecordQuerySet
from amelio.core.permissions import can

Records = type[Record] | models.QuerySet


def _records(model_or_queryset: Records) -> RecordQuerySet:
    if isinstance(model_or_queryset, models.QuerySet):
        return cast(RecordQuerySet, model_or_queryset)
    return cast(RecordQuerySet, model_or_queryset._default_manager.all())


def get_record_for(user: Any, model_or_queryset: Records, pk: Any, action: str = "view") -> Any:
    """The record `pk` for `user` to `action`: 404 when the user may not even see it (the
    same answer as a record that does not exist), 403 when they may see it but not do
    `action`. Pass a queryset to add `select_related` or a further condition."""
    records = _records(model_or_queryset)
    try:
        record = records.for_user(user, "view").get(pk=pk)
    except (records.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action != "view" and not can(user, action, record.org_unit):
        raise PermissionDenied
    return record


def scoped_model(model: Any) -> bool:
    """Whether the choices of `model` are scoped to the user: a register record, or a part of
    one that names its record in `scope_parent` (a clause of an audit programme)."""
    return issubclass(model, Record) or bool(getattr(model, "scope_parent", None))


def choosable(
    model_or_queryset: Records, user: Any, *, keep: Iterable | models.QuerySet = ()
) -> RecordQuerySet:
    """The records of a model `user` may pick as a related record (the process of a risk, the
    audit of a finding): those they may see and that are not archived, plus `keep`, the ids
    the edited record already points to, so that an edit never silently drops a value.

    Forms (`core.forms.scope_choices`) and the API offer and accept the same records."""
    records = _records(model_or_queryset)
    parent = getattr(records.model, "scope_parent", None)
    if parent and not issubclass(records.model, Record):
        # A part of a record (a programme's clause) is picked through its record.
        parent_model = records.model._meta.get_field(parent).related_model
        offered = records.filter(**{f"{parent}__in": choosable(parent_model, user).values("pk")})
    else:
        offered = records.for_user(user, "view").active()
    if isinstance(keep, models.QuerySet):
        return offered | records.filter(pk__in=keep)
    kept = [pk for pk in keep if pk is not None]
    return (offered | records.filter(pk__in=kept)) if kept else offered
