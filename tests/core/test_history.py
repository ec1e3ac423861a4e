"""The history page reads like a person wrote it, for every register, in French and English."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.formats import number_format

from amelio.core import services
from amelio.core.models import OrgUnit, User
from amelio.core.registry import registry
from tests.samples import TODAY, make_record

REGISTERS = list(registry)
RAW_REPR = re.compile(r"\b[a-z_]+\.[A-Z][A-Za-z]+\.")
KINDS = ("char", "choice", "fk", "date", "boolean", "decimal")


def _kind(field) -> str | None:
    if not field.concrete or not field.editable or field.name in ("reference", "org_unit"):
        return None
    if field.many_to_one:
        return "fk"
    if field.choices:
        return "choice"
    if isinstance(field, models.BooleanField):
        return "boolean"
    if isinstance(field, models.DateTimeField):
        return None
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.DecimalField):
        return "decimal"
    if type(field) is models.CharField:
        return "char"
    return None


def _another(model, org, user, current, marker):
    """A record of `model` other than `current` that `user` may use in site A."""
    if model is User:
        return User.objects.create_user(username=f"person-{marker}".lower(), first_name=marker)
    if model is OrgUnit:
        return None
    found = registry.for_model(model)
    if found is not None:
        return make_record(found, org["a"], user, f"Other {marker}")
    return model.objects.exclude(pk=getattr(current, "pk", None)).first()


def _new_value(field, record, org, user):
    current = getattr(record, field.name)
    kind = _kind(field)
    if kind == "char":
        return f"Changed {field.name}"[: field.max_length]
    if kind == "choice":
        others = [key for key, _label in field.flatchoices if key not in ("", None, current)]
        return others[0] if others else None
    if kind == "boolean":
        return not current
    if kind == "date":
        return (current or TODAY) + dt.timedelta(days=1)
    if kind == "decimal":
        return (current or Decimal(0)) + 1
    return _another(field.related_model, org, user, current, field.name)


def _save(reg, pk, user, **values):
    """Save `values` on the record through the update service; False if the model refuses."""
    record = reg.model.objects.get(pk=pk)
    for name, value in values.items():
        setattr(record, name, value)
    try:
        services.record_update(record=record, user=user, expected_version=None)
    except ValidationError:
        return False
    return True


def _edit_every_kind(reg, record, org, user) -> dict:
    """{field name: new value}: one field of each kind the register's form has, changed."""
    changed = {}
    fields = [reg.field(name) for name in reg.form_fields]
    for kind in KINDS:
        for field in (f for f in fields if _kind(f) == kind):
            value = _new_value(field, reg.model.objects.get(pk=record.pk), org, user)
            if value is not None and _save(reg, record.pk, user, **{field.name: value}):
                # The value as saved: a model may normalise it (a month's first day).
                changed[field.name] = getattr(reg.model.objects.get(pk=record.pk), field.name)
                break
    return changed


def _edit_many_to_many(reg, record, org, user) -> dict:
    """{field name: (added, removed)} for the first many-to-many field the form has."""
    for name in reg.form_fields:
        field = reg.field(name)
        if not field.many_to_many:
            continue
        first, second = (
            _another(field.related_model, org, user, None, f"{name}{n}") for n in (1, 2)
        )
        if first is None or second is None or first == second:
            continue
        stored = reg.model.objects.get(pk=record.pk)
        for kept in ([first, second], [first]):
            services.record_update(
                record=stored,
                user=user,
                expected_version=None,
                m2m_save=lambda kept=kept, stored=stored, name=name: getattr(stored, name).set(
                    kept
                ),
            )
            stored = reg.model.objects.get(pk=record.pk)
        return {name: (str(second), str(first))}
    return {}


