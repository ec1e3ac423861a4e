"""The library's pages and API: an approved or published version refused on the form and the
API, signing on the version's page (password asked again), the file served for download and
inline, the PDF of a written version, the revision and the distribution editor."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.utils import translation
from pypdf import PdfReader

from amelio.core.models import TransitionLog
from amelio.documents import richtext, services
from amelio.documents.models import Distribution, DocumentVersion, Signoff
from tests.documents.library_setup import (
    BODY,
    NOW,
    PDF_BYTES,
    approved,
    name,
    new_document,
    new_version,
    pdf_upload,
    published,
)


@pytest.fixture(autouse=True)
def _english_at_a_fixed_time():
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def en(client_for):
    def login(user):
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return login


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# Edits refused past the draft ------------------------------------------------------------------


@pytest.mark.parametrize("state", ["approved", "published"])
def test_the_form_and_the_api_refuse_an_approved_or_published_version(
    state, org, manager, coordinator, en
):
    document = new_document(org["a"], manager)
    make = approved if state == "approved" else published
    version = make(document, manager, coordinator)
    label = {"approved": "Approved", "published": "In force"}[state]
    client = en(coordinator)
    edit = f"/documents/versions/{version.pk}/edit/"
    assert client.get(edit).status_code == 302
    posted = client.post(
        edit,
        {
            "document": document.pk,
            "org_unit": org["a"].pk,
            "changes": "Changé",
            "body": "Texte changé",
            "version": version.version,
        },
    )
    assert posted.status_code == 200
    assert posted.context["form"].non_field_errors() == [
        f"A record in the state “{label}” cannot be changed."
    ]
    api = client.patch(
        f"/api/v1/documents/versions/{version.pk}/",
        {"body": "Texte changé", "version": version.version},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json() == [f"A record in the state “{label}” cannot be changed."]
    page = client.get(f"/documents/versions/{version.pk}/")
    assert page.context["may_change"] is False
    assert edit not in page.content.decode()
    stored = DocumentVersion.objects.get(pk=version.pk)
    assert (stored.body, stored.changes, stored.version) == (BODY, "", version.version)


def test_the_api_gives_the_file_as_a_checked_url_never_a_storage_path(
    org, manager, coordinator, en
):
    document = new_document(org["a"], manager)
    version = published(document, manager, coordinator, file=pdf_upload())
    data = en(manager).get(f"/api/v1/documents/versions/{version.pk}/").json()
    assert data["file_url"] == f"http://testserver/documents/versions/{version.pk}/file/"
    assert "file" not in data
    assert (data["number"], data["status"], data["sha256"]) == (1, "published", version.sha256)
    listed = en(manager).get("/api/v1/documents/documents/").json()["results"]
    assert [(d["code"], d["status"], d["current_version"]) for d in listed] == [
        ("PR-QUA-001", "published", version.pk)
    ]


def test_the_api_writes_a_text_version_with_the_next_number(org, manager, en):
    document = new_document(org["a"], manager)
    new_version(document, manager)
    created = en(manager).post(
        "/api/v1/documents/versions/",
        {"document": document.pk, "org_unit": "A", "body": "Deuxième version", "number": 9},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert (created.json()["number"], created.json()["status"]) == (2, "draft")


# Signing on the page --------------------------------------------------------------------------


def test_signing_on_the_page_asks_for_the_password_again(org, manager, coordinator, en):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    name(version, manager, approvers=[coordinator])
    services.version_submit(version=version, user=manager)
    signoff = Signoff.objects.get()
    client = en(coordinator)
    page = client.get(f"/documents/versions/{version.pk}/")
    assert [s.pk for s in page.context["my_signoffs"]] == [signoff.pk]
    sign_url = f"/documents/versions/{version.pk}/signoffs/{signoff.pk}/sign/"
    assert sign_url in page.content.decode()
    wrong = client.post(sign_url, {"decision": "approved", "password": "nope"}, follow=True)
    assert _messages(wrong) == ["The password is not correct: nothing was signed."]
    signoff.refresh_from_db()
    assert (signoff.decision, signoff.decided_at) == ("pending", None)
    right = client.post(sign_url, {"decision": "approved", "password": "pw"}, follow=True)
    assert _messages(right) == ["Your decision was signed and recorded."]
    signoff.refresh_from_db()
    version.refresh_from_db()
    assert (signoff.decision, signoff.decided_at, signoff.sha256) == (
        "approved",
        NOW,
        version.sha256,
    )
    assert version.status == "approved"


def test_another_person_cannot_sign_in_the_name_of_the_person_named(
    org, manager, coordinator, auditor, en
):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    name(version, manager, approvers=[coordinator])
    services.version_submit(version=version, user=manager)
    signoff = Signoff.objects.get()
    client = en(auditor)
    assert client.get(f"/documents/versions/{version.pk}/").context["my_signoffs"] == []
    response = client.post(
        f"/documents/versions/{version.pk}/signoffs/{signoff.pk}/sign/",
        {"decision": "approved", "password": "pw"},
    )
    assert response.status_code == 403
    signoff.refresh_from_db()
    assert signoff.decision == "pending"


def test_reviewers_and_approvers_are_named_on_the_page(org, manager, employee, coordinator, en):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    client = en(manager)
    add = f"/documents/versions/{version.pk}/signoffs/add/"
    client.post(add, {"person": employee.pk, "role": "reviewer"})
    client.post(add, {"person": coordinator.pk, "role": "approver"})
    assert sorted(version.signoffs.values_list("person__username", "role")) == [
        ("coordinator", "approver"),
        ("employee", "reviewer"),
    ]
    removed = version.signoffs.get(role="reviewer")
    client.post(f"/documents/versions/{version.pk}/signoffs/{removed.pk}/remove/")
    assert list(version.signoffs.values_list("person__username", flat=True)) == ["coordinator"]
    assert en(employee).post(add, {"person": employee.pk, "role": "approver"}).status_code == 403
    assert version.signoffs.count() == 1


def test_submit_publish_revise_and_withdraw_from_the_pages(org, manager, coordinator, en):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    name(version, manager, approvers=[coordinator])
    client = en(manager)
    client.post(f"/documents/versions/{version.pk}/transition/submit/")
    version.refresh_from_db()
    assert version.status == "in_review"
    en(coordinator).post(
        f"/documents/versions/{version.pk}/signoffs/{Signoff.objects.get().pk}/sign/",
        {"decision": "approved", "password": "pw"},
    )
    client.post(f"/documents/versions/{version.pk}/transition/publish/")
    version.refresh_from_db()
    assert version.status == "published"
    revised = client.post(f"/documents/versions/{version.pk}/revise/")
    revision = DocumentVersion.objects.get(number=2)
    assert revised.url == f"/documents/versions/{revision.pk}/edit/"
    withdrawn = en(coordinator).post(
        f"/documents/documents/{document.pk}/transition/withdraw/",
        {"comment": "Remplacé par le manuel"},
    )
    assert withdrawn.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.current_version) == ("withdrawn", None)
    assert list(
        TransitionLog.objects.filter(object_id=document.pk, transition="withdraw").values_list(
            "comment", flat=True
        )
    ) == ["Remplacé par le manuel"]


# Files, preview, PDF --------------------------------------------------------------------------


def test_a_pdf_is_downloaded_and_shown_inline_in_the_page(org, manager, coordinator, en):
    document = new_document(org["a"], manager, code="PR/QUA 001")
    version = published(document, manager, coordinator, file=pdf_upload())
    client = en(manager)
    download = client.get(f"/documents/versions/{version.pk}/file/")
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"] == 'attachment; filename="prqua-001_v1.pdf"'
    preview = client.get(f"/documents/versions/{version.pk}/preview/")
    assert b"".join(preview.streaming_content) == PDF_BYTES
    assert preview["Content-Type"] == "application/pdf"
    assert preview["Content-Disposition"] == 'inline; filename="prqua-001_v1.pdf"'
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert preview["X-Content-Type-Options"] == "nosniff"
    page = client.get(f"/documents/documents/{document.pk}/").content.decode()
    assert f'src="/documents/versions/{version.pk}/preview/"' in page


def test_a_word_file_is_only_downloaded(org, manager, coordinator, en):
    document = new_document(org["a"], manager)
    docx = pdf_upload("formulaire.docx", b"PK\x03\x04 word")
    version = published(document, manager, coordinator, file=docx)
    client = en(manager)
    assert client.get(f"/documents/versions/{version.pk}/preview/").status_code == 404
    assert client.get(f"/documents/versions/{version.pk}/pdf/").status_code == 404
    page = client.get(f"/documents/versions/{version.pk}/").content.decode()
    assert "<iframe" not in page
    assert f"/documents/versions/{version.pk}/file/" in page


def test_an_obsolete_version_stays_readable_marked_obsolete(org, manager, coordinator, en):
    document = new_document(org["a"], manager)
    version = published(document, manager, coordinator, file=pdf_upload())
    services.document_withdraw(document=document, user=coordinator, comment="Obsolète")
    client = en(manager)
    page = client.get(f"/documents/versions/{version.pk}/")
    assert page.status_code == 200
    assert "OBSOLETE" in page.content.decode()
    download = client.get(f"/documents/versions/{version.pk}/file/")
    assert download["Content-Disposition"] == 'attachment; filename="pr-qua-001_v1_OBSOLETE.pdf"'
    detail = client.get(f"/documents/documents/{document.pk}/")
    assert detail.context["current"] is None
    assert f"/documents/versions/{version.pk}/preview/" not in detail.content.decode()


def test_a_written_version_prints_as_a_pdf_with_its_header(org, manager, coordinator, en):
    document = new_document(org["a"], manager, title="Maîtrise des documents")
    version = published(document, manager, coordinator)
    response = en(manager).get(f"/documents/versions/{version.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="pr-qua-001_v1.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "PR-QUA-001",
        "Maîtrise des documents",
        "v1",
        "Controlled copy in Amelio; uncontrolled once printed",
        "Coordinator",
        "Objet",
    ):
        assert expected in text, expected
    draft = services.version_revise(version=version, user=manager)
    text = PdfReader(io.BytesIO(en(manager).get(f"/documents/versions/{draft.pk}/pdf/").content))
    assert "Draft — not approved, not in force" in text.pages[0].extract_text()


def test_the_text_is_shown_as_safe_html(org, manager, en):
    document = new_document(org["a"], manager)
    version = new_version(document, manager, body="## Risques\n<script>alert(1)</script> **gras**")
    page = en(manager).get(f"/documents/versions/{version.pk}/").content.decode()
    assert "<h3>Risques</h3>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <strong>gras</strong>" in page
    assert "<script>alert(1)" not in page


def test_the_marks_of_the_text():
    assert richtext.render("# A\n### C\nUn *mot* et **deux**\nsuite\n\n- x\n- y\n\n1. p\n2. q") == (
        "<h2>A</h2>\n<h4>C</h4>\n<p>Un <em>mot</em> et <strong>deux</strong><br>suite</p>\n"
        "<ul><li>x</li><li>y</li></ul>\n<ol><li>p</li><li>q</li></ol>"
    )
    assert richtext.render("| Étape | Qui |\n|---|---|\n| Valider | QSE |") == (
        '<table class="table table-sm table-bordered"><thead><tr><th>Étape</th><th>Qui</th>'
        "</tr></thead><tbody><tr><td>Valider</td><td>QSE</td></tr></tbody></table>"
    )
    assert richtext.render('<a href="javascript:x">"lien"</a> 2 * 3 * 4') == (
        "<p>&lt;a href=&quot;javascript:x&quot;&gt;&quot;lien&quot;&lt;/a&gt; 2 * 3 * 4</p>"
    )
    assert richtext.normalise("\r\n a\x00b \r\n\r\n") == " ab"


# Pages ----------------------------------------------------------------------------------------


def test_the_document_page_shows_identity_versions_and_distribution(
    org, manager, employee, coordinator, en
):
    document = new_document(
        org["a"],
        manager,
        kind="external",
        issuer="AFNOR",
        external_edition="2015",
        kept_at="Armoire qualité",
    )
    first = published(document, manager, coordinator)
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        second = services.version_revise(version=first, user=manager)
    services.distribution_add(document=document, user=manager, person=employee)
    page = en(manager).get(f"/documents/documents/{document.pk}/")
    assert page.status_code == 200
    context = page.context
    assert context["current"] == first
    assert context["in_progress"] == second
    assert [v.number for v in context["versions"]] == [2, 1]
    assert [[s.person.username for s in v.approvers] for v in context["versions"]] == [
        [],
        ["coordinator"],
    ]
    assert context["external_fields"] == ("issuer", "external_edition", "kept_at")
    content = page.content.decode()
    for text in ("AFNOR", "Armoire qualité", "Version in force: v1", "Employee", "<h2>Objet</h2>"):
        assert text in content, text
    assert [t["transition"].name for t in context["transitions"]] == ["withdraw"]


def test_the_first_version_is_written_from_the_document_page(org, manager, en):
    document = new_document(org["a_dept"], manager)
    client = en(manager)
    page = client.get(f"/documents/documents/{document.pk}/")
    url = f"/documents/versions/add/?document={document.pk}&org_unit={org['a_dept'].pk}"
    assert page.context["add_version_url"] == url
    form = client.get(url).context["form"]
    assert (form["document"].value(), form["org_unit"].value()) == (
        str(document.pk),
        str(org["a_dept"].pk),
    )
    upload = pdf_upload()
    saved = client.post(
        "/documents/versions/add/",
        {
            "document": document.pk,
            "org_unit": org["a_dept"].pk,
            "changes": "Création",
            "file": upload,
        },
    )
    version = DocumentVersion.objects.get()
    assert saved.url == f"/documents/versions/{version.pk}/"
    assert (version.number, version.original_name, version.changes) == (
        1,
        "procedure.pdf",
        "Création",
    )


# Distribution editor --------------------------------------------------------------------------


def test_the_distribution_is_edited_on_the_document_page(
    org, manager, employee, reader, coordinator, en
):
    document = new_document(org["a"], manager)
    published(document, manager, coordinator)
    client = en(manager)
    add = f"/documents/documents/{document.pk}/distribution/add/"
    client.post(add, {"person": employee.pk})
    client.post(add, {"org_unit": org["a_unit"].pk})
    client.post(add, {"role": "reader"})
    refused = client.post(add, {"person": reader.pk, "role": "reader"}, follow=True)
    assert _messages(refused) == ["Choose one person, one org unit or one role."]
    twice = client.post(add, {"role": "reader"}, follow=True)
    assert _messages(twice) == ["This line is already in the distribution."]
    lines = list(Distribution.objects.order_by("id"))
    assert [(d.person, d.org_unit, d.role) for d in lines] == [
        (employee, None, ""),
        (None, org["a_unit"], ""),
        (None, None, "reader"),
    ]
    document.refresh_from_db()
    # Employee by name, Reader by role: both must acknowledge the version in force.
    assert (document.concerned_count, document.acknowledged_count) == (2, 0)
    assert str(document.acknowledgement_rate) == "0.0"
    client.post(f"/documents/documents/{document.pk}/distribution/{lines[2].pk}/remove/")
    document.refresh_from_db()
    assert document.concerned_count == 1
    assert Distribution.objects.count() == 2
    assert en(employee).post(add, {"role": "manager"}).status_code == 403
    assert Distribution.objects.count() == 2
