"""A record given by id through the API (the process of a risk, the actions an action depends
on) is one the user may see: an outsider's record "cannot be found", exactly like an id that
does not exist, so that ids cannot be probed; nothing is created or changed."""

from __future__ import annotations

import pytest

from amelio.core import services
from amelio.core.registry import registry
from tests.api.payloads import api_payload, api_url, pair_ids, register_relations
from tests.samples import make_record

RELATIONS = register_relations()
pytestmark = pytest.mark.parametrize(("reg", "name"), RELATIONS, ids=pair_ids(RELATIONS))

NOT_FOUND = ["This record cannot be found."]


def _value(reg, name, pk):
    return [pk] if reg.field(name).many_to_many else pk


def _ids(reg, name, org, coordinator):
    """(an id of site A, an id of site B, an id of no record) of the field's model."""
    related = registry.for_model(reg.field(name).related_model)
    ours = make_record(related, org["a"], coordinator, "Ours")
    theirs = make_record(related, org["b"], coordinator, "Theirs")
    missing = related.model.objects.order_by("-pk").first().pk + 1000
    return ours.pk, theirs.pk, missing


def test_create_refuses_an_outsiders_record_as_a_missing_one(
    reg, name, client_for, org, coordinator, manager
):
    ours, theirs, missing = _ids(reg, name, org, coordinator)
    client = client_for(manager)
    before = set(reg.model.objects.values_list("pk", flat=True))

    def post(pk):
        payload = {**api_payload(reg, org["a"], manager), name: _value(reg, name, pk)}
        return client.post(
            api_url(reg), payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )

    outsider, absent = post(theirs), post(missing)
    assert (outsider.status_code, outsider.json()) == (absent.status_code, absent.json())
    assert outsider.status_code == 400
    assert outsider.json()[name] == NOT_FOUND
    assert set(reg.model.objects.values_list("pk", flat=True)) == before
    # The same field takes a record of the user's own site (a rule between fields, such as
    # two different variables, may still refuse the sample, but not on this field's id).
    accepted = post(ours)
    assert accepted.status_code == 201 or NOT_FOUND not in accepted.json().values()


def test_update_refuses_an_outsiders_record_as_a_missing_one(
    reg, name, client_for, org, coordinator, manager
):
    record = make_record(reg, org["a"], manager, "Mine")
    _ours, theirs, missing = _ids(reg, name, org, coordinator)
    held = _held(record, name)
    client = client_for(manager)

    def patch(pk):
        return client.patch(
            api_url(reg, record.pk),
            {name: _value(reg, name, pk)},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )

    outsider, absent = patch(theirs), patch(missing)
    assert (outsider.status_code, outsider.json()) == (absent.status_code, absent.json())
    assert outsider.json() == {name: NOT_FOUND}
    record.refresh_from_db()
    assert (record.version, _held(record, name)) == (1, held)


def _held(record, name):
    field = record._meta.get_field(name)
    if field.many_to_many:
        return set(getattr(record, name).values_list("pk", flat=True))
    return getattr(record, field.attname)


def test_a_held_record_may_be_sent_back_once_archived(
    reg, name, client_for, org, coordinator, manager
):
    """A PUT of what was read keeps a link to a record archived since; a new link to an
    archived record is refused like any record that cannot be found."""
    related = registry.for_model(reg.field(name).related_model)
    record = make_record(reg, org["a"], manager, "Mine")
    held, other = (make_record(related, org["a"], coordinator, m) for m in ("Held", "Other"))
    field = reg.field(name)
    if field.many_to_many:
        getattr(record, name).set([held])
    else:
        # A model whose links are exclusive (`ONE_OF`: a requirement is for one job, work
        # unit or process) keeps the one link under test.
        exclusive = getattr(reg.model, "ONE_OF", ())
        others = {f"{n}_id": None for n in exclusive if n != name} if name in exclusive else {}
        parts = _parts_moved_to(record, field, held)
        reg.model.objects.filter(pk=record.pk).update(**others, **parts, **{field.attname: held.pk})
    for archived in (held, other):
        services.record_archive(record=archived, user=coordinator)
    client = client_for(manager)

    def patch(pk):
        return client.patch(
            api_url(reg, record.pk),
            {name: _value(reg, name, pk)},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )

    refused = patch(other.pk)
    assert refused.json() == {name: NOT_FOUND}
    kept = patch(held.pk)
    assert kept.status_code == 200, kept.content
    assert _held(reg.model.objects.get(pk=record.pk), name) == _held_value(field, held.pk)


def _parts_moved_to(record, field, held) -> dict:
    """The record's links to parts of the related record (a HAZOP deviation's node, a part
    of its study: `scope_parent`), re-pointed to a copy of that part in `held`, since a
    part of one record cannot stay with another."""
    moved = {}
    for other in type(record)._meta.concrete_fields:
        model = other.related_model if other.many_to_one else None
        if model is None or getattr(model, "scope_parent", None) is None:
            continue
        if model._meta.get_field(model.scope_parent).related_model is not field.related_model:
            continue
        part = getattr(record, other.name)
        part.pk = None
        setattr(part, model.scope_parent, held)
        part.save()
        moved[other.attname] = part.pk
    return moved


def _held_value(field, pk):
    return {pk} if field.many_to_many else pk
