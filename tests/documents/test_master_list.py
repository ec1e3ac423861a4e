"""The master list (liste des documents en vigueur): what is in force, grouped by type, with
external documents apart; only what the reader may reach, on the page, in the PDF and in the
workbook; filtered by org unit and process."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from pypdf import PdfReader

from amelio.processes.models import Process
from tests.documents.distribution_factories import distribute, make_document, publish

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


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
def library(org, manager, employee, process):
    """The library of Acme: what is in force, and what must never be listed as in force."""
    docs = {}

    def add(unit, code, title, kind="procedure", published=None, **fields):
        document = make_document(unit, code=code, title=title, kind=kind, **fields)
        if published:
            publish(document, published)
        docs[code] = document
        return document

    add(
        org["root"],
        "MAN-QSE",
        "Manuel QSE",
        "manual",
        dt.date(2025, 9, 1),
        owner=manager,
        next_review_on=dt.date(2028, 9, 1),
    )
    add(
        org["a"],
        "PR-QUA-001",
        "Maîtrise des documents",
        published=dt.date(2026, 1, 5),
        next_review_on=dt.date(2026, 2, 1),
    ).processes.add(process)
    add(org["a_unit"], "IT-USI-003", "Réglage du tour CN", "instruction", dt.date(2026, 2, 2))
    add(org["a"], "FOR-QUA-002", "Fiche d'écart", "form", dt.date(2026, 2, 3))
    add(
        org["a"],
        "EXT-9001",
        "NF EN ISO 9001",
        "external",
        dt.date(2025, 1, 10),
        issuer="AFNOR",
        external_edition="2015",
        kept_at="Serveur Qualité / Normes",
    )
    add(org["a"], "PR-QUA-009", "Brouillon jamais publié")
    withdrawn = add(org["a"], "PR-QUA-007", "Ancienne procédure", published=dt.date(2024, 1, 1))
    withdrawn.status = "withdrawn"
    withdrawn.save()
    archived = add(org["a"], "PR-QUA-008", "Procédure archivée", published=dt.date(2024, 1, 1))
    archived.archived_at = NOW
    archived.save()
    add(org["b"], "PR-B-001", "Procédure du site B", published=dt.date(2026, 1, 1))
    hr = add(
        org["a"],
        "PR-RH-004",
        "Entretiens annuels",
        published=dt.date(2026, 1, 20),
        confidentiality="confidential",
    )
    distribute(hr, person=employee)
    secret = add(
        org["a"],
        "PR-DIR-001",
        "Plan de succession",
        published=dt.date(2026, 1, 20),
        confidentiality="restricted",
    )
    distribute(secret, person=manager)
    return docs


def _codes(response) -> list[list[str]]:
    return [[d.code for d in group.documents] for group in response.context["groups"]]


def test_the_page_groups_what_is_in_force_by_type(client_for, library, reader):
    response = client_for(reader).get("/documents/master-list/")
    assert response.status_code == 200
    assert [g.kind for g in response.context["groups"]] == [
        "manual",
        "procedure",
        "instruction",
        "form",
        "external",
    ]
    assert _codes(response) == [
        ["MAN-QSE"],
        ["PR-QUA-001"],
        ["IT-USI-003"],
        ["FOR-QUA-002"],
        ["EXT-9001"],
    ]
    assert response.context["count"] == 5
    html = response.content.decode()
    assert "AFNOR" in html and "Serveur Qualité / Normes" in html
    for absent in ("PR-QUA-009", "PR-QUA-007", "PR-QUA-008", "PR-B-001", "PR-RH-004"):
        assert absent not in html


def test_the_distribution_opens_confidential_documents(client_for, library, employee, manager):
    procedures = _codes(client_for(employee).get("/documents/master-list/"))[1]
    assert procedures == ["PR-QUA-001", "PR-RH-004"]
    procedures = _codes(client_for(manager).get("/documents/master-list/"))[1]
    assert procedures == ["PR-DIR-001", "PR-QUA-001"]


def test_another_site_sees_its_own_and_the_company_documents(client_for, library, outsider):
    response = client_for(outsider).get("/documents/master-list/")
    assert _codes(response) == [["MAN-QSE"], ["PR-B-001"]]


def test_filter_by_org_unit_keeps_its_own_below_and_above(client_for, library, org, coordinator):
    client = client_for(coordinator)
    # Machining A: its own instruction, and what applies from above it (the company's
    # manual, the procedures and forms of Site A); nothing of Site B.
    response = client.get("/documents/master-list/", {"org_unit": org["a_unit"].pk})
    assert _codes(response) == [
        ["MAN-QSE"],
        ["PR-QUA-001", "PR-RH-004"],
        ["IT-USI-003"],
        ["FOR-QUA-002"],
        ["EXT-9001"],
    ]
    # Site A's department: the work unit below it is kept as well.
    response = client.get("/documents/master-list/", {"org_unit": org["a_dept"].pk})
    assert _codes(response) == [
        ["MAN-QSE"],
        ["PR-QUA-001", "PR-RH-004"],
        ["IT-USI-003"],
        ["FOR-QUA-002"],
        ["EXT-9001"],
    ]
    response = client.get("/documents/master-list/", {"org_unit": org["b"].pk})
    assert _codes(response) == [["MAN-QSE"], ["PR-B-001"]]


def test_filter_by_process(client_for, library, process, reader):
    response = client_for(reader).get("/documents/master-list/", {"process": process.pk})
    assert _codes(response) == [["PR-QUA-001"]]


def test_a_unit_out_of_reach_is_no_filter(client_for, library, org, outsider):
    response = client_for(outsider).get("/documents/master-list/", {"org_unit": org["a"].pk})
    assert response.context["unit"] is None
    assert _codes(response) == [["MAN-QSE"], ["PR-B-001"]]


def test_the_workbook(client_for, library, reader, process):
    response = client_for(reader).get("/documents/master-list.xlsx", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    internal, external = book.worksheets
    assert [list(r) for r in internal.iter_rows(values_only=True)] == [
        [
            "Code",
            "Title",
            "Type",
            "Version",
            "Published on",
            "Owner",
            "Processes",
            "Next review",
            "Confidentiality",
            "Org unit",
        ],
        [
            "MAN-QSE",
            "Manuel QSE",
            "Manual",
            "v1",
            dt.datetime(2025, 9, 1),
            "Manager",
            None,
            dt.datetime(2028, 9, 1),
            "Internal",
            "Acme",
        ],
        [
            "PR-QUA-001",
            "Maîtrise des documents",
            "Procedure",
            "v1",
            dt.datetime(2026, 1, 5),
            None,
            "R-USI Usinage",
            dt.datetime(2026, 2, 1),
            "Internal",
            "Site A",
        ],
        [
            "IT-USI-003",
            "Réglage du tour CN",
            "Work instruction",
            "v1",
            dt.datetime(2026, 2, 2),
            None,
            None,
            None,
            "Internal",
            "Machining A",
        ],
        [
            "FOR-QUA-002",
            "Fiche d'écart",
            "Form",
            "v1",
            dt.datetime(2026, 2, 3),
            None,
            None,
            None,
            "Internal",
            "Site A",
        ],
    ]
    assert [list(r) for r in external.iter_rows(values_only=True)] == [
        [
            "Code",
            "Title",
            "Issuer",
            "Edition",
            "Where it is kept",
            "Registered on",
            "Owner",
            "Processes",
            "Next review",
            "Org unit",
        ],
        [
            "EXT-9001",
            "NF EN ISO 9001",
            "AFNOR",
            "2015",
            "Serveur Qualité / Normes",
            dt.datetime(2025, 1, 10),
            None,
            None,
            None,
            "Site A",
        ],
    ]


def test_the_workbook_keeps_confidential_documents_to_their_distribution(
    client_for, library, employee, reader
):
    def codes(user):
        response = client_for(user).get("/documents/master-list.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]

    assert "PR-RH-004" in codes(employee)
    assert "PR-RH-004" not in codes(reader)


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_pdf_is_dated_with_the_company_name_in_the_readers_language(
    client_for, library, reader, employee
):
    text = _pdf_text(
        client_for(reader).get("/documents/master-list.pdf", HTTP_ACCEPT_LANGUAGE="en")
    )
    assert "Acme" in text
    assert "Master list of documents" in text
    assert "Documents in force on March 10, 2026" in text
    for code in ("MAN-QSE", "PR-QUA-001", "IT-USI-003", "FOR-QUA-002", "EXT-9001", "AFNOR"):
        assert code in text
    for absent in ("PR-RH-004", "PR-QUA-007", "PR-B-001", "PR-DIR-001"):
        assert absent not in text
    french = _pdf_text(
        client_for(employee).get("/documents/master-list.pdf", HTTP_ACCEPT_LANGUAGE="fr")
    )
    assert "PR-RH-004" in french
    assert "10 mars 2026" in french


def test_the_pdf_follows_the_filters(client_for, library, process, reader):
    text = _pdf_text(client_for(reader).get(f"/documents/master-list.pdf?process={process.pk}"))
    assert "PR-QUA-001" in text
    assert "MAN-QSE" not in text