def _expected(field, value) -> str:
    if field.many_to_one:
        return str(value)
    if field.choices:
        return force_str(dict(field.flatchoices)[value])
    if isinstance(field, models.BooleanField):
        return force_str(translation.gettext("Yes") if value else translation.gettext("No"))
    if isinstance(field, models.DateField):
        return date_filter(value, "SHORT_DATE_FORMAT")
    if isinstance(field, models.DecimalField):
        # Without trailing zeros, thousands grouped: "12 001" in French, "12,001" in English.
        return (
            number_format(value.normalize(), force_grouping=True) if value == int(value) else None
        )
    return str(value)


def _table(response) -> str:
    body = response.content.decode()
    return body[body.index("<tbody") : body.index("</tbody>")]


@pytest.mark.parametrize("reg", REGISTERS, ids=[r.key for r in REGISTERS])
def test_history_reads_like_a_person_wrote_it(reg, client_for, org, coordinator):
    record = make_record(reg, org["a"], coordinator)
    changed = _edit_every_kind(reg, record, org, coordinator)
    m2m = _edit_many_to_many(reg, record, org, coordinator)
    assert changed or m2m, f"{reg.key}: no field could be changed"
    client = client_for(coordinator)
    for language in ("fr", "en"):
        response = client.get(reg.url("history", record.pk), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        table = _table(response)
        assert "None" not in table
        assert not RAW_REPR.search(table), RAW_REPR.search(table)
        lines = [change for row in response.context["rows"] for change in row["changes"]]
        newest = {}
        for change in lines:
            newest.setdefault(change["label"], change["new"])
        with translation.override(language):
            for name, value in changed.items():
                field = reg.field(name)
                label = force_str(field.verbose_name)
                assert label in newest, (language, name, sorted(newest))
                expected = _expected(field, value)
                if expected is not None:
                    assert newest[label] == expected, (language, name)
            for name, (added, removed) in m2m.items():
                label = force_str(reg.field(name).verbose_name)
                shown = [c["new"] for c in lines if c["label"] == label]
                assert any(added in text for text in shown), (language, name, shown)
                assert any(removed in text for text in shown), (language, name, shown)


def test_history_names_a_deleted_record_by_its_id(client_for, org, coordinator):
    reg = registry.get("actions.action")
    record = make_record(reg, org["a"], coordinator)
    gone = User.objects.create_user(username="gone", first_name="Gone")
    assert _save(reg, record.pk, coordinator, owner=gone)
    gone_id = gone.pk
    reg.model.objects.filter(pk=record.pk).update(owner=coordinator)
    gone.delete()
    response = client_for(coordinator).get(reg.url("history", record.pk), HTTP_ACCEPT_LANGUAGE="en")
    changes = response.context["rows"][0]["changes"]
    assert [c["new"] for c in changes if c["key"] == "owner"] == [f"deleted record #{gone_id}"]


def test_one_form_save_with_many_to_many_is_one_line_per_field(client_for, org, coordinator):
    """The form saves the fields, then removes and adds the related records: the reader
    sees one save, with "added: … / removed: …" on the many-to-many field."""
    reg = registry.get("actions.action")
    record = make_record(reg, org["a"], coordinator, "Main")
    first, second, third = (make_record(reg, org["a"], coordinator, f"Dep {n}") for n in (1, 2, 3))
    stored = reg.model.objects.get(pk=record.pk)
    services.record_update(
        record=stored,
        user=coordinator,
        expected_version=None,
        m2m_save=lambda: stored.depends_on.set([first, second]),
    )
    stored = reg.model.objects.get(pk=record.pk)
    stored.title = "Main, renamed"
    services.record_update(
        record=stored,
        user=coordinator,
        expected_version=None,
        m2m_save=lambda: stored.depends_on.set([first, third]),
    )
    response = client_for(coordinator).get(reg.url("history", record.pk), HTTP_ACCEPT_LANGUAGE="en")
    rows = response.context["rows"]
    assert [str(row["action"]) for row in rows] == ["Changed", "Changed", "Created"]
    latest = {c["key"]: c["new"] for c in rows[0]["changes"]}
    assert latest == {
        "title": "Main, renamed",
        "depends_on": f"added: {third} / removed: {second}",
    }
