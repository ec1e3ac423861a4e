"""The controlled library's workflow: numbering and hashes of the versions, review and signed
approval (re-authentication, the hash signed), publication superseding the version before,
revision, withdrawal, the code's uniqueness, the periodic review."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from amelio.core import services as core
from amelio.core.models import OrgUnit, RoleAssignment, TransitionLog, User
from amelio.core.permissions import Role
from amelio.documents import services
from amelio.documents.models import Document, DocumentVersion, Signoff
from amelio.documents.workflows import document_workflow, version_workflow
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
    sign,
    signoff_of,
)


@pytest.fixture(autouse=True)
def _english_at_a_fixed_time():
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


def steps(record) -> list[str]:
    return list(
        TransitionLog.objects.filter(
            content_type__model=type(record)._meta.model_name, object_id=record.pk
        ).values_list("transition", flat=True)
    )


# Numbering, content, hashes ---------------------------------------------------------------


def test_the_states_are_the_workflows(org, manager):
    assert Document._meta.get_field("status").choices == document_workflow.choices()
    assert DocumentVersion._meta.get_field("status").choices == version_workflow.choices()
    assert [s.name for s in version_workflow.states] == [
        "draft",
        "in_review",
        "approved",
        "published",
        "superseded",
        "withdrawn",
    ]
    assert [s.name for s in version_workflow.states if s.editable] == ["draft"]


def test_versions_are_numbered_in_order_archived_ones_included(org, manager):
    document = new_document(org["a"], manager)
    first = new_version(document, manager)
    core.record_archive(record=first, user=manager)
    second = new_version(document, manager)
    third = new_version(document, manager)
    other = new_version(new_document(org["a"], manager, code="PR-QUA-002"), manager)
    assert (first.number, second.number, third.number, other.number) == (1, 2, 3, 1)
    assert str(third) == "PR-QUA-001 v3"


def test_the_sha256_of_a_text_is_of_its_utf8_bytes_as_stored(org, manager):
    document = new_document(org["a"], manager)
    version = new_version(document, manager, body="Étape 1  \r\nÉtape 2\r\n\r\n")
    assert version.body == "Étape 1\nÉtape 2"
    assert version.sha256 == hashlib.sha256("Étape 1\nÉtape 2".encode()).hexdigest()
    version.body = "Étape 1\nÉtape 3"
    core.record_update(record=version, user=manager, expected_version=version.version)
    version.refresh_from_db()
    assert version.sha256 == hashlib.sha256("Étape 1\nÉtape 3".encode()).hexdigest()


def test_the_sha256_of_a_file_is_of_its_bytes(org, manager):
    document = new_document(org["a"], manager)
    version = new_version(document, manager, file=pdf_upload("Procédure qualité.PDF"))
    version.refresh_from_db()
    assert version.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert version.original_name == "Procédure qualité.PDF"
    assert (version.suffix, version.is_pdf) == ("pdf", True)
    assert version.file.name.startswith("documents/2026/03/")
    assert version.content_sha256() == version.sha256


def test_a_version_holds_a_file_or_a_text_not_both(org, manager):
    document = new_document(org["a"], manager)
    version = DocumentVersion(document=document, org_unit=org["a"], body="Texte", file=pdf_upload())
    with pytest.raises(ValidationError) as refused:
        core.record_create(record=version, user=manager)
    assert refused.value.message_dict == {
        "body": ["Either attach a file or write the text, not both."]
    }
    assert DocumentVersion.objects.count() == 0


def test_a_file_of_another_type_or_too_large_is_refused(org, manager, settings):
    document = new_document(org["a"], manager)
    executable = DocumentVersion(
        document=document,
        org_unit=org["a"],
        file=pdf_upload("outil.exe", b"MZ"),
    )
    with pytest.raises(ValidationError) as refused:
        core.record_create(record=executable, user=manager)
    assert refused.value.message_dict["file"][0].startswith(
        "Files of type “exe” are not accepted. Accepted types: pdf, docx, xlsx"
    )
    settings.AMELIO_ATTACHMENT_MAX_BYTES = 10
    large = DocumentVersion(document=document, org_unit=org["a"], file=pdf_upload())
    with pytest.raises(ValidationError) as refused:
        core.record_create(record=large, user=manager)
    assert refused.value.message_dict["file"] == [
        "The file is too large (0.0 MB); the limit is 0 MB."
    ]
    assert DocumentVersion.objects.count() == 0


def test_a_version_belongs_to_its_documents_unit(org, manager):
    document = new_document(org["a"], manager)
    version = DocumentVersion(document=document, org_unit=org["a_dept"], body="Texte")
    with pytest.raises(ValidationError) as refused:
        core.record_create(record=version, user=manager)
    assert refused.value.message_dict == {
        "org_unit": ["A version belongs to the org unit of its document."]
    }


# Review and approval ----------------------------------------------------------------------


def test_submission_needs_content_and_an_approver(org, manager, coordinator):
    document = new_document(org["a"], manager)
    empty = new_version(document, manager, body="")
    assert core.transition_refusal(empty, manager, "submit") == (
        "Attach the file or write the text before submitting."
    )
    empty.body = "Texte"
    core.record_update(record=empty, user=manager, expected_version=empty.version)
    assert core.transition_refusal(empty, manager, "submit") == (
        "Name at least one approver before submitting."
    )
    name(empty, manager, approvers=[coordinator])
    assert core.transition_refusal(empty, manager, "submit") is None


def test_a_version_goes_from_draft_to_approved_by_signatures(org, manager, employee, coordinator):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    name(version, manager, reviewers=[employee], approvers=[coordinator])
    services.version_submit(version=version, user=manager)
    version.refresh_from_db()
    assert version.status == "in_review"
    digest = hashlib.sha256(BODY.encode()).hexdigest()
    assert version.sha256 == digest

    review = sign(version, employee, "reviewer", comment="RAS")
    version.refresh_from_db()
    assert (version.status, review.decision, review.decided_at, review.sha256) == (
        "in_review",
        "approved",
        NOW,
        digest,
    )
    approval = sign(version, coordinator)
    version.refresh_from_db()
    assert (approval.decision, approval.decided_at, approval.sha256) == ("approved", NOW, digest)
    assert (version.status, version.approved_on) == ("approved", NOW)
    assert steps(version) == ["submit", "approve"]
    assert version.published_on is None


def test_approvers_sign_after_every_reviewer(org, manager, employee, coordinator):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    name(version, manager, reviewers=[employee], approvers=[coordinator])
    services.version_submit(version=version, user=manager)
    with pytest.raises(ValidationError) as refused:
        sign(version, coordinator)
    assert refused.value.messages == [
        "The reviewers decide first; the approvers sign once every review is done."
    ]
    assert signoff_of(version, coordinator).decision == "pending"


def test_a_wrong_password_signs_nothing(org, manager, coordinator):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    name(version, manager, approvers=[coordinator])
    services.version_submit(version=version, user=manager)
    for password in ("wrong", ""):
        with pytest.raises(ValidationError) as refused:
            sign(version, coordinator, password=password)
        assert refused.value.messages == ["The password is not correct: nothing was signed."]
    signoff = signoff_of(version, coordinator)
    assert (signoff.decision, signoff.decided_at, signoff.sha256) == ("pending", None, "")
    version.refresh_from_db()
    assert (version.status, version.version) == ("in_review", 2)


def test_only_the_person_named_signs(org, manager, coordinator, auditor):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    name(version, manager, approvers=[coordinator])
    services.version_submit(version=version, user=manager)
    with pytest.raises(ValidationError) as refused:
        services.signoff_decide(
            signoff=signoff_of(version, coordinator),
            user=auditor,
            password="pw",
            decision="approved",
        )
    assert refused.value.messages == ["Only the person named may sign."]
    assert signoff_of(version, coordinator).decision == "pending"


def test_changes_requested_take_the_version_back_to_draft(org, manager, employee, coordinator):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    name(version, manager, reviewers=[employee], approvers=[coordinator])
    services.version_submit(version=version, user=manager)
    with pytest.raises(ValidationError) as refused:
        sign(version, employee, "reviewer", decision="changes")
    assert refused.value.messages == ["Say which changes you request."]
    sign(version, employee, "reviewer", decision="changes", comment="Ajouter le logigramme")
    version.refresh_from_db()
    assert version.status == "draft"
    log = TransitionLog.objects.filter(object_id=version.pk, transition="request_changes").get()
    assert (log.user, log.comment) == (employee, "Ajouter le logigramme")
    # Changed and submitted again: everybody decides again, on the new content.
    version.body = BODY + "\n\nLogigramme en annexe."
    core.record_update(record=version, user=manager, expected_version=version.version)
    services.version_submit(version=version, user=manager)
    assert set(Signoff.objects.values_list("decision", "comment")) == {("pending", "")}


def test_a_signature_is_refused_when_the_content_changed_since_submission(
    org, manager, coordinator
):
    document = new_document(org["a"], manager)
    version = new_version(document, manager, file=pdf_upload())
    name(version, manager, approvers=[coordinator])
    services.version_submit(version=version, user=manager)
    version.refresh_from_db()
    with open(version.file.path, "ab") as stored:
        stored.write(b"% changed behind Amelio's back\n")
    with pytest.raises(ValidationError) as refused:
        sign(version, coordinator)
    assert refused.value.messages == [
        "The content of this version changed since it was submitted: nothing was signed. "
        "Ask the author to submit it again."
    ]
    assert signoff_of(version, coordinator).decided_at is None
    version.refresh_from_db()
    assert version.status == "in_review"


def test_reviewers_are_named_on_a_draft_by_who_may_change_it(org, manager, employee, coordinator):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    with pytest.raises(PermissionDenied):
        services.signoff_add(version=version, user=employee, person=coordinator, role="approver")
    name(version, manager, approvers=[coordinator])
    with pytest.raises(ValidationError) as refused:
        name(version, manager, approvers=[coordinator])
    assert refused.value.messages == ["Coordinator is already named in this role."]
    services.version_submit(version=version, user=manager)
    with pytest.raises(ValidationError) as refused:
        services.signoff_remove(signoff=signoff_of(version, coordinator), user=manager)
    assert refused.value.messages == [
        "Reviewers and approvers are named while the version is a draft."
    ]
    assert Signoff.objects.count() == 1


# Publication --------------------------------------------------------------------------------


def test_publication_makes_the_version_current_and_sets_the_next_review(org, manager, coordinator):
    document = new_document(org["a"], manager, review_months=36)
    version = published(document, manager, coordinator)
    assert (version.status, version.published_on) == ("published", dt.date(2026, 3, 2))
    assert (document.status, document.current_version, document.next_review_on) == (
        "published",
        version,
        dt.date(2029, 3, 2),
    )
    assert steps(document) == ["publish_document"]
    assert steps(version) == ["submit", "approve", "publish"]


def test_publication_supersedes_the_version_before(org, manager, coordinator):
    document = new_document(org["a"], manager, review_months=12)
    first = published(document, manager, coordinator)
    revision = services.version_revise(version=first, user=manager)
    with time_machine.travel(dt.datetime(2026, 9, 15, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        services.version_submit(version=revision, user=manager)
        sign(revision, coordinator)
        services.version_publish(version=revision, user=manager)
    first.refresh_from_db()
    revision.refresh_from_db()
    document.refresh_from_db()
    assert (first.status, first.superseded_on) == ("superseded", dt.date(2026, 9, 15))
    assert (revision.status, revision.number, revision.published_on) == (
        "published",
        2,
        dt.date(2026, 9, 15),
    )
    assert (document.current_version, document.next_review_on) == (revision, dt.date(2027, 9, 15))
    supersede = TransitionLog.objects.get(object_id=first.pk, transition="supersede")
    assert (supersede.source, supersede.target_state, supersede.comment) == (
        "published",
        "superseded",
        revision.reference,
    )


def test_an_older_version_is_not_published_over_a_later_one(org, manager, coordinator):
    document = new_document(org["a"], manager)
    older = approved(document, manager, coordinator)
    newer = published(document, manager, coordinator)
    assert newer.number == 2
    assert core.transition_refusal(older, manager, "publish") == (
        "A later version (v2) is already in force."
    )


def test_the_author_the_owner_or_a_coordinator_publishes(org, manager, employee, coordinator):
    document = new_document(org["a"], manager, owner=None)
    version = approved(document, manager, coordinator)
    RoleAssignment.objects.create(user=employee, org_unit=org["a"], role=Role.MANAGER)
    employee = User.objects.get(pk=employee.pk)
    assert core.transition_refusal(version, employee, "publish") == (
        "Only the author, the document's owner or a QSE coordinator may publish it."
    )
    assert core.transition_refusal(version, manager, "publish") is None
    assert core.transition_refusal(version, coordinator, "publish") is None


def test_the_generic_path_refuses_the_steps_that_follow_from_signatures(org, manager, coordinator):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    name(version, manager, approvers=[coordinator])
    services.version_submit(version=version, user=manager)
    with pytest.raises(ValidationError) as refused:
        core.record_transition(record=version, user=coordinator, name="approve")
    assert refused.value.messages == [
        "This step follows from the signatures and publications of the versions."
    ]
    version.refresh_from_db()
    assert version.status == "in_review"


# An approved or published version is never edited -------------------------------------------


@pytest.mark.parametrize("state", ["in_review", "approved", "published"])
def test_a_version_past_draft_is_not_edited_by_the_services(state, org, manager, coordinator):
    document = new_document(org["a"], manager)
    version = new_version(document, manager)
    name(version, manager, approvers=[coordinator])
    services.version_submit(version=version, user=manager)
    if state != "in_review":
        sign(version, coordinator)
    if state == "published":
        services.version_publish(version=version, user=manager)
    stored = DocumentVersion.objects.get(pk=version.pk)
    stored.body = "Texte changé"
    label = {"in_review": "In review", "approved": "Approved", "published": "In force"}[state]
    with pytest.raises(ValidationError) as refused:
        core.record_update(record=stored, user=coordinator, expected_version=stored.version)
    assert refused.value.messages == [f"A record in the state “{label}” cannot be changed."]
    assert DocumentVersion.objects.get(pk=version.pk).body == BODY


# Revision -----------------------------------------------------------------------------------


def test_revising_starts_the_next_draft_with_the_text_and_the_signatories(
    org, manager, employee, coordinator
):
    document = new_document(org["a"], manager)
    first = new_version(document, manager)
    name(first, manager, reviewers=[employee], approvers=[coordinator])
    services.version_submit(version=first, user=manager)
    sign(first, employee, "reviewer")
    sign(first, coordinator)
    services.version_publish(version=first, user=manager)
    revision = services.version_revise(version=first, user=manager)
    assert (revision.number, revision.status, revision.body, revision.created_by) == (
        2,
        "draft",
        BODY,
        manager,
    )
    assert sorted(revision.signoffs.values_list("person__username", "role", "decision")) == [
        ("coordinator", "approver", "pending"),
        ("employee", "reviewer", "pending"),
    ]
    with pytest.raises(ValidationError) as refused:
        services.version_revise(version=first, user=manager)
    assert refused.value.messages == ["Version v2 is already in progress."]
    assert document.versions.count() == 2


def test_a_file_version_is_revised_with_a_new_file(org, manager, coordinator):
    document = new_document(org["a"], manager)
    first = published(document, manager, coordinator, file=pdf_upload())
    revision = services.version_revise(version=first, user=manager)
    assert (bool(revision.file), revision.body, revision.sha256) == (False, "", "")
    assert services.revision_refusal(revision, manager) == "Only the version in force is revised."


# Withdrawal ---------------------------------------------------------------------------------


def test_withdrawal_keeps_the_versions_and_serves_none_as_current(org, manager, coordinator):
    document = new_document(org["a"], manager)
    current = published(document, manager, coordinator)
    draft = services.version_revise(version=current, user=manager)
    with pytest.raises(ValidationError) as refused:
        services.document_withdraw(document=document, user=manager, comment="Remplacé")
    assert refused.value.messages == ["You are not allowed to do this step."]
    with pytest.raises(ValidationError) as refused:
        services.document_withdraw(document=document, user=coordinator, comment=" ")
    assert refused.value.messages == ["Please give a reason for this step."]
    services.document_withdraw(document=document, user=coordinator, comment="Remplacé par PR-02")
    document.refresh_from_db()
    current.refresh_from_db()
    draft.refresh_from_db()
    assert (document.status, document.current_version, document.withdrawn_on) == (
        "withdrawn",
        None,
        dt.date(2026, 3, 2),
    )
    assert (current.status, current.superseded_on, current.is_obsolete) == (
        "withdrawn",
        dt.date(2026, 3, 2),
        True,
    )
    assert draft.status == "withdrawn"
    assert DocumentVersion.objects.count() == 2
    with pytest.raises(ValidationError) as refused:
        new_version(document, manager)
    assert refused.value.messages == [
        f"{document.reference} is “Withdrawn”: its document versions can no longer be added, "
        "changed or archived."
    ]


# The document's code ------------------------------------------------------------------------


def test_a_code_is_unique_among_the_documents_in_use_of_the_company(org, manager, coordinator):
    first = new_document(org["a"], manager, code="PR-QUA-001")
    with pytest.raises(ValidationError) as refused:
        new_document(org["b"], coordinator, code="pr-qua-001 ")
    assert refused.value.message_dict == {
        "code": ["The code pr-qua-001 is already used by another document."]
    }
    other_company = OrgUnit.objects.create(kind="organisation", name="Beta", code="BETA")
    admin = User.objects.create_user(username="admin", password="pw", is_superuser=True)
    assert new_document(other_company, admin, code="PR-QUA-001").code == "PR-QUA-001"
    # Saved again, a document keeps its own code.
    core.record_update(record=first, user=manager, expected_version=first.version)
    # A withdrawn or an archived document frees its code.
    services.document_withdraw(document=first, user=coordinator, comment="Obsolète")
    second = new_document(org["a"], manager, code="PR-QUA-001")
    core.record_archive(record=second, user=manager)
    assert new_document(org["a"], manager, code="PR-QUA-001").code == "PR-QUA-001"


def test_the_code_is_refused_on_the_field_of_the_form(org, manager, client_for):
    new_document(org["a"], manager, code="IT-PROD-004")
    client = client_for(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(
        "/documents/documents/add/",
        {
            "code": "IT-PROD-004",
            "title": "Réglage de la presse",
            "kind": "instruction",
            "org_unit": org["a"].pk,
            "confidentiality": "internal",
            "review_months": 24,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "code": ["The code IT-PROD-004 is already used by another document."]
    }
    assert Document.objects.count() == 1


# The periodic review --------------------------------------------------------------------------


def test_the_list_filters_the_documents_whose_review_is_overdue(
    org, manager, coordinator, client_for
):
    late = new_document(org["a"], manager, code="PR-1")
    soon = new_document(org["a"], manager, code="PR-2")
    later = new_document(org["a"], manager, code="PR-3")
    new_document(org["a"], manager, code="PR-4")
    gone = new_document(org["a"], manager, code="PR-5")
    for document, day in (
        (late, dt.date(2026, 3, 1)),
        (soon, dt.date(2026, 5, 31)),
        (later, dt.date(2026, 6, 1)),
        (gone, dt.date(2025, 1, 1)),
    ):
        Document.objects.filter(pk=document.pk).update(next_review_on=day)
    Document.objects.filter(pk=gone.pk).update(status="withdrawn")
    client = client_for(coordinator)
    overdue = client.get("/documents/documents/", {"review": "overdue"})
    assert [d.code for d in overdue.context["page"].object_list] == ["PR-1"]
    due = client.get("/documents/documents/", {"review": "soon"})
    assert [d.code for d in due.context["page"].object_list] == ["PR-2"]
    every = client.get("/documents/documents/")
    assert [d.code for d in every.context["page"].object_list] == [
        "PR-1",
        "PR-2",
        "PR-3",
        "PR-4",
        "PR-5",
    ]


def test_only_a_draft_version_leaves_the_lists_on_every_path(org, manager, coordinator, client_for):
    """A version approved or in force is kept with its signatures: archiving it is refused by
    the page and the API alike; a draft is archived as any record."""
    document = new_document(org["a"], manager)
    in_force = published(document, manager, coordinator)
    client = client_for(coordinator)
    api = client.delete(f"/api/v1/documents/versions/{in_force.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400
    assert api.json() == [
        "Only a draft version can be archived: a version in review, approved or in force is "
        "kept with its signatures. Revise the document, or withdraw it."
    ]
    page = client.post(f"/documents/versions/{in_force.pk}/archive/")
    assert page.status_code == 302
    in_force.refresh_from_db()
    assert in_force.archived_at is None
    assert not core.may_archive(coordinator, in_force)
    draft = services.version_revise(version=in_force, user=manager)
    assert core.may_archive(manager, draft)
    core.record_archive(record=draft, user=manager)
    assert draft.archived_at is not None
