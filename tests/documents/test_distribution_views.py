"""The pages of the distribution: my documents to read, "I have read and understood", a
document's acknowledgements (page and workbook), and the rate as an indicators' measure."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from amelio.documents.distribution import refresh_acknowledgements
from amelio.documents.models import Acknowledgement, Document
from tests.documents.distribution_factories import distribute, make_document, publish

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def procedure(org, manager, employee, reader):
    """PR-QUA-001 of site A, for the whole site (manager, employee, reader), in force."""
    document = make_document(org["a"], owner=manager)
    distribute(document, org_unit=org["a"])
    publish(document, dt.date(2026, 3, 2))
    return document


@pytest.fixture
def confidential(org, manager, employee):
    """A confidential HR procedure of site A, for the employee only."""
    document = make_document(
        org["a"], code="PR-RH-004", title="Entretiens annuels", confidentiality="confidential"
    )
    distribute(document, person=employee)
    publish(document, dt.date(2026, 3, 5))
    return document


def _ack_url(document) -> str:
    return reverse("documents:document_acknowledge", args=[document.pk])


def _page_url(document) -> str:
    return reverse("documents:document_acknowledgements", args=[document.pk])


# My documents to read ----------------------------------------------------------------------


def test_to_read_lists_the_current_versions_not_acknowledged(
    client_for, procedure, confidential, employee
):
    response = client_for(employee).get("/documents/to-read/")
    assert response.status_code == 200
    assert [d.code for d in response.context["pending"]] == ["PR-RH-004", "PR-QUA-001"]
    html = response.content.decode()
    assert f'id="to-read-{procedure.pk}"' in html
    assert f'name="version" value="{procedure.current_version_id}"' in html


def test_to_read_leaves_out_what_the_reader_may_not_reach(
    client_for, procedure, confidential, reader, outsider
):
    response = client_for(reader).get("/documents/to-read/")
    assert [d.code for d in response.context["pending"]] == ["PR-QUA-001"]
    response = client_for(outsider).get("/documents/to-read/")
    assert response.context["pending"] == []


def test_the_documents_list_leads_to_my_documents_and_the_master_list(
    client_for, procedure, employee
):
    client = client_for(employee)
    html = client.get("/documents/documents/", {"org_unit": procedure.org_unit_id}).content
    assert b'href="/documents/documents/to-read/?' in html
    assert b'href="/documents/documents/master-list/?' in html
    response = client.get("/documents/documents/to-read/")
    assert [d.code for d in response.context["pending"]] == ["PR-QUA-001"]
    html = response.content.decode()
    # "Read" opens the version in force, where the reader acknowledges it.
    assert f'href="/documents/versions/{procedure.current_version_id}/"' in html
    response = client.get("/documents/documents/master-list/", {"org_unit": procedure.org_unit_id})
    assert response.context["unit"] == procedure.org_unit
    assert [d.code for group in response.context["groups"] for d in group.documents] == [
        "PR-QUA-001"
    ]


# I have read and understood ----------------------------------------------------------------


def test_acknowledging_records_it_and_updates_the_rate(client_for, procedure, employee):
    client = client_for(employee)
    response = client.post(
        _ack_url(procedure),
        {"version": procedure.current_version_id, "next": "/documents/to-read/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/documents/to-read/"
    ack = Acknowledgement.objects.get()
    assert (ack.person, ack.version_id, ack.acknowledged_at) == (
        employee,
        procedure.current_version_id,
        NOW,
    )
    stored = Document.objects.get(pk=procedure.pk)
    assert (stored.concerned_count, stored.acknowledged_count) == (3, 1)
    assert stored.acknowledgement_rate == Decimal("33.3")
    assert client.get("/documents/to-read/").context["pending"] == []
    client.post(_ack_url(procedure), {"version": procedure.current_version_id})
    assert Acknowledgement.objects.count() == 1


def test_a_version_published_meanwhile_is_read_first(client_for, procedure, employee):
    old = procedure.current_version
    new = publish(procedure, dt.date(2026, 3, 9))
    response = client_for(employee).post(_ack_url(procedure), {"version": old.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/documents/versions/{new.pk}/"
    assert Acknowledgement.objects.count() == 0


def test_only_people_concerned_acknowledge(client_for, procedure, coordinator, outsider):
    assert client_for(coordinator).post(_ack_url(procedure)).status_code == 403
    assert client_for(outsider).post(_ack_url(procedure)).status_code == 404
    assert Acknowledgement.objects.count() == 0


def test_a_confidential_document_is_not_acknowledged_from_outside(
    client_for, confidential, reader, employee
):
    assert client_for(reader).post(_ack_url(confidential)).status_code == 404
    assert client_for(employee).post(_ack_url(confidential)).status_code == 302
    assert Acknowledgement.objects.filter(person=employee).count() == 1


def test_acknowledging_is_a_post_and_goes_back_only_inside(client_for, procedure, employee):
    client = client_for(employee)
    assert client.get(_ack_url(procedure)).status_code == 405
    response = client.post(_ack_url(procedure), {"next": "https://elsewhere.example/"})
    assert response["Location"] == "/documents/to-read/"


def _panel(html: str) -> tuple[bool, bool]:
    """Whether a page shows the button to acknowledge, and the way to who has read it."""
    return 'id="acknowledge"' in html, 'id="acknowledgements"' in html


def test_the_version_in_force_asks_the_reader_to_acknowledge_it(client_for, procedure, employee):
    client = client_for(employee)
    page = f"/documents/versions/{procedure.current_version_id}/"
    html = client.get(page).content.decode()
    assert _panel(html) == (True, False)
    assert f'action="{_ack_url(procedure)}"' in html
    assert "This document concerns you: read version 1, then confirm it." in html
    response = client.post(
        _ack_url(procedure), {"version": procedure.current_version_id, "next": page}
    )
    assert response["Location"] == page
    html = client.get(page).content.decode()
    assert "You have acknowledged version 1." in html
    assert "I have read and understood" not in html


def test_the_document_page_shows_the_button_and_the_follow_up_to_whom_it_concerns(
    client_for, procedure, employee, manager, coordinator, reader
):
    refresh_acknowledgements(procedure)  # as the publication does
    page = f"/documents/documents/{procedure.pk}/"
    # The employee reads; the manager reads and may change the document; the coordinator,
    # not on the distribution, follows who has read it.
    assert _panel(client_for(employee).get(page).content.decode()) == (True, False)
    html = client_for(manager).get(page).content.decode()
    assert _panel(html) == (True, True)
    assert "Version 1 acknowledged by 0 of 3 people concerned." in html
    assert f'href="{_page_url(procedure)}"' in html
    assert _panel(client_for(coordinator).get(page).content.decode()) == (False, True)


def test_a_superseded_version_asks_nothing(client_for, procedure, employee):
    old = procedure.current_version
    publish(procedure, dt.date(2026, 3, 9))
    html = client_for(employee).get(f"/documents/versions/{old.pk}/").content.decode()
    assert _panel(html) == (False, False)


# A document's acknowledgements ---------------------------------------------------------------


def test_the_acknowledgement_page_shows_who_read_and_who_did_not(
    client_for, procedure, manager, employee
):
    Acknowledgement.objects.create(
        version=procedure.current_version,
        person=employee,
        acknowledged_at=dt.datetime(2026, 3, 3, 11, 5, tzinfo=PARIS),
    )
    response = client_for(manager).get(_page_url(procedure))
    assert response.status_code == 200
    context = response.context
    assert [r.person.username for r in context["done"]] == ["employee"]
    assert [r.person.username for r in context["waiting"]] == ["manager", "reader"]
    assert (context["concerned"], context["rate"]) == (3, Decimal("33.3"))
    assert 'data-rate="33.3"' in response.content.decode()


def test_the_acknowledgement_page_is_for_those_who_may_change_the_document(
    client_for, procedure, coordinator, employee, reader, outsider
):
    assert client_for(coordinator).get(_page_url(procedure)).status_code == 200
    assert client_for(employee).get(_page_url(procedure)).status_code == 403
    assert client_for(reader).get(_page_url(procedure)).status_code == 403
    assert client_for(outsider).get(_page_url(procedure)).status_code == 404


def test_the_acknowledgements_workbook(client_for, procedure, manager, employee):
    Acknowledgement.objects.create(
        version=procedure.current_version,
        person=employee,
        acknowledged_at=dt.datetime(2026, 3, 3, 11, 5, tzinfo=PARIS),
    )
    url = reverse("documents:document_acknowledgements_xlsx", args=[procedure.pk])
    response = client_for(manager).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Person", "Job title", "Version", "Acknowledged on"],
        ["Employee", None, "v1", dt.datetime(2026, 3, 3, 11, 5)],
        ["Manager", None, "v1", None],
        ["Reader", None, "v1", None],
    ]


def test_the_workbook_follows_the_page_permissions(client_for, procedure, outsider, employee):
    url = reverse("documents:document_acknowledgements_xlsx", args=[procedure.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(employee).get(url).status_code == 403


# The rate as a measure ------------------------------------------------------------------------


def test_indicators_average_the_acknowledgement_rate(org, manager, employee, reader):
    from amelio.indicators import sources
    from amelio.indicators.models import Indicator

    rates = []
    for code, readers in [("PR-1", [employee]), ("PR-2", [employee, reader]), ("PR-3", [])]:
        document = make_document(org["a"], code=code)
        distribute(document, person=employee)
        distribute(document, person=reader)
        version = publish(document, dt.date(2026, 3, 2))
        for person in readers:
            Acknowledgement.objects.create(version=version, person=person)
        rates.append(refresh_acknowledgements(document).acknowledgement_rate)
    # Without a published version a document has no rate and is left out of the average.
    unpublished = make_document(org["a"], code="PR-4")
    distribute(unpublished, person=employee)
    refresh_acknowledgements(unpublished)
    assert rates == [Decimal("50.0"), Decimal("100.0"), Decimal("0.0")]
    indicator = Indicator(
        org_unit=org["a"],
        name="Taux de prise de connaissance",
        source="computed",
        source_register="documents.document",
        aggregation="average",
        source_field="acknowledgement_rate",
        source_date_field="created_at",
        source_filter="kind=procedure",
        frequency="monthly",
    )
    assert sources.definition_errors(indicator) == {}
    assert sources.compute(indicator, dt.date(2026, 3, 1)) == pytest.approx(50.0)
    assert sources.compute(indicator, dt.date(2026, 2, 1)) is None
