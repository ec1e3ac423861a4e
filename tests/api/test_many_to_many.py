"""Every many-to-many field of the API (the actions an action depends on, an audit's team) is
written on create and on update, and the change is kept in the record's history."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model

from amelio.core.registry import registry
from tests.api.payloads import api_payload, api_url, many_to_many, pair_ids
from tests.samples import make_record

FIELDS = many_to_many()
pytestmark = pytest.mark.parametrize(("reg", "name"), FIELDS, ids=pair_ids(FIELDS))


def _programme_clause(unit, user):
    from amelio.audits.models import ProgrammeClause

    programme = make_record(
        registry.for_model(ProgrammeClause.programme.field.related_model), unit, user
    )
    count = ProgrammeClause.objects.count()
    return ProgrammeClause.objects.create(
        programme=programme, standard="ISO 9001:2015", clause=f"8.{count + 1}"
    )


def _department(unit, user):
    from amelio.core.models import OrgUnit

    count = OrgUnit.objects.count()
    return OrgUnit.objects.create(
        kind="department", name=f"Department {count}", code=f"D{count}", parent=unit
    )


# How to make a value of a related model that is neither a person nor a register's record.
MAKERS = {"audits.programmeclause": _programme_clause, "core.orgunit": _department}


def _values(model, unit, coordinator, manager) -> list:
    """Two distinct records the manager may link."""
    if model is get_user_model():
        return [manager, coordinator]
    register = registry.for_model(model)
    if register is not None:
        return [make_record(register, unit, coordinator, f"Linked {n}") for n in (1, 2)]
    maker = MAKERS[model._meta.label_lower]  # a new model: add how to make one here
    return [maker(unit, coordinator) for _n in (1, 2)]


def _linked(record, name) -> set:
    return set(getattr(record, name).values_list("pk", flat=True))


def test_many_to_many_is_written_on_create_and_update(
    reg, name, client_for, org, coordinator, manager
):
    first, second = _values(reg.field(name).related_model, org["a"], coordinator, manager)
    client = client_for(manager)
    payload = {**api_payload(reg, org["a"], manager), name: [first.pk]}
    created = client.post(api_url(reg), payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()[name] == [first.pk]
    record = reg.model.objects.get(pk=created.json()["id"])
    assert _linked(record, name) == {first.pk}

    changed = client.patch(
        api_url(reg, record.pk),
        {name: [second.pk, first.pk], "version": 1},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert sorted(changed.json()[name]) == sorted([first.pk, second.pk])
    record.refresh_from_db()
    assert (record.version, _linked(record, name)) == (2, {first.pk, second.pk})

    emptied = client.patch(api_url(reg, record.pk), {name: []}, content_type="application/json")
    assert emptied.status_code == 200, emptied.content
    assert _linked(record, name) == set()
    m2m_entries = [
        entry
        for entry in LogEntry.objects.get_for_object(record)
        if name in (entry.changes_dict or {})
    ]
    # Linked on creation, one added, both removed.
    assert len(m2m_entries) == 3
