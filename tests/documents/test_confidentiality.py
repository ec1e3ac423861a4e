"""A confidential or restricted document cannot be reached by someone outside its distribution,
by any path (decision 0028): the document's and its versions' pages and history, the version's
file, its inline preview and its PDF, the API (lists and details of both registers), the global
search, the exports (CSV and XLSX), the evidence files of both, the related-record choices of a
form and of the API. Each path answers 404 (or leaves the document out) for a person of the
same site outside the distribution, and 200 (or lists it) for a person on it; an administrator
not named on a restricted document is outside too."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from amelio.core.models import Attachment, RoleAssignment, User
from amelio.core.permissions import Role
from amelio.core.registry import registry
from amelio.documents import services
from amelio.documents.models import Distribution, Document, DocumentVersion
from tests.documents.library_setup import NOW, new_document, pdf_upload, published

LEVELS = ["confidential", "restricted"]
LISTS = [
    "api documents",
    "api versions",
    "search",
    "documents csv",
    "versions csv",
    "documents xlsx",
    "versions xlsx",
    "version form choices",
]


@pytest.fixture(autouse=True)
def _english_at_a_fixed_time():
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


def _person(username: str, role: str, unit) -> User:
    user = User.objects.create_user(username=username, password="pw", first_name=username.title())
    RoleAssignment.objects.create(user=user, org_unit=unit, role=role)
    return user


@pytest.fixture
def insider(org):
    """A contributor of site A named on the distribution."""
    return _person("insider", Role.CONTRIBUTOR, org["a"])


@pytest.fixture
def administrator(org):
    """An administrator of the whole company, named on nothing."""
    return _person("administrator", Role.ADMINISTRATOR, org["root"])


@pytest.fixture
def library(org, manager, coordinator, insider):
    """For each level, a document of site A (written by the manager, approved by the
    coordinator) naming the insider, with a PDF version in force, a written version in
    progress, and an evidence file on each."""
    found = {}
    for level in LEVELS:
        document = new_document(
            org["a"],
            manager,
            code=f"SEC-{level[:4].upper()}",
            confidentiality=level,
            title=f"Plan {level}",
        )
        Distribution.objects.create(document=document, person=insider)
        file_version = published(document, manager, coordinator, file=pdf_upload())
        text_version = services.version_revise(version=file_version, user=manager)
        text_version.body = "Texte secret"
        text_version.save()
        found[level] = {
            "document": document,
            "file": file_version,
            "text": text_version,
            "evidence": _evidence(document),
            "version_evidence": _evidence(file_version),
        }
    return found


def _evidence(record) -> Attachment:
    return Attachment.objects.create(
        target=record,
        file=SimpleUploadedFile("preuve.pdf", b"%PDF preuve"),
        original_name="preuve.pdf",
        size=11,
    )


def _pages(item) -> list[str]:
    """Every page that shows or serves the document, its versions or their files."""
    document, file_version, text_version = item["document"], item["file"], item["text"]
    d, f, t = document.pk, file_version.pk, text_version.pk
    return [
        f"/documents/documents/{d}/",
        f"/documents/documents/{d}/history/",
        f"/documents/documents/{d}/files/{item['evidence'].pk}/",
        f"/documents/versions/{f}/",
        f"/documents/versions/{f}/history/",
        f"/documents/versions/{f}/file/",
        f"/documents/versions/{f}/preview/",
        f"/documents/versions/{f}/files/{item['version_evidence'].pk}/",
        f"/documents/versions/{t}/",
        f"/documents/versions/{t}/pdf/",
        f"/api/v1/documents/documents/{d}/",
        f"/api/v1/documents/versions/{f}/",
        f"/api/v1/documents/versions/{t}/",
    ]


def _listed(client, item, user) -> dict[str, bool]:
    """Whether each list (API, search, exports) holds the document or its versions."""
    document = item["document"]
    refs = {document.reference, item["file"].reference, item["text"].reference}

    def export(path):
        return b"".join(client.get(path).streaming_content)

    def xlsx(path):
        sheet = load_workbook(io.BytesIO(export(path))).active
        return {row[0] for row in sheet.iter_rows(values_only=True)}

    api_docs = client.get("/api/v1/documents/documents/").json()["results"]
    api_versions = client.get("/api/v1/documents/versions/").json()["results"]
    search = client.get("/search/", {"q": document.code}).context["results"]
    return {
        "api documents": document.pk in {r["id"] for r in api_docs},
        "api versions": bool({item["file"].pk, item["text"].pk} & {r["id"] for r in api_versions}),
        "search": any(document in group["records"] for group in search),
        "documents csv": document.reference
        in export("/documents/documents/export.csv").decode("utf-8-sig"),
        "versions csv": any(
            ref in export("/documents/versions/export.csv").decode("utf-8-sig") for ref in refs
        ),
        "documents xlsx": document.reference in xlsx("/documents/documents/export.xlsx"),
        "versions xlsx": bool(refs & xlsx("/documents/versions/export.xlsx")),
        "version form choices": document in _offered(user),
    }


def _offered(user):
    """The documents the version's form offers `user` (as the add page would, for a role
    that may add)."""
    form = registry.get("documents.documentversion").get_form_class()(user=user)
    return form.fields["document"].queryset


def _api_create(client, document) -> int:
    return client.post(
        "/api/v1/documents/versions/",
        {"document": document.pk, "org_unit": "A", "body": "Texte"},
        content_type="application/json",
    ).status_code


@pytest.mark.parametrize("level", LEVELS)
def test_outside_the_distribution_every_path_is_closed(level, library, reader, client_for):
    item = library[level]
    client = client_for(reader)
    answers = {page: client.get(page).status_code for page in _pages(item)}
    assert answers == dict.fromkeys(_pages(item), 404)
    assert _listed(client, item, reader) == dict.fromkeys(LISTS, False)


@pytest.mark.parametrize("level", LEVELS)
def test_on_the_distribution_every_path_is_open(level, library, insider, client_for):
    item = library[level]
    client = client_for(insider)
    answers = {page: client.get(page).status_code for page in _pages(item)}
    assert answers == dict.fromkeys(_pages(item), 200)
    assert _listed(client, item, insider) == dict.fromkeys(LISTS, True)


@pytest.mark.parametrize("level", LEVELS)
def test_the_same_site_but_an_open_document_is_read(level, library, reader, client_for, manager):
    document = library[level]["document"]
    Document.objects.filter(pk=document.pk).update(confidentiality="internal")
    client = client_for(reader)
    assert {client.get(page).status_code for page in _pages(library[level])} == {200}


def test_an_administrator_not_named_on_a_restricted_document_is_outside(
    library, administrator, client_for
):
    client = client_for(administrator)
    restricted = library["restricted"]
    assert {client.get(page).status_code for page in _pages(restricted)} == {404}
    assert set(_listed(client, restricted, administrator).values()) == {False}
    # A confidential document is read by those who approve on its unit: they run the library.
    assert {client.get(page).status_code for page in _pages(library["confidential"])} == {200}


def test_a_coordinator_of_the_company_reads_a_confidential_document_not_a_restricted_one(
    library, coordinator, auditor, client_for
):
    """The coordinator approved both (involved); the auditor of the company approves nothing."""
    assert set(Document.objects.for_user(coordinator).values_list("code", flat=True)) == {
        "SEC-CONF",
        "SEC-REST",
    }
    assert Document.objects.for_user(auditor).count() == 0
    Distribution.objects.create(document=library["confidential"]["document"], role="auditor")
    Distribution.objects.create(document=library["restricted"]["document"], role="auditor")
    auditor = User.objects.get(pk=auditor.pk)
    assert list(Document.objects.for_user(auditor).values_list("code", flat=True)) == ["SEC-CONF"]


def test_approving_everywhere_reaches_every_confidential_document(org, manager, client_for):
    """The approvers of the whole company reach a confidential document of a site (an empty
    condition joined by OR used to be dropped, leaving them out)."""
    document = new_document(org["a"], manager, code="SEC-1", confidentiality="confidential")
    Document.objects.filter(pk=document.pk).update(owner=None, created_by=None)
    head = _person("head", Role.COORDINATOR, org["root"])
    assert list(Document.objects.for_user(head)) == [document]
    assert list(DocumentVersion.objects.for_user(head)) == []


def test_a_unit_or_a_role_on_the_distribution_opens_a_confidential_document_only(
    org, manager, reader, employee
):
    confidential = new_document(org["a"], manager, code="SEC-C", confidentiality="confidential")
    restricted = new_document(org["a"], manager, code="SEC-R", confidentiality="restricted")
    for document in (confidential, restricted):
        Distribution.objects.create(document=document, org_unit=org["a"])
        Distribution.objects.create(document=document, role="contributor")
    assert list(Document.objects.for_user(reader).values_list("code", flat=True)) == ["SEC-C"]
    assert list(Document.objects.for_user(employee).values_list("code", flat=True)) == ["SEC-C"]


@pytest.mark.parametrize("level", LEVELS)
def test_the_api_refuses_a_version_of_a_document_out_of_reach(
    level, library, reader, insider, client_for
):
    document = library[level]["document"]
    RoleAssignment.objects.filter(user=reader).update(role=Role.MANAGER)
    RoleAssignment.objects.filter(user=insider).update(role=Role.MANAGER)
    client = client_for(reader)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    created = client.post(
        "/api/v1/documents/versions/",
        {"document": document.pk, "org_unit": "A", "body": "Texte"},
        content_type="application/json",
    )
    assert created.status_code == 400
    assert created.json() == {"document": ["This record cannot be found."]}
    before = DocumentVersion.objects.count()
    # The insider reaches it: the refusal then is the version in progress, not the document.
    assert _api_create(client_for(insider), document) == 201
    assert DocumentVersion.objects.count() == before + 1
