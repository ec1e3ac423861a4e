"""The change log of a record as a person reads it.

django-auditlog stores each change as text: `[old, new]` strings for a field (a foreign key
by its id, a choice by its key, a date in ISO form, "None" for no value), and
`{"type": "m2m", "operation": "add" | "delete", "objects": [names]}` for a many-to-many
field. These helpers turn them into labels in the reader's language and values as the
record's own page shows them.

Related records are shown by their name, as plain text and never as a link. The names come
from the records a foreign key points to (or, for many-to-many changes, the names auditlog
kept): they are what the record's own detail page shows for the same fields, to a reader who
may see the record, so the history tells nothing the detail page does not; and a link would
lead a reader scoped to one site to a 404 for a record of another site.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from amelio.core.numbers import decimals, plain

# Bookkeeping that says nothing to a reader (auditlog's own id, the stamps the page shows).
HIDDEN_FIELDS = {"version", "updated_at", "updated_by", "id", "created_at", "created_by"}
ACTIONS = {
    LogEntry.Action.CREATE: pgettext_lazy("history action", "Created"),
    LogEntry.Action.UPDATE: pgettext_lazy("history action", "Changed"),
    LogEntry.Action.DELETE: pgettext_lazy("history action", "Deleted"),
}
# A form saves the fields, then each many-to-many field (one log entry per removal and per
# addition): the reader sees them as one save when they follow the fields this closely.
SAME_SAVE = dt.timedelta(seconds=2)
EMPTY = {None, "None", ""}


def history_rows(record, entries) -> list[dict]:
    """One row per save of `record` (newest first): date, person, event and readable changes.

    Related records of all the entries are fetched in one query per related model.
    """
    entries = list(entries)
    names = _related_names(record, entries)
    rows: list[dict] = []
    for entry in entries:
        changes = [
            change
            for name, value in (entry.changes_dict or {}).items()
            if (change := _change(type(record), name, value, names)) is not None
        ]
        previous = rows[-1] if rows else None
        if previous and _same_save(previous, entry):
            previous["changes"] = _merged(previous["changes"], changes)
            continue
        action = ACTIONS.get(entry.action, entry.get_action_display())
        rows.append({"entry": entry, "action": action, "changes": changes})
    return rows


def _same_save(row: dict, older) -> bool:
    """Whether `older` is the same save as `row`, whose changes so far are the many-to-many
    steps that follow the fields of a save."""
    newer = row["entry"]
    return (
        newer.action == older.action == LogEntry.Action.UPDATE
        and newer.actor_id == older.actor_id
        and newer.timestamp - older.timestamp <= SAME_SAVE
        and all(change.get("m2m") for change in row["changes"])
    )


def _merged(newer: list[dict], older: list[dict]) -> list[dict]:
    """The changes of two entries of one save; a many-to-many field's removals and additions
    become one line ("added: X / removed: Y")."""
    merged = {change["key"]: change for change in older}
    for change in newer:
        before = merged.get(change["key"])
        if before and before.get("m2m"):
            parts = {**before["m2m"], **change["m2m"]}
            merged[change["key"]] = _m2m_change(change["key"], change["label"], parts)
        else:
            merged[change["key"]] = change
    return list(merged.values())


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def label_of(model, name: str, field=None) -> str:
    """The label of field `name` of `model` in the reader's language, for a change log line.

    A field gives its verbose name; a reverse relation the plural of the related model; a
    change that is not a field (a process's inputs and outputs) a model's `history_labels`.
    """
    labels = getattr(model, "history_labels", {})
    if name in labels:
        return force_str(labels[name])
    field = field or _field(model, name)
    if field is None:
        return force_str(name.replace("_", " "))
    if field.auto_created and not field.concrete:
        return force_str(field.related_model._meta.verbose_name_plural)
    return force_str(field.verbose_name)


def _related_names(record, entries) -> dict:
    """{(model, id as text): the record's name} for every foreign key value of `entries`."""
    wanted: dict[type, set[str]] = defaultdict(set)
    for entry in entries:
        for name, value in (entry.changes_dict or {}).items():
            field = _field(type(record), name)
            if field is None or not field.concrete or not (field.many_to_one or field.one_to_one):
                continue
            if isinstance(value, list):
                wanted[field.related_model].update(str(v) for v in value if v not in EMPTY)
    names: dict[tuple[Any, str], str] = {}
    for model, ids in wanted.items():
        pks = [pk for pk in ids if pk.isdigit()]
        for found in cast(Any, model)._base_manager.filter(pk__in=pks):
            names[(model, str(found.pk))] = str(found)
    return names


def _change(model, name: str, value, names: dict) -> dict | None:
    """One line of the history, or None for what says nothing to a reader."""
    if name in HIDDEN_FIELDS:
        return None
    field = _field(model, name)
    label = label_of(model, name, field)
    if isinstance(value, dict) and value.get("type") == "m2m":
        objects = ", ".join(str(o) for o in value.get("objects", []))
        operation = "added" if value.get("operation") == "add" else "removed"
        return _m2m_change(name, label, {operation: objects})
    if field is not None and (field.one_to_many or field.many_to_many or not field.concrete):
        if name not in getattr(model, "history_labels", {}):
            # auditlog writes the related manager of a reverse or many-to-many relation on
            # creation ("risks.Risk.None"): the real changes come as m2m entries.
            return None
        # A change a service wrote as text under the relation's name (a process's inputs
        # and outputs, as a whole): shown as written.
        field = None
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    old, new = (readable_value(field, v, names) for v in value)
    if old == new:
        return None  # a field left empty on creation
    return {"key": name, "label": label, "old": old, "new": new}


def _m2m_change(name: str, label: str, parts: dict) -> dict:
    shown = []
    if parts.get("added"):
        shown.append(_("added: %(names)s") % {"names": parts["added"]})
    if parts.get("removed"):
        shown.append(_("removed: %(names)s") % {"names": parts["removed"]})
    return {"key": name, "label": label, "old": "", "new": " / ".join(shown), "m2m": parts}


def readable_value(field, value, names: dict) -> str:
    """A stored value of the change log as the record's page shows it."""
    if value in EMPTY:
        return "—"
    text = str(value)
    if field is None:
        return text
    if field.many_to_one or field.one_to_one:
        found = names.get((field.related_model, text))
        return found if found is not None else _("deleted record #%(id)s") % {"id": text}
    if field.choices:
        labels = {str(key): force_str(label) for key, label in field.flatchoices}
        return labels.get(text, text)
    if isinstance(field, models.BooleanField):
        return _("Yes") if text in ("True", "true", "1") else _("No")
    return _typed(field, text)


def _typed(field, text: str) -> str:
    """Dates, times and numbers in the reader's locale; other text as it was typed."""
    try:
        if isinstance(field, models.DateTimeField):
            moment = dt.datetime.fromisoformat(text)
            if timezone.is_naive(moment):
                # auditlog keeps date-times naive in UTC.
                moment = timezone.make_aware(moment, dt.UTC)
            return date_filter(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
        if isinstance(field, models.DateField):
            return date_filter(dt.date.fromisoformat(text[:10]), "SHORT_DATE_FORMAT")
        if isinstance(field, models.DecimalField | models.FloatField):
            # Integers stay as typed, as on the record's page (a year is not "2 026").
            number = plain(Decimal(text))
            return number_format(number, decimals(number), force_grouping=True)
    except (ValueError, InvalidOperation):
        return text
    return text
