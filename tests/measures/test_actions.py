"""The actions measures show what the actions dashboard shows: on-time rate, overdue actions,
effectiveness rate, for a unit and a period (worked example with a frozen clock, and the demo)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from amelio.actions.models import Action
from amelio.core import services
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User

DASHBOARD = "/actions/actions/dashboard/"
TODAY = dt.date(2026, 6, 20)


def value(key: str, scope: Scope) -> float | None:
    return measures.get(key).value(scope)


def _action(org, user, unit, status, due, done=None, verified=None, created=dt.date(2026, 4, 1)):
    record = services.record_create(
        record=Action(
            title=f"{status} {due}",
            org_unit=org[unit],
            owner=user,
            due_date=due,
            action_type="improvement",
        ),
        user=user,
    )
    Action.objects.filter(pk=record.pk).update(
        status=status,
        done_on=done,
        verified_on=verified,
        created_at=timezone.make_aware(dt.datetime.combine(created, dt.time(9))),
    )
    return record


@pytest.fixture
def june(org, coordinator):
    """Actions of site A (and one of site B, one archived) around June 2026."""
    d = dt.date
    with time_machine.travel(dt.datetime(2026, 6, 20, 12, tzinfo=dt.UTC), tick=False):
        add = _action
        add(org, coordinator, "a_unit", "done", d(2026, 6, 10), done=d(2026, 6, 5))
        add(
            org,
            coordinator,
            "a",
            "verified",
            d(2026, 6, 1),
            done=d(2026, 6, 8),
            verified=d(2026, 6, 12),
        )
        add(
            org,
            coordinator,
            "a_dept",
            "not_effective",
            d(2026, 6, 30),
            done=d(2026, 6, 2),
            verified=d(2026, 6, 15),
        )
        add(org, coordinator, "a", "done", d(2026, 5, 1), done=d(2026, 5, 20))
        add(org, coordinator, "a", "in_progress", d(2026, 6, 10))
        add(org, coordinator, "a", "planned", d(2026, 6, 25))
        add(org, coordinator, "a", "cancelled", d(2026, 5, 1))
        # Imported on 15 June, already late: not overdue before it existed.
        add(org, coordinator, "a", "in_progress", d(2026, 6, 1), created=d(2026, 6, 15))
        add(org, coordinator, "b", "done", d(2026, 6, 1), done=d(2026, 6, 9))
        archived = add(org, coordinator, "a", "in_progress", d(2026, 6, 1))
        Action.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    return org


@time_machine.travel(dt.datetime(2026, 6, 20, 12, tzinfo=dt.UTC), tick=False)
def test_worked_example_of_june(june):
    scope = Scope.of(june["a"], TODAY, "monthly")
    # Finished in June: on time on 5 June, late on 8 June (due 1 June), on time on 2 June.
    assert value("actions.on_time_rate", scope) == pytest.approx(200 / 3)
    # Checked in June: one effective, one not.
    assert value("actions.effectiveness_rate", scope) == 50.0
    # On 20 June: due 10 June in progress, and the one imported on 15 June due 1 June.
    assert value("actions.overdue", scope) == 2
    # The organisation adds the late action of site B.
    assert value("actions.on_time_rate", Scope.of(june["root"], TODAY)) == 50.0
    assert value("actions.overdue", Scope.of(june["b"], TODAY)) == 0


@time_machine.travel(dt.datetime(2026, 6, 20, 12, tzinfo=dt.UTC), tick=False)
def test_a_past_state_counts_the_actions_as_they_stood(june):
    # On 7 June the action due 1 June was not done yet (done 8 June), the imported one did
    # not exist, the one due 10 June was not late yet.
    assert value("actions.overdue", Scope(june["a"], dt.date(2026, 6, 1), dt.date(2026, 6, 8))) == 1
    # On 31 May: the action due 1 May was done on 20 May; the cancelled one never counts.
    assert value("actions.overdue", Scope.of(june["a"], dt.date(2026, 5, 1))) == 0
    # On 10 May it was late.
    assert (
        value("actions.overdue", Scope(june["a"], dt.date(2026, 5, 1), dt.date(2026, 5, 11))) == 1
    )


@time_machine.travel(dt.datetime(2026, 6, 20, 12, tzinfo=dt.UTC), tick=False)
def test_nothing_finished_or_checked_is_no_rate(june):
    scope = Scope.of(june["a"], dt.date(2026, 3, 1))
    assert value("actions.on_time_rate", scope) is None
    assert value("actions.effectiveness_rate", scope) is None
    assert value("actions.overdue", scope) == 0


@time_machine.travel(dt.datetime(2026, 6, 20, 12, tzinfo=dt.UTC), tick=False)
def test_the_dashboard_of_site_a_shows_the_same_figures(june, client_for, coordinator):
    context = client_for(coordinator).get(DASHBOARD, {"org_unit": june["a"].pk}).context
    # The dashboard covers every action ever finished or checked: the period of all days.
    scope = Scope(june["a"], dt.date(2000, 1, 1), dt.date(2026, 6, 21))
    assert context["summary"].overdue == value("actions.overdue", scope) == 2
    assert context["on_time"] == value("actions.on_time_rate", scope) == 50.0
    assert context["effective"] == value("actions.effectiveness_rate", scope) == 50.0


def test_the_demo_dashboard_and_the_measures_agree(demo_company, client_for):
    today = timezone.localdate()
    coordinator = User.objects.get(username="coordinator")
    client = client_for(coordinator)
    units = [OrgUnit.objects.get(parent=None), *OrgUnit.objects.filter(kind="site")]
    for unit in units:
        context = client.get(DASHBOARD, {"org_unit": unit.pk}).context
        scope = Scope(unit, dt.date(2000, 1, 1), today + dt.timedelta(days=1))
        assert value("actions.overdue", scope) == context["summary"].overdue
        assert value("actions.on_time_rate", scope) == context["on_time"]
        assert value("actions.effectiveness_rate", scope) == context["effective"]
    # The whole company: 43 overdue, 29 of 67 finished on time, 21 of 22 checks effective
    # (the meetings' and the management review's decisions count among them).
    scope = Scope(units[0], dt.date(2000, 1, 1), today + dt.timedelta(days=1))
    assert value("actions.overdue", scope) == 43
    assert value("actions.on_time_rate", scope) == pytest.approx(100 * 29 / 67)
    assert value("actions.effectiveness_rate", scope) == pytest.approx(100 * 21 / 22)
