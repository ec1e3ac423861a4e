"""The Documents panel on process sheets, audits, audit checklists and nonconformities: the
linked documents the reader may reach, and linking or unlinking by those who may change the
record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from amelio.audits.models import Audit, ChecklistTemplate
from amelio.documents.models import DocumentLink
from amelio.nonconformities.models import Nonconformity
from amelio.processes.models import Process
from tests.documents.distribution_factories import distribute, make_document, publish


@pytest.fixture
def process(org, manager):
    return Process.objects.create(
        process_type="operational",
        code="R-USI",
        name="Usinage",
        purpose="Usiner les pièces conformes",
        org_unit=org["a"],
        owner=manager,
    )


@pytest.fixture
def nc(org, manager):
    return Nonconformity.objects.create(title="Cote hors tolérance", org_unit=org["a"])


@pytest.fixture
def audit(org):
    return Audit.objects.create(
        title="Audit interne usinage", org_unit=org["a"], planned_start=dt.date(2026, 3, 2)
    )


@pytest.fixture
def documents(org, employee, process):
    procedure = make_document(org["a"], code="PR-QUA-004", title="Traitement des NC")
    publish(procedure, dt.date(2026, 1, 5))
    procedure.processes.add(process)
    instruction = make_document(
        org["a"], code="IT-USI-003", title="Réglage du tour CN", kind="instruction"
    )
    confidential = make_document(
        org["a"], code="PR-RH-004", title="Entretiens annuels", confidentiality="confidential"
    )
    publish(confidential, dt.date(2026, 1, 20))
    confidential.processes.add(process)
    distribute(confidential, person=employee)
    return {"procedure": procedure, "instruction": instruction, "confidential": confidential}


def _link(document, record):
    return DocumentLink.objects.create(
        document=document,
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
    )


def _panel(response) -> dict:
    for panel in response.context["panels"]:
        if panel["template"] == "documents/panels.html":
            return panel["context"]
    raise AssertionError("no Documents panel")


def _shown(response) -> list[str]:
    return [d.code for d in _panel(response)["documents"]]


def test_a_process_sheet_shows_its_documents(client_for, documents, process, reader, employee):
    response = client_for(reader).get(f"/processes/processes/{process.pk}/")
    assert _shown(response) == ["PR-QUA-004"]
    assert 'id="documents"' in response.content.decode()
    assert _panel(response)["may_link"] is False
    response = client_for(employee).get(f"/processes/processes/{process.pk}/")
    assert _shown(response) == ["PR-QUA-004", "PR-RH-004"]


def test_a_nonconformity_shows_its_linked_documents(client_for, documents, nc, reader, manager):
    _link(documents["procedure"], nc)
    _link(documents["confidential"], nc)
    response = client_for(reader).get(f"/nonconformities/nonconformities/{nc.pk}/")
    assert _shown(response) == ["PR-QUA-004"]
    panel = _panel(client_for(manager).get(f"/nonconformities/nonconformities/{nc.pk}/"))
    assert panel["may_link"] is True
    assert [d.code for d in panel["offered"]] == ["IT-USI-003"]


def test_an_audit_and_a_checklist_show_their_documents(client_for, documents, audit, org, reader):
    _link(documents["instruction"], audit)
    checklist = ChecklistTemplate.objects.create(title="Usinage", org_unit=org["a"])
    _link(documents["procedure"], checklist)
    assert _shown(client_for(reader).get(f"/audits/audits/{audit.pk}/")) == ["IT-USI-003"]
    url = f"/audits/checklists/{checklist.pk}/"
    assert _shown(client_for(reader).get(url)) == ["PR-QUA-004"]


def test_a_manager_links_and_unlinks_a_document(client_for, documents, nc, manager):
    client = client_for(manager)
    url = f"/documents/links/nonconformities.nonconformity/{nc.pk}/add/"
    response = client.post(url, {"document": "pr-qua-004"})
    assert response.status_code == 302
    assert response["Location"] == f"/nonconformities/nonconformities/{nc.pk}/#documents"
    link = DocumentLink.objects.get()
    assert (link.document, link.object_id, link.created_by) == (
        documents["procedure"],
        nc.pk,
        manager,
    )
    client.post(url, {"document": "PR-QUA-004"})
    assert DocumentLink.objects.count() == 1
    remove = f"/documents/links/nonconformities.nonconformity/{nc.pk}/remove/"
    client.post(f"{remove}{documents['procedure'].pk}/")
    assert DocumentLink.objects.count() == 0


def test_a_process_owner_links_a_document_to_the_process(client_for, documents, process, manager):
    client = client_for(manager)
    instruction = documents["instruction"]
    client.post(f"/documents/links/processes.process/{process.pk}/add/", {"document": "IT-USI-003"})
    assert list(instruction.processes.all()) == [process]
    client.post(f"/documents/links/processes.process/{process.pk}/remove/{instruction.pk}/")
    assert list(instruction.processes.all()) == []


def test_a_document_out_of_reach_cannot_be_linked(client_for, documents, nc, manager, org):
    elsewhere = make_document(org["b"], code="PR-B-001")
    client = client_for(manager)
    url = f"/documents/links/nonconformities.nonconformity/{nc.pk}/add/"
    client.post(url, {"document": "PR-B-001"})
    client.post(url, {"document": "PR-RH-004"})
    assert DocumentLink.objects.count() == 0
    _link(elsewhere, nc)
    remove = f"/documents/links/nonconformities.nonconformity/{nc.pk}/remove/{elsewhere.pk}/"
    assert client.post(remove).status_code == 404
    assert DocumentLink.objects.count() == 1


def test_linking_needs_the_right_to_change_the_record(
    client_for, documents, nc, employee, outsider
):
    url = f"/documents/links/nonconformities.nonconformity/{nc.pk}/add/"
    assert client_for(employee).post(url, {"document": "PR-QUA-004"}).status_code == 403
    assert client_for(outsider).post(url, {"document": "PR-QUA-004"}).status_code == 404
    assert client_for(employee).get(url).status_code == 405
    unknown = f"/documents/links/risks.risk/{nc.pk}/add/"
    assert client_for(employee).post(unknown, {"document": "PR-QUA-004"}).status_code == 404
    assert DocumentLink.objects.count() == 0


def test_an_archived_record_takes_no_new_link(client_for, documents, nc, manager):
    nc.archived_at = nc.created_at
    nc.save()
    url = f"/documents/links/nonconformities.nonconformity/{nc.pk}/add/"
    client_for(manager).post(url, {"document": "PR-QUA-004"})
    assert DocumentLink.objects.count() == 0
