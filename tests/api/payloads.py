"""What the API tests send: a register's URL, a valid payload, the related fields it writes."""

from __future__ import annotations

from rest_framework import serializers

from amelio.core.registry import registry
from tests.samples import sample_data

API_REGISTERS = list(registry)  # every register has an API (its serializer derived or declared)


def api_url(reg, pk=None, action: str = "") -> str:
    base = f"/api/v1/{reg.app_label}/{reg.url_slug}/"
    if pk is None:
        return base
    return f"{base}{pk}/{action + '/' if action else ''}"


def api_payload(reg, unit, user, marker: str = "Api") -> dict:
    """A payload valid for `user` in `unit`, from the register's form sample."""
    data = sample_data(reg, unit, user, marker)
    data["org_unit"] = unit.code
    data = {k: v for k, v in data.items() if k in reg.get_serializer_class().Meta.fields}
    for name, value in data.items():
        if value == "" and reg.field(name).get_internal_type() == "BooleanField":
            data[name] = False
    return data


def writable_relations(reg) -> dict[str, type]:
    """The related fields the API writes (org unit aside): field name -> related model."""
    found = {}
    for name, field in reg.get_serializer_class()(context={}).fields.items():
        if field.read_only or name == "org_unit":
            continue
        child = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
        if isinstance(child, serializers.RelatedField):
            found[name] = reg.field(name).related_model
    return found


def register_relations() -> list[tuple]:
    """(register, field name) of every API field that points to another register's record."""
    return [
        (reg, name)
        for reg in API_REGISTERS
        for name, model in writable_relations(reg).items()
        if registry.for_model(model) is not None
    ]


def many_to_many() -> list[tuple]:
    """(register, field name) of every many-to-many field the API writes."""
    return [
        (reg, name)
        for reg in API_REGISTERS
        for name in writable_relations(reg)
        if reg.field(name).many_to_many
    ]


def pair_ids(pairs: list[tuple]) -> list[str]:
    return [f"{reg.key}.{name}" for reg, name in pairs]
