"""Every step of a nonconformity's life, allowed and refused; refused steps change nothing."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.core import services
from amelio.core.models import TransitionLog
from amelio.nonconformities.models import Nonconformity

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _same_day():
    """Every test runs at noon of the day the module was read: a run that crosses midnight
    does not split the day a test expects."""
    noon = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12)))
    with time_machine.travel(noon, tick=True):
        yield


def new_nc(org, user, **extra):
    values = {
        "title": "Scratches on flange B-12",
        "org_unit": org["a"],
        "detected_on": TODAY,
        "product": "Flange B-12",
        "defect_type": "Scratch",
        **extra,
    }
    return services.record_create(record=Nonconformity(**values), user=user)


def new_action(org, user, owner, **extra):
    values = {
        "title": "Protect the flanges in transit",
        "org_unit": org["a"],
        "owner": owner,
        "due_date": TODAY + dt.timedelta(days=10),
        "action_type": "corrective",
        "effectiveness_criterion": "No scratch for 3 months",
        **extra,
    }
    return services.record_create(record=Action(**values), user=user)


def step(record, user, name, comment=""):
    record = services.record_transition(record=record, user=user, name=name, comment=comment)
    return record


def assert_refused(nc, user, name, message, comment="ok"):
    before = Nonconformity.objects.get(pk=nc.pk)
    logs = TransitionLog.objects.count()
    with pytest.raises(ValidationError) as error, translation.override("en"):
        step(nc, user, name, comment)
    with translation.override("en"):
        assert error.value.messages == [message]
    after = Nonconformity.objects.get(pk=nc.pk)
    assert (after.status, after.version, after.closed_on, after.cancel_reason) == (
        before.status,
        before.version,
        before.closed_on,
        before.cancel_reason,
    )
    assert TransitionLog.objects.count() == logs


def walk(nc, user, *names):
    for name in names:
        nc = step(nc, user, name)
    return nc


def verified_action(org, nc, coordinator, manager, auditor):
    action = new_action(org, coordinator, manager, verifier=auditor)
    action_link(action=action, record=nc, user=coordinator)
    for name, user in (("start", manager), ("complete", manager)):
        step(action, user, name)
    step(action, auditor, "verify", "No scratch since")
    return action


def test_total_cost_is_stored(org, coordinator):
    nc = new_nc(
        org,
        coordinator,
        cost_scrap=Decimal("120.50"),
        cost_rework=Decimal("80"),
        cost_penalties=Decimal("500"),
    )
    assert Nonconformity.objects.get(pk=nc.pk).cost_total == Decimal("700.50")
    assert nc.reference.startswith(f"NC-{TODAY.year}-")


def test_more_nonconforming_than_checked_is_refused(org, coordinator):
    with pytest.raises(ValidationError) as error:
        new_nc(org, coordinator, quantity_checked=10, quantity_nonconforming=11)
    assert "quantity_nonconforming" in error.value.message_dict


def test_full_life_to_closed(org, coordinator, manager, auditor):
    nc = new_nc(org, coordinator)
    assert nc.status == "draft"
    nc = walk(nc, coordinator, "qualify", "analyse")
    assert nc.status == "analysis"
    Nonconformity.objects.filter(pk=nc.pk).update(root_cause="No protection in transit")
    nc = step(nc, coordinator, "plan")
    verified_action(org, nc, coordinator, manager, auditor)
    nc = walk(nc, coordinator, "start", "check", "close")
    assert (nc.status, nc.closed_on) == ("closed", TODAY)
    logs = TransitionLog.objects.filter(object_id=nc.pk, transition__in=["close", "plan"])
    assert logs.count() == 2


def test_no_action_plan_without_root_cause(org, coordinator):
    nc = walk(new_nc(org, coordinator), coordinator, "qualify", "analyse")
    assert_refused(
        nc,
        coordinator,
        "plan",
        "Record the root cause (5 whys, Ishikawa or 8D) before planning actions.",
    )


def _at_action_plan(org, coordinator):
    nc = walk(new_nc(org, coordinator), coordinator, "qualify", "analyse")
    Nonconformity.objects.filter(pk=nc.pk).update(root_cause="Worn tool")
    return step(nc, coordinator, "plan")


def test_work_needs_an_action(org, coordinator):
    nc = _at_action_plan(org, coordinator)
    assert_refused(
        nc, coordinator, "start", "Link at least one corrective action before starting the work."
    )


def test_check_waits_for_open_actions(org, coordinator, manager):
    nc = _at_action_plan(org, coordinator)
    action = new_action(org, coordinator, manager)
    action_link(action=action, record=nc, user=coordinator)
    nc = step(nc, coordinator, "start")
    assert_refused(nc, coordinator, "check", "Some linked actions are still being worked on.")


def test_closure_refused_until_every_action_is_verified(org, coordinator, manager, auditor):
    nc = _at_action_plan(org, coordinator)
    verified_action(org, nc, coordinator, manager, auditor)
    done = new_action(org, coordinator, manager, title="Train the drivers", verifier=auditor)
    action_link(action=done, record=nc, user=coordinator)
    nc = step(nc, coordinator, "start")
    step(done, manager, "complete")
    nc = step(nc, coordinator, "check")
    assert_refused(
        nc,
        coordinator,
        "close",
        "Every linked action must be verified effective before closure; some are not verified yet.",
    )
    step(done, auditor, "verify", "Drivers trained")
    assert step(nc, coordinator, "close").status == "closed"


def test_cancelled_actions_neither_count_nor_block(org, coordinator, manager, auditor):
    nc = _at_action_plan(org, coordinator)
    dropped = new_action(org, coordinator, manager, title="Buy new crates")
    action_link(action=dropped, record=nc, user=coordinator)
    nc = step(nc, coordinator, "start")
    step(dropped, coordinator, "cancel", "Too expensive")
    nc = step(nc, coordinator, "check")
    assert_refused(
        nc,
        coordinator,
        "close",
        "At least one linked action must be verified effective before closure.",
    )
    verified_action(org, nc, coordinator, manager, auditor)
    assert step(nc, coordinator, "close").status == "closed"


def test_only_an_approver_closes(org, coordinator, manager, auditor):
    nc = _at_action_plan(org, coordinator)
    verified_action(org, nc, coordinator, manager, auditor)
    nc = walk(nc, coordinator, "start", "check")
    assert_refused(nc, manager, "close", "You are not allowed to do this step.")


def test_reopen_after_a_failed_check(org, coordinator, manager, auditor):
    nc = _at_action_plan(org, coordinator)
    verified_action(org, nc, coordinator, manager, auditor)
    nc = walk(nc, coordinator, "start", "check")
    assert_refused(nc, coordinator, "reopen", "Please give a reason for this step.", comment="")
    assert step(nc, coordinator, "reopen", "Scratches again").status == "in_progress"


def test_cancel_needs_a_reason_and_keeps_it(org, coordinator):
    nc = new_nc(org, coordinator)
    assert_refused(nc, coordinator, "cancel", "Please give a reason for this step.", comment=" ")
    nc = step(nc, coordinator, "cancel", "Duplicate of NC-0001")
    assert (nc.status, nc.cancel_reason) == ("cancelled", "Duplicate of NC-0001")
    assert_refused(nc, coordinator, "qualify", "This step is not possible from the current state.")


def test_closed_record_is_no_longer_editable(org, coordinator):
    nc = step(new_nc(org, coordinator), coordinator, "cancel", "Duplicate")
    assert not services.may_edit(coordinator, nc)
