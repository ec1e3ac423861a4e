"""The cockpit (home page): what each role sees overdue or due this week, key indicators, alerts
and latest events, only from records they may see, in a number of queries that does not grow
with the data; the "my items" page at its own address."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from amelio.actions.models import Action
from amelio.core.cockpit import due_items, latest_events
from amelio.core.services import record_create
from amelio.indicators import computations
from amelio.indicators import services as indicator_services
from amelio.indicators.cockpit import key_indicators, unread_alerts
from amelio.indicators.models import Indicator, IndicatorTarget, IndicatorValue, Notification
from amelio.nonconformities.models import Nonconformity
from amelio.safety.models import SafetyEvent

# A Monday: the week runs to Monday 22 June included.
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def action(org, unit, owner, title, due, coordinator, **extra):
    record = Action(
        title=title, org_unit=org[unit], owner=owner, due_date=due, action_type="improvement"
    )
    record = record_create(record=record, user=coordinator)
    if extra:
        Action.objects.filter(pk=record.pk).update(**extra)
    return record


@pytest.fixture
def world(org, clock, coordinator, manager, employee, outsider):
    """Actions of both sites, an accident to declare, a nonconformity, an indicator off target
    with twelve months of values, and an unread alert for the coordinator."""
    made = {
        "late": action(
            org, "a_unit", employee, "Guard the press", TODAY - dt.timedelta(5), coordinator
        ),
        "week": action(
            org, "a", manager, "Update the work instruction", TODAY + dt.timedelta(4), coordinator
        ),
        "later": action(
            org, "a", employee, "Train the night shift", TODAY + dt.timedelta(45), coordinator
        ),
        "other": action(org, "b", outsider, "Fix the B roof", TODAY - dt.timedelta(3), coordinator),
        "done": action(
            org, "a", employee, "Old one", TODAY - dt.timedelta(20), coordinator, status="verified"
        ),
    }
    made["accident"] = record_create(
        record=SafetyEvent(
            title="Cut on a press brake",
            event_type="lost_time",
            occurred_at=timezone.make_aware(dt.datetime(2026, 6, 12, 9, 0)),
            org_unit=org["a_unit"],
            description="The operator's finger was caught while adjusting the back gauge.",
            victim_status="employee",
            injury_nature="wound",
            body_location="fingers",
        ),
        user=coordinator,
    )
    made["nc"] = record_create(
        record=Nonconformity(title="Burr on flange", org_unit=org["a"], detected_on=TODAY),
        user=coordinator,
    )
    made["nc_b"] = record_create(
        record=Nonconformity(
            title="Leak B", org_unit=org["b"], detected_on=TODAY - dt.timedelta(1)
        ),
        user=coordinator,
    )
    made["indicator"] = indicator(org, coordinator, "On-time delivery", [96, 95, 94, 93, 91, 90])
    Notification.objects.create(
        recipient=coordinator,
        indicator=made["indicator"],
        period=dt.date(2026, 5, 1),
        message="On-time delivery off target in May 2026",
    )
    return made


def indicator(org, user, name, values, unit="a"):
    record = record_create(
        record=Indicator(org_unit=org[unit], name=name, unit="%", owner=user), user=user
    )
    IndicatorTarget.objects.create(
        indicator=record, valid_from=dt.date(2025, 1, 1), target=95, alert=92
    )
    periods = [dt.date(2025, 12 + i, 1) if i == 0 else dt.date(2026, i, 1) for i in range(6)]
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=record, period=p, value=v)
        for p, v in zip(periods, values, strict=True)
    )
    indicator_services.refresh(record, notify_periods=set())
    return record


def shown(user):
    return [
        (item.record.reference, item.due_on, item.overdue)
        for item in due_items(user, TODAY)["items"]
    ]


def test_coordinator_sees_everything_due_in_the_organisation(world, coordinator):
    refs = {k: v.reference for k, v in world.items()}
    assert shown(coordinator) == [
        (refs["late"], dt.date(2026, 6, 10), True),
        (refs["other"], dt.date(2026, 6, 12), True),
        (refs["accident"], world["accident"].declaration_due.date(), False),
        (refs["week"], dt.date(2026, 6, 19), False),
    ]
    due = due_items(coordinator, TODAY)
    assert (due["overdue"], due["soon"], due["mine"]) == (2, 2, False)
    counts = {c.register.key: (c.overdue, c.soon, c.url) for c in due["counts"]}
    assert counts == {
        "actions.action": (2, 1, "/actions/actions/?due_date_before=2026-06-22&open=open"),
        "safety.safetyevent": (0, 1, "/safety/events/?open=open"),
    }


def test_the_accident_is_due_on_its_declaration_deadline(world):
    # Friday 9:00 + 48 hours, Sunday not counted: Monday 9:00.
    assert timezone.localtime(world["accident"].declaration_due).date() == TODAY


def test_site_manager_does_not_see_the_other_site(world, manager):
    refs = {k: v.reference for k, v in world.items()}
    assert [ref for ref, _day, _late in shown(manager)] == [
        refs["late"],
        refs["accident"],
        refs["week"],
    ]
    events = latest_events(manager, TODAY)
    assert [e.record.reference for e in events["events"]] == [refs["nc"], refs["accident"]]


def test_employee_sees_only_their_own_items(world, employee):
    due = due_items(employee, TODAY)
    assert shown(employee) == [(world["late"].reference, dt.date(2026, 6, 10), True)]
    assert due["mine"] is True
    assert [c.url for c in due["counts"]] == [
        f"/actions/actions/?owner={employee.pk}&due_date_before=2026-06-22&open=open"
    ]


def test_see_all_link_leaves_out_closed_records(world, client_for, employee):
    """The count's link opens the list of the records still to do: the verified action due
    three weeks ago is not there."""
    [count] = due_items(employee, TODAY)["counts"]
    page = client_for(employee).get(count.url).content.decode()
    assert world["late"].reference in page
    assert world["done"].reference not in page and world["later"].reference not in page
    page = client_for(employee).get("/actions/actions/").content.decode()
    assert world["done"].reference in page


def test_latest_events_newest_first(world, coordinator):
    refs = [e.record.reference for e in latest_events(coordinator, TODAY)["events"]]
    assert refs == [world["nc"].reference, world["nc_b"].reference, world["accident"].reference]


def test_key_indicator_against_its_target_with_trend(world, coordinator, outsider):
    (key,) = key_indicators(coordinator, TODAY)["indicators"]
    assert key.indicator.latest_value == 90
    assert key.indicator.latest_status == "off_target"
    assert key.target.target == 95
    assert (key.way, key.better) == ("down", False)
    assert key.points == computations.sparkline([96, 95, 94, 93, 91, 90], 80, 22)
    assert key_indicators(outsider, TODAY) is None


def test_unread_alerts_are_the_users_own(world, coordinator, manager):
    alerts = unread_alerts(coordinator, TODAY)
    assert alerts["count"] == 1
    assert [a.message for a in alerts["alerts"]] == ["On-time delivery off target in May 2026"]
    assert unread_alerts(manager, TODAY) is None


def test_sparkline_and_trend_worked_examples():
    assert computations.sparkline([1, 3, 2], 24, 12, pad=2) == "2.0,10.0 12.0,2.0 22.0,6.0"
    assert computations.sparkline([5, 5], 10, 10, pad=0) == "0.0,5.0 10.0,5.0"
    assert computations.sparkline([5], 10, 10) == ""
    assert computations.trend([2, 3], "lower") == ("up", False)
    assert computations.trend([3, 2], "lower") == ("down", True)
    assert computations.trend([3, 3]) == ("flat", None)


def test_cockpit_page_for_each_role(world, client_for, coordinator, manager, employee):
    with translation.override("en"):
        page = client_for(coordinator).get("/").content.decode()
    assert 'id="tile-due"' in page and 'id="tile-indicators"' in page
    assert 'id="tile-alerts"' in page and 'id="tile-events"' in page
    assert world["other"].reference in page and "<polyline" in page
    page = client_for(manager).get("/").content.decode()
    assert world["other"].reference not in page and world["nc_b"].reference not in page
    assert 'id="tile-alerts"' not in page
    page = client_for(employee).get("/").content.decode()
    assert world["late"].reference in page and world["week"].reference not in page


def test_my_items_page_keeps_working(world, client_for, employee):
    response = client_for(employee).get("/mine/")
    assert response.status_code == 200
    page = response.content.decode()
    assert world["late"].reference in page and world["later"].reference in page
    assert world["other"].reference not in page


def test_my_items_deadlines_follow_the_registers_rule(world, client_for, employee, coordinator):
    """The "deadline reached" column reads `Register.due` as the cockpit does: the late action
    with its due day in red, the accident by its declaration deadline (today, in amber)."""
    page = client_for(employee).get("/mine/").content.decode()
    assert 'text-bg-danger">10/06/2026</span>' in page
    page = client_for(coordinator).get("/mine/").content.decode()
    assert f'{world["accident"]}</a> <span class="badge text-bg-warning">15/06/2026</span>' in page


def more_data(org, coordinator, employee, outsider):
    """Twenty more actions and nonconformities over both sites, and six more indicators."""
    for n in range(20):
        unit, owner = ("a", employee) if n % 2 else ("b", outsider)
        action(org, unit, owner, f"Action {n}", TODAY - dt.timedelta(days=n % 9), coordinator)
        record_create(
            record=Nonconformity(title=f"NC {n}", org_unit=org[unit], detected_on=TODAY),
            user=coordinator,
        )
    for n in range(6):
        indicator(org, coordinator, f"Indicator {n}", [90, 91, 92, 93, 94, 95 + n])


@pytest.mark.parametrize("role", ["coordinator", "manager", "employee"])
def test_query_count_does_not_grow_with_the_data(
    world,
    role,
    request,
    client_for,
    django_assert_max_num_queries,
    org,
    coordinator,
    employee,
    outsider,
):
    client = client_for(request.getfixturevalue(role))
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/").status_code == 200
    assert len(small) <= 45
    more_data(org, coordinator, employee, outsider)
    with django_assert_max_num_queries(len(small)):
        assert client.get("/").status_code == 200


def test_sidebar_groups_registers_by_domain_with_the_current_one_open(client_for, coordinator):
    page = client_for(coordinator).get("/actions/actions/").content.decode()
    assert 'class="collapse show" id="nav-steering"' in page
    assert 'class="collapse " id="nav-quality"' in page
    steering = page.split('id="nav-steering"')[1].split("</div>")[0]
    assert "/actions/actions/" in steering and "/indicators/indicators/" in steering
    assert "/audits/audits/" in steering and "/nonconformities/" not in steering
    home = client_for(coordinator).get("/").content.decode()
    assert 'class="collapse show"' not in home and 'href="/mine/"' in home
