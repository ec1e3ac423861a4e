"""Every form offers as related records only those its user may pick: seen and not archived,
plus, on an edit, what the record already holds (`core.forms.scope_choices`)."""

from __future__ import annotations

import inspect
from importlib import import_module

import pytest
from django import forms
from django.utils import timezone

from amelio.core.forms import RecordForm, ScopedChoicesMixin
from amelio.core.models import Record
from amelio.core.registry import registry
from amelio.processes.models import Process
from tests.samples import also_coordinating, make_record

REGISTERS = list(registry)


def record_choices(form) -> dict[str, forms.ModelChoiceField]:
    return {
        name: field
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField) and issubclass(field.queryset.model, Record)
    }


def test_no_form_offers_another_sites_records(client_for, org, coordinator, manager):
    """Site B gets a record of every register (so every related model has one), then a site A
    manager opens every add form and the edit form of a site A record."""
    other_site = [make_record(reg, org["b"], coordinator, "Bravo") for reg in REGISTERS]
    also_coordinating(manager, org["a"])
    client = client_for(manager)
    checked = 0
    for reg in REGISTERS:
        mine = make_record(reg, org["a"], manager, "Alpha")
        for url in (reg.url("add"), reg.url("edit", mine.pk)):
            response = client.get(url)
            assert response.status_code == 200, url
            for name, field in record_choices(response.context["form"]).items():
                offered = field.queryset.filter(org_unit__path__startswith=org["b"].path)
                assert not offered.exists(), (url, name, list(offered))
                checked += 1
            html = response.content.decode()
            assert "Bravo" not in html, url
            shown = [r.reference for r in other_site if f"{r.reference} " in html]
            assert not shown, (url, shown)
    assert checked >= 2 * 20  # the related-record fields of the add and edit forms


@pytest.fixture
def processes(org, coordinator):
    register = registry.for_model(Process)
    active = make_record(register, org["a"], coordinator, "Active")
    archived = make_record(register, org["a"], coordinator, "Archived")
    Process.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    return active, archived


def test_an_edit_keeps_an_archived_value_a_new_record_cannot_pick_it(
    client_for, org, manager, processes
):
    active, archived = processes
    register = registry.get("nonconformities.nonconformity")
    nc = make_record(register, org["a"], manager)
    type(nc).objects.filter(pk=nc.pk).update(process=archived)
    client = client_for(manager)
    add = client.get(register.url("add")).context["form"]
    assert list(add.fields["process"].queryset) == [active]
    edit = client.get(register.url("edit", nc.pk)).context["form"]
    assert set(edit.fields["process"].queryset) == {active, archived}
    assert edit.initial["process"] == archived.pk


def test_an_edit_keeps_archived_values_of_a_many_to_many(org, manager, processes):
    active, archived = processes
    register = registry.get("audits.audit")
    audit = make_record(register, org["a"], manager)
    audit.processes.set([archived])
    form = register.get_form_class()(instance=audit, user=manager)
    assert set(form.fields["processes"].queryset) == {active, archived}
    new = register.get_form_class()(user=manager)
    assert list(new.fields["processes"].queryset) == [active]


def test_forms_outside_the_registers_scope_their_choices(org, coordinator, manager, processes):
    from amelio.audits.forms import BuildChecklistForm, ProcessLineForm

    active, _archived = processes
    other = make_record(registry.for_model(Process), org["b"], coordinator, "Bravo")
    line = ProcessLineForm(user=manager)
    assert list(line.fields["process"].queryset) == [active]
    assert other in ProcessLineForm(user=coordinator).fields["process"].queryset
    template = make_record(registry.get("audits.checklisttemplate"), org["b"], coordinator)
    assert list(BuildChecklistForm(user=manager).fields["template"].queryset) == []
    assert template in BuildChecklistForm(user=coordinator).fields["template"].queryset


def _form_classes():
    for app in registry.app_labels():
        try:
            module = import_module(f"amelio.{app}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_form_choosing_records_is_scoped():
    """A form with a choice of register records scopes it by construction: a RecordForm, or
    ScopedChoicesMixin for the others."""
    unscoped = [
        cls.__qualname__
        for cls in _form_classes()
        if any(
            isinstance(field, forms.ModelChoiceField)
            and field.queryset is not None
            and issubclass(field.queryset.model, Record)
            for field in cls.base_fields.values()
        )
        and not issubclass(cls, RecordForm | ScopedChoicesMixin)
    ]
    assert unscoped == []


def test_a_posted_record_of_another_site_is_refused_on_its_field(
    client_for, org, coordinator, manager
):
    from tests.samples import sample_data

    other = make_record(registry.for_model(Process), org["b"], coordinator, "Bravo")
    register = registry.get("nonconformities.nonconformity")
    data = {**sample_data(register, org["a"], manager), "process": other.pk}
    response = client_for(manager).post(register.url("add"), data)
    assert response.status_code == 200
    assert "process" in response.context["form"].errors
    assert not register.model.objects.exists()
