"""Every step of an action's life, allowed and refused; refused steps change nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from amelio.actions.models import Action, ActionLink, ActionPlan
from amelio.actions.services import action_link, actions_for
from amelio.context.models import ContextIssue
from amelio.core import services
from amelio.core.models import TransitionLog

TODAY = timezone.localdate()


@pytest.fixture
def plan(org, coordinator):
    return services.record_create(
        record=ActionPlan(name="QSE plan", org_unit=org["root"], owner=coordinator),
        user=coordinator,
    )


def new_action(org, plan, user, owner, **extra):
    values = {
        "title": "Guard the press",
        "plan": plan,
        "org_unit": org["a"],
        "owner": owner,
        "due_date": TODAY + dt.timedelta(days=10),
        "action_type": "corrective",
        "effectiveness_criterion": "No injury at the press for 3 months",
        **extra,
    }
    return services.record_create(record=Action(**values), user=user)


def step(action, user, name, comment=""):
    return services.record_transition(record=action, user=user, name=name, comment=comment)


def assert_refused(action, user, name, message, comment="ok"):
    before = Action.objects.get(pk=action.pk)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        step(action, user, name, comment)
    with translation.override("en"):
        assert error.value.messages == [message]
    after = Action.objects.get(pk=action.pk)
    assert (after.status, after.version, after.verified_by) == (
        before.status,
        before.version,
        before.verified_by,
    )


def test_full_life_to_verified(org, plan, coordinator, manager, auditor):
    action = new_action(org, plan, coordinator, manager, verifier=auditor)
    assert action.status == "planned"
    step(action, manager, "start")
    action = step(action, manager, "complete")
    assert (action.status, action.progress, action.done_on) == ("done", 100, TODAY)
    action = step(action, auditor, "verify", "No injury since the guard was fitted")
    assert (action.status, action.verified_by, action.verified_on) == ("verified", auditor, TODAY)
    assert action.effectiveness_result == "No injury since the guard was fitted"
    assert list(
        TransitionLog.objects.filter(object_id=action.pk).values_list("transition", flat=True)
    ) == ["start", "complete", "verify"]


def test_not_effective_then_reopened(org, plan, coordinator, manager):
    action = new_action(org, plan, coordinator, manager)
    step(action, manager, "complete")
    action = step(action, coordinator, "reject", "Two new near misses")
    assert action.status == "not_effective"
    action = step(action, manager, "reopen")
    assert (action.status, action.done_on, action.verified_by) == ("in_progress", None, None)
    assert action.progress == 90


def test_closing_without_effectiveness_check_is_impossible(org, plan, coordinator, manager):
    action = new_action(org, plan, coordinator, manager)
    assert_refused(
        action, coordinator, "verify", "This step is not possible from the current state."
    )
    step(action, manager, "start")
    assert_refused(
        action, coordinator, "verify", "This step is not possible from the current state."
    )


def test_verify_needs_a_result(org, plan, coordinator, manager):
    action = new_action(org, plan, coordinator, manager)
    step(action, manager, "complete")
    assert_refused(
        action, coordinator, "verify", "Please give a reason for this step.", comment=" "
    )


def test_owner_may_not_verify_own_action_when_the_plan_forbids(org, plan, coordinator):
    action = new_action(org, plan, coordinator, coordinator)
    step(action, coordinator, "complete")
    assert_refused(
        action, coordinator, "verify", "The owner of an action does not verify its effectiveness."
    )
    plan.owner_may_verify = True
    plan.save()
    action = step(Action.objects.get(pk=action.pk), coordinator, "verify", "Checked")
    assert action.status == "verified"


def test_only_the_named_verifier_or_a_coordinator_verifies(
    org, plan, coordinator, manager, auditor, django_user_model
):
    from amelio.core.models import RoleAssignment

    other_manager = django_user_model.objects.create_user(
        "other", password="pw", first_name="Other"
    )
    RoleAssignment.objects.create(user=other_manager, org_unit=org["a"], role="manager")
    action = new_action(org, plan, coordinator, manager, verifier=auditor)
    step(action, manager, "complete")
    assert_refused(
        action, other_manager, "verify", "Only Auditor or a QSE coordinator may verify this action."
    )
    assert step(action, coordinator, "verify", "Seen on site").status == "verified"


def test_a_contributor_cannot_verify(org, plan, coordinator, manager, employee):
    action = new_action(org, plan, coordinator, manager)
    step(action, manager, "complete")
    assert_refused(
        action, employee, "verify", "Only a manager or a QSE coordinator may verify this action."
    )


def test_cancel_needs_a_reason_and_is_final(org, plan, coordinator, manager):
    action = new_action(org, plan, coordinator, manager)
    assert_refused(action, manager, "cancel", "Please give a reason for this step.", comment="")
    action = step(action, manager, "cancel", "Machine sold")
    assert action.status == "cancelled"
    assert_refused(action, manager, "start", "This step is not possible from the current state.")


def test_closed_actions_cannot_be_edited(org, plan, coordinator, manager):
    action = new_action(org, plan, coordinator, manager)
    step(action, manager, "cancel", "Duplicate")
    action.title = "Changed"
    with pytest.raises(ValidationError):
        services.record_update(record=action, user=manager, expected_version=None)
    assert Action.objects.get(pk=action.pk).title == "Guard the press"


def test_corrective_actions_need_a_criterion(org, plan, coordinator, manager):
    with pytest.raises(ValidationError) as error:
        new_action(org, plan, coordinator, manager, effectiveness_criterion="")
    assert list(error.value.message_dict) == ["effectiveness_criterion"]
    assert Action.objects.count() == 0


def test_dates_and_plan_scope_are_checked(org, coordinator, manager):
    site_plan = services.record_create(
        record=ActionPlan(name="Site B plan", org_unit=org["b"]), user=coordinator
    )
    with pytest.raises(ValidationError) as error:
        new_action(
            org,
            site_plan,
            coordinator,
            manager,
            start_date=TODAY,
            due_date=TODAY - dt.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"due_date", "plan"}


def test_overdue_means_open_and_past_due(org, plan, coordinator, manager):
    late = new_action(org, plan, coordinator, manager, due_date=TODAY - dt.timedelta(days=1))
    done_late = new_action(org, plan, coordinator, manager, due_date=TODAY - dt.timedelta(days=1))
    step(done_late, manager, "complete")
    new_action(org, plan, coordinator, manager)
    assert list(Action.objects.overdue()) == [late]
    assert late.is_overdue and not Action.objects.get(pk=done_late.pk).is_overdue


def issue(org, user):
    return services.record_create(
        record=ContextIssue(
            title="Ageing press", org_unit=org["a"], origin="internal", swot="weakness"
        ),
        user=user,
    )


def test_one_action_answers_several_records(org, plan, coordinator, manager):
    first, second = issue(org, coordinator), issue(org, coordinator)
    action = new_action(org, plan, coordinator, manager)
    action_link(action=action, record=first, user=manager)
    action_link(action=action, record=second, user=manager, role="preventive")
    with pytest.raises(ValidationError):
        action_link(action=action, record=first, user=manager)
    assert list(actions_for(first, manager)) == [action]
    assert list(actions_for(second, manager)) == [action]
    assert ActionLink.objects.filter(action=action).count() == 2
    assert action.origins == f"{first}, {second}"


def test_new_action_from_a_record_links_it(client_for, org, plan, coordinator, manager):
    record = issue(org, coordinator)
    client = client_for(manager)
    origin = f"context.contextissue:{record.pk}"
    form = client.get("/actions/actions/add/", {"origin": origin, "org_unit": org["a"].pk})
    assert form.context["form"]["origin"].value() == origin
    response = client.post(
        "/actions/actions/add/",
        {
            "title": "Replace the press",
            "org_unit": org["a"].pk,
            "action_type": "improvement",
            "stage": "do",
            "owner": manager.pk,
            "due_date": "2030-01-31",
            "priority": 2,
            "progress": 0,
            "origin": origin,
            "link_role": "preventive",
        },
    )
    assert response.status_code == 302
    link = ActionLink.objects.get()
    assert (link.target, link.role, link.action.title) == (
        record,
        "preventive",
        "Replace the press",
    )
    detail = client.get(f"/context/issues/{record.pk}/")
    panel = next(p for p in detail.context["panels"] if p["template"] == "actions/panel.html")
    assert [a.title for a in panel["context"]["actions"]] == ["Replace the press"]


def test_an_origin_outside_the_scope_is_refused(client_for, org, plan, coordinator, manager):
    foreign = services.record_create(
        record=ContextIssue(title="Site B", org_unit=org["b"], origin="internal", swot="weakness"),
        user=coordinator,
    )
    response = client_for(manager).post(
        "/actions/actions/add/",
        {
            "title": "Sneaky",
            "org_unit": org["a"].pk,
            "action_type": "improvement",
            "stage": "do",
            "owner": manager.pk,
            "due_date": "2030-01-31",
            "priority": 2,
            "progress": 0,
            "origin": f"context.contextissue:{foreign.pk}",
        },
    )
    assert "origin" in response.context["form"].errors
    assert Action.objects.count() == 0


def test_link_existing_and_unlink_through_the_pages(
    client_for, org, plan, coordinator, manager, outsider
):
    record = issue(org, coordinator)
    action = new_action(org, plan, coordinator, manager)
    origin = f"context.contextissue:{record.pk}"
    client_for(outsider).post(
        "/actions/links/add/", {"origin": origin, "reference": action.reference}
    )
    assert ActionLink.objects.count() == 0
    client = client_for(manager)
    client.post(
        "/actions/links/add/",
        {"origin": origin, "reference": action.reference.lower(), "role": "containment"},
    )
    link = ActionLink.objects.get()
    assert link.role == "containment"
    assert client_for(outsider).post(f"/actions/links/{link.pk}/remove/").status_code == 404
    client_for(manager).post(f"/actions/links/{link.pk}/remove/")
    assert ActionLink.objects.count() == 0
    assert Action.objects.filter(pk=action.pk).exists()


def test_plan_filter_by_origin_type(client_for, org, plan, coordinator, manager):
    from django.contrib.contenttypes.models import ContentType

    linked = new_action(org, plan, coordinator, manager)
    new_action(org, plan, coordinator, manager, title="Unlinked")
    action_link(action=linked, record=issue(org, coordinator), user=manager)
    content_type = ContentType.objects.get_for_model(ContextIssue)
    response = client_for(coordinator).get("/actions/actions/", {"origin_type": content_type.pk})
    assert list(response.context["page"].object_list) == [linked]
    overdue = client_for(coordinator).get("/actions/actions/", {"overdue": "true"})
    assert list(overdue.context["page"].object_list) == []


def test_the_owner_moves_the_work_forward_even_as_a_contributor(
    org, plan, coordinator, employee, reader
):
    action = new_action(org, plan, coordinator, owner=employee)
    assert_refused(
        action,
        reader,
        "start",
        "Only the owner, a contributor of the action or a manager may do this.",
    )
    step(action, employee, "start")
    step(action, employee, "complete")
    assert Action.objects.get(pk=action.pk).status == "done"
    assert_refused(
        action, employee, "verify", "The owner of an action does not verify its effectiveness."
    )


def test_a_named_contributor_may_mark_the_action_done(org, plan, coordinator, manager, reader):
    action = new_action(org, plan, coordinator, owner=manager)
    action.contributors.add(reader)
    step(action, reader, "complete")
    assert Action.objects.get(pk=action.pk).status == "done"
