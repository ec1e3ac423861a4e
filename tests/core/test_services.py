"""Shared services: references, optimistic locking, archive, workflow transitions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from amelio.context.models import ContextIssue, ManagementText
from amelio.core import services
from amelio.core.models import ReferenceSequence, TransitionLog
from amelio.ui.templatetags.amelio import transition_comment


def issue(org, user, **extra):
    values = {
        "title": "Energy prices",
        "org_unit": org["a"],
        "origin": "external",
        "swot": "threat",
        "pestel": "economic",
        **extra,
    }
    return services.record_create(record=ContextIssue(**values), user=user)


def test_references_count_per_prefix_and_year(org, coordinator):
    first, second = issue(org, coordinator), issue(org, coordinator)
    assert first.reference.endswith("-0001")
    assert second.reference.endswith("-0002")
    assert ReferenceSequence.next_reference("CTX", 2031) == "CTX-2031-0001"
    assert ReferenceSequence.next_reference("CTX", 2031) == "CTX-2031-0002"


def test_stale_update_raises_conflict_and_writes_nothing(org, manager):
    record = issue(org, manager)
    first_reader = ContextIssue.objects.get(pk=record.pk)
    second_reader = ContextIssue.objects.get(pk=record.pk)
    first_reader.title = "First"
    services.record_update(record=first_reader, user=manager, expected_version=1)
    second_reader.title = "Second"
    with pytest.raises(services.ConflictError) as conflict:
        services.record_update(record=second_reader, user=manager, expected_version=1)
    assert conflict.value.current.title == "First"
    record.refresh_from_db()
    assert (record.title, record.version) == ("First", 2)


def test_update_refuses_a_move_out_of_scope(org, manager):
    record = issue(org, manager)
    record.org_unit = org["b"]
    with pytest.raises(PermissionDenied):
        services.record_update(record=record, user=manager, expected_version=1)
    record.refresh_from_db()
    assert record.org_unit == org["a"]


def test_archived_records_cannot_be_changed(org, manager):
    record = issue(org, manager)
    services.record_archive(record=record, user=manager)
    record.title = "Changed"
    with pytest.raises(ValidationError):
        services.record_update(record=record, user=manager, expected_version=None)
    with pytest.raises(ValidationError):
        services.record_archive(record=record, user=manager)


def policy(org, user, body="Protect people and the planet."):
    return services.record_create(
        record=ManagementText(
            kind="policy",
            title="QSE policy",
            version_label="1",
            body=body,
            org_unit=org["root"],
        ),
        user=user,
    )


def test_policy_approval_supersedes_the_previous_version(org, coordinator, django_user_model):
    from amelio.core.models import RoleAssignment

    director = django_user_model.objects.create_user("director", password="pw")
    RoleAssignment.objects.create(user=director, org_unit=org["root"], role="coordinator")
    old, new = policy(org, coordinator), policy(org, coordinator)
    for text in (old, new):
        services.record_transition(record=text, user=coordinator, name="submit")
        services.record_transition(record=text, user=director, name="approve")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == ("superseded", "approved")
    assert new.approved_by == director
    assert list(
        TransitionLog.objects.filter(object_id=old.pk).values_list("transition", flat=True)
    ) == ["submit", "approve", "supersede"]
    # The log keeps the reference only; "Replaced by" is written in the reader's language.
    log = TransitionLog.objects.get(object_id=old.pk, transition="supersede")
    assert log.comment == new.reference
    with translation.override("en"):
        assert transition_comment(log) == f"Replaced by {new.reference}"
    with translation.override("fr"):
        assert transition_comment(log) == f"Remplacé par {new.reference}"


def test_author_cannot_approve_own_text(org, coordinator):
    text = policy(org, coordinator)
    services.record_transition(record=text, user=coordinator, name="submit")
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.record_transition(record=text, user=coordinator, name="approve")
    assert error.value.messages == ["A text is approved by someone other than its author."]
    text.refresh_from_db()
    assert (text.status, text.version) == ("review", 2)
    assert TransitionLog.objects.filter(object_id=text.pk).count() == 1


def test_manager_may_not_approve(org, coordinator, manager):
    text = services.record_create(
        record=ManagementText(
            kind="scope",
            title="Scope",
            version_label="1",
            body="All",
            org_unit=org["a"],
        ),
        user=manager,
    )
    services.record_transition(record=text, user=manager, name="submit")
    with pytest.raises(ValidationError):
        services.record_transition(record=text, user=manager, name="approve")
    text.refresh_from_db()
    assert text.status == "review"


def test_return_to_draft_needs_a_reason(org, coordinator):
    text = policy(org, coordinator)
    services.record_transition(record=text, user=coordinator, name="submit")
    with pytest.raises(ValidationError):
        services.record_transition(record=text, user=coordinator, name="return", comment=" ")
    services.record_transition(
        record=text, user=coordinator, name="return", comment="Add the energy commitment"
    )
    text.refresh_from_db()
    assert text.status == "draft"
    assert TransitionLog.objects.get(transition="return").comment == "Add the energy commitment"


def test_transition_from_wrong_state_is_refused(org, coordinator):
    text = policy(org, coordinator)
    with pytest.raises(ValidationError):
        services.record_transition(record=text, user=coordinator, name="approve")
    text.refresh_from_db()
    assert text.status == "draft"


def test_empty_comment_is_refused(org, manager):
    with pytest.raises(ValidationError):
        services.comment_add(record=issue(org, manager), user=manager, body="   ")


def test_archived_records_take_no_comment_or_file(org, manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    record = issue(org, manager)
    services.record_archive(record=record, user=manager)
    with pytest.raises(ValidationError):
        services.comment_add(record=record, user=manager, body="Late remark")
    with pytest.raises(ValidationError):
        services.attachment_add(
            record=record, user=manager, upload=SimpleUploadedFile("a.pdf", b"%PDF")
        )
    assert record.__class__.objects.get(pk=record.pk).version == 2
