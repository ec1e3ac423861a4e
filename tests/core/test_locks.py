"""A locked record locks its children: for every register that declares a `parent`, a child
of a parent in a locking state (a signed-off audit, a published DUERP) cannot be added,
changed, archived or restored, whether through the form pages, the API, the XLSX import or
the services, and nothing is written. The register framework enforces it, so a new register
that declares a parent is covered here without a test of its own."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import translation

from amelio.core import services
from amelio.core.registry import registry
from tests.api.payloads import api_payload
from tests.core.test_registers import _import_rows, _workbook
from tests.samples import make_record, sample_data

CHILDREN = [r for r in registry if r.parent]
# The pairs locked today; a register losing its declaration must fail here.
KNOWN = {
    "audits.finding": "audit",
    "safety.assessment": "duerp",
    "compliance.clauseanswer": "assessment",
    "documents.documentversion": "document",
    "training.attendance": "session",
    "suppliers.offer": "specification",
    "riskanalysis.fmealine": "fmea",
    "riskanalysis.haccphazard": "study",
    "riskanalysis.hazopdeviation": "study",
    "riskanalysis.controlcharacteristic": "plan",
}


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_the_known_children_declare_their_parent():
    assert {r.key: r.parent for r in CHILDREN} == KNOWN


@pytest.mark.parametrize("reg", CHILDREN, ids=[r.key for r in CHILDREN])
def test_a_parent_model_decides_when_it_locks(reg):
    parent_model = reg.field(reg.parent).related_model
    assert callable(getattr(parent_model, "locks_children", None)), parent_model
    assert reg.field(reg.parent).many_to_one


def _locking_states(parent) -> list[str]:
    """The states of the parent's workflow in which it locks its children."""
    states = []
    for state in type(parent).workflow.states:
        parent.status = state.name
        if parent.locks_children():
            states.append(state.name)
    parent.refresh_from_db()
    return states


def _set_state(parent, state: str) -> None:
    type(parent).objects.filter(pk=parent.pk).update(status=state)
    parent.refresh_from_db()


def _snapshot(reg) -> list[tuple]:
    """What must not change: every child's version, archive date and fields, and the log."""
    rows = sorted(reg.model.objects.values_list("pk", "version", "archived_at", *reg.form_fields))
    return [*rows, LogEntry.objects.count()]


def _api(reg) -> str:
    return f"/api/v1/{reg.app_label}/{reg.url_slug}/"


@pytest.mark.parametrize("reg", CHILDREN, ids=[r.key for r in CHILDREN])
def test_a_locked_parent_refuses_every_change_to_its_children(
    reg, client_for, org, coordinator, manager
):
    child = make_record(reg, org["a"], manager, "Before")
    archived = make_record(reg, org["a"], manager, "Archived")
    services.record_archive(record=archived, user=manager)
    parent = getattr(child, reg.parent)
    assert getattr(archived, reg.parent) == parent
    initial = parent.status
    states = _locking_states(parent)
    assert states, f"{reg.key}: no state of {parent} locks its children"
    client = client_for(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for state in states:
        _set_state(parent, state)
        reason = services.parent_lock(child)
        assert reason and parent.reference in reason, state
        before = _snapshot(reg)

        # The services.
        form = reg.get_form_class()(sample_data(reg, org["a"], manager, "New"), user=manager)
        assert form.is_valid(), form.errors
        with pytest.raises(ValidationError) as refused:
            services.record_create(record=form.save(commit=False), user=coordinator)
        assert refused.value.messages == [reason]
        stored = reg.model.objects.get(pk=child.pk)
        for service, kwargs in (
            (services.record_update, {"record": stored, "expected_version": stored.version}),
            (services.record_archive, {"record": stored}),
            (services.record_restore, {"record": reg.model.objects.get(pk=archived.pk)}),
        ):
            with pytest.raises(ValidationError) as refused:
                service(user=coordinator, **kwargs)
            assert refused.value.messages == [reason]
        assert not services.may_edit(coordinator, stored)
        assert not services.may_archive(coordinator, stored)

        # The pages: the form says why, the detail page hides the buttons and says why.
        data = sample_data(reg, org["a"], manager, "Changed")
        added = client.post(reg.url("add"), data)
        assert added.status_code == 200
        assert added.context["form"].non_field_errors() == [reason]
        edited = client.post(reg.url("edit", child.pk), {**data, "version": stored.version})
        assert edited.status_code == 200
        assert edited.context["form"].non_field_errors() == [reason]
        assert client.get(reg.url("edit", child.pk)).status_code == 302
        client.post(reg.url("archive", child.pk))
        client.post(reg.url("restore", archived.pk))
        page = client.get(reg.url("detail", child.pk))
        assert (page.context["may_change"], page.context["may_archive"]) == (False, False)
        assert page.context["parent_lock"] == reason
        assert reg.url("edit", child.pk) not in page.content.decode()
        assert reg.url("archive", child.pk) not in page.content.decode()

        # The API.
        payload = api_payload(reg, org["a"], manager, "Api")
        created = client.post(_api(reg), payload, content_type="application/json")
        assert created.status_code == 400, created.content
        assert reason in str(created.json())
        url = f"{_api(reg)}{child.pk}/"
        patched = client.patch(url, {"version": stored.version}, content_type="application/json")
        assert patched.status_code == 400
        assert reason in str(patched.json())
        assert client.delete(url).status_code == 400
        restored = client.post(f"{_api(reg)}{archived.pk}/restore/")
        assert restored.status_code == 400

        # The import, of a new row and of a row that changes the child.
        header, rows = _import_rows(reg, org["a"], manager, 2)
        header = ["reference", *header]
        rows = [["", *rows[0]], [child.reference, *rows[1]]]
        preview = client.post(reg.url("import"), {"file": _workbook(header, rows)})
        errors = preview.context["report"].errors
        assert [(row.number, row.errors) for row in errors] == [(2, [reason]), (3, [reason])]

        assert _snapshot(reg) == before, state

    # Unlocked again, the same child may change: the refusals came from the lock.
    _set_state(parent, initial)
    stored = reg.model.objects.get(pk=child.pk)
    services.record_update(record=stored, user=coordinator, expected_version=stored.version)
    services.record_archive(record=stored, user=coordinator)


@pytest.mark.parametrize("reg", CHILDREN, ids=[r.key for r in CHILDREN])
def test_a_child_cannot_be_moved_into_or_out_of_a_locked_parent(reg, org, coordinator):
    child = make_record(reg, org["a"], coordinator)
    open_parent = getattr(child, reg.parent)
    other = make_record(reg, org["a"], coordinator)
    locked = type(open_parent).objects.get(pk=open_parent.pk)
    locked.pk = None
    locked.reference = ""
    locked.save()
    _set_state(locked, _locking_states(locked)[0])
    child.refresh_from_db()
    setattr(child, reg.parent, locked)
    with pytest.raises(ValidationError):
        services.record_update(record=child, user=coordinator, expected_version=child.version)
    setattr(other, reg.parent, locked)
    other.save(update_fields=[reg.field(reg.parent).attname])
    other.refresh_from_db()
    setattr(other, reg.parent, open_parent)
    with pytest.raises(ValidationError):
        services.record_update(record=other, user=coordinator, expected_version=other.version)
    assert reg.model.objects.get(pk=child.pk).version == 1
    assert getattr(reg.model.objects.get(pk=other.pk), reg.field(reg.parent).attname) == locked.pk
