"""The nightly recomputation of computed indicators (`amelio refresh_indicators`)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.utils import translation

from amelio.actions.models import Action
from amelio.indicators import services
from amelio.indicators.models import IndicatorTarget, Notification
from amelio.indicators.tasks import refresh_computed

from .test_indicators import make_indicator

TODAY = dt.date(2026, 3, 10)  # the current period is March, the previous one February


def _actions(org, manager, day: dt.date, count: int) -> None:
    for _n in range(count):
        action = Action.objects.create(
            title="A", org_unit=org["a_unit"], owner=manager, due_date=day
        )
        created = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
        Action.objects.filter(pk=action.pk).update(created_at=created)


def _counter(org, manager, **fields):
    definition = {
        "name": "Actions ouvertes",
        "source": "computed",
        "source_register": "actions.action",
        "aggregation": "count",
        "source_date_field": "created_at",
        "direction": "lower",
        **fields,
    }
    counter = make_indicator(manager, org["a"], **definition)
    IndicatorTarget.objects.create(
        indicator=counter, valid_from=dt.date(2026, 1, 1), target=2, alert=3
    )
    return counter


def test_the_night_computes_the_previous_and_current_periods(org, manager):
    counter = _counter(org, manager)
    _actions(org, manager, dt.date(2026, 2, 3), 4)
    _actions(org, manager, dt.date(2026, 3, 2), 1)
    summary = services.computed_refresh(today=TODAY)
    assert (summary.indicators, summary.changed, summary.alerts) == (1, 2, 1)
    values = dict(counter.values.values_list("period", "value"))
    assert values == {dt.date(2026, 2, 1): 4, dt.date(2026, 3, 1): 1}
    assert set(counter.values.values_list("entered_by", flat=True)) == {None}
    counter.refresh_from_db()
    assert (counter.latest_period, counter.latest_value) == (dt.date(2026, 3, 1), 1)
    # February (4 actions, alert above 3) is complete: its owner is told; March is not judged.
    note = Notification.objects.get()
    assert (note.recipient, note.period) == (manager, dt.date(2026, 2, 1))


def test_a_second_night_with_nothing_new_changes_nothing(org, manager):
    counter = _counter(org, manager)
    _actions(org, manager, dt.date(2026, 2, 3), 4)
    services.computed_refresh(today=TODAY)
    Notification.objects.update(read_at=dt.datetime(2026, 3, 10, 8, tzinfo=dt.UTC))
    summary = services.computed_refresh(today=TODAY)
    assert (summary.changed, summary.alerts) == (0, 0)
    assert Notification.objects.count() == 1
    # A late action of February changes its value and alerts again.
    _actions(org, manager, dt.date(2026, 2, 20), 1)
    summary = services.computed_refresh(today=TODAY)
    assert (summary.changed, summary.alerts) == (1, 1)
    assert counter.values.get(period=dt.date(2026, 2, 1)).value == 5


def test_hand_entered_and_archived_indicators_are_left_alone(org, manager):
    by_hand = make_indicator(manager, org["a"])
    archived = _counter(org, manager)
    archived.archived_at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    archived.save(update_fields=["archived_at"])
    _actions(org, manager, dt.date(2026, 2, 3), 2)
    summary = services.computed_refresh(today=TODAY)
    assert summary.indicators == 0
    assert not by_hand.values.exists() and not archived.values.exists()


def test_a_broken_definition_is_reported_and_the_others_go_on(org, manager):
    broken = _counter(org, manager, name="Cassé")
    _counter(org, manager, name="Sain")
    _actions(org, manager, dt.date(2026, 2, 3), 1)
    type(broken).objects.filter(pk=broken.pk).update(source_filter="nothing=1")
    summary = services.computed_refresh(today=TODAY)
    assert summary.indicators == 2
    assert summary.changed == 2  # the sound one: February and March
    assert len(summary.failed) == 1 and "Cassé" in summary.failed[0]


def test_command_and_task(org, manager):
    _counter(org, manager)
    _actions(org, manager, dt.date(2026, 2, 3), 4)
    out = io.StringIO()
    with translation.override("en"):
        call_command("refresh_indicators", "--today", "2026-03-10", stdout=out)
    assert out.getvalue() == (
        "Computed indicators checked: 1; values updated: 2; alerts raised: 1.\n"
    )
    assert refresh_computed(today="2026-03-10") == {
        "indicators": 1,
        "changed": 0,
        "alerts": 0,
        "failed": [],
    }


def test_a_backfill_computes_past_periods_and_alerts_on_the_newest_only(org, manager):
    counter = _counter(org, manager)
    _actions(org, manager, dt.date(2026, 1, 12), 5)
    _actions(org, manager, dt.date(2026, 2, 3), 4)
    periods = [dt.date(2025, 12, 1), dt.date(2026, 1, 15), dt.date(2026, 2, 1)]
    saved = services.computed_backfill(indicator=counter, periods=periods)
    # December counts nothing but is a value (0 actions opened); each period as the system.
    assert [(v.period, v.value) for v in saved] == [
        (dt.date(2025, 12, 1), 0),
        (dt.date(2026, 1, 1), 5),
        (dt.date(2026, 2, 1), 4),
    ]
    assert set(counter.values.values_list("entered_by", flat=True)) == {None}
    # January (5) and February (4) are both above the alert: only February is told.
    assert list(Notification.objects.values_list("period", flat=True)) == [dt.date(2026, 2, 1)]
