"""The measures of objectives and indicators: the share of objectives on target (the health
each objective's page shows, read on the period's last day) and the alerts raised to the
indicators' owners (their alerts page); on hand-built records with exact values and on the
demo."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.indicators import figures
from amelio.indicators.models import Indicator, Objective
from amelio.indicators.services import target_set, values_save

D = dt.date
MORNING = dt.time(8, 0)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, MORNING, tzinfo=dt.UTC)


NOW = at(D(2026, 6, 15))


def value(key: str, unit, day: dt.date) -> float | None:
    return measures.get(key).value(Scope.of(unit, day))


def _indicator(objective, user, name, direction, target, alert=None) -> Indicator:
    indicator = Indicator.objects.create(
        org_unit=objective.org_unit,
        objective=objective,
        name=name,
        direction=direction,
        frequency="monthly",
        owner=user,
        created_by=user,
    )
    target_set(indicator=indicator, user=user, valid_from=D(2026, 1, 1), target=target, alert=alert)
    return indicator


def _value(indicator, user, period: dt.date, number: float, saved_on: dt.date) -> None:
    with time_machine.travel(at(saved_on), tick=False):
        values_save(indicator=indicator, user=user, rows=[{"period": period, "value": number}])


def _objective(unit, user, title) -> Objective:
    return Objective.objects.create(
        org_unit=unit, title=title, policy_axis="quality", created_by=user
    )


@pytest.fixture
def objectives(org, coordinator):
    """O1 (site A): I1 ≥ 90, 95 in January, 80 in May (an alert on 2 June); I2 ≤ 5, 3 in
    January; an archived indicator off target (an alert on 3 June). O2 (department of A):
    I3 ≥ 50 (alert zone from 40), 55 in February, 45 in June. O3 (site A): no indicator.
    O4 (site B): I4 ≥ 10, 5 in March (an alert on 5 April), 12 in April. O5 (site A)
    archived, on target."""
    user, a = coordinator, org["a"]
    o1, o2 = _objective(a, user, "Qualité"), _objective(org["a_dept"], user, "Délais")
    _objective(a, user, "Sans indicateur")
    o4, o5 = _objective(org["b"], user, "Roanne"), _objective(a, user, "Ancien")
    i1 = _indicator(o1, user, "Conformité", "higher", 90)
    _value(i1, user, D(2026, 1, 1), 95, D(2026, 2, 3))
    _value(i1, user, D(2026, 5, 1), 80, D(2026, 6, 2))
    i2 = _indicator(o1, user, "Rebuts", "lower", 5)
    _value(i2, user, D(2026, 1, 1), 3, D(2026, 2, 3))
    gone = _indicator(o1, user, "Ancien", "higher", 90)
    _value(gone, user, D(2026, 5, 1), 10, D(2026, 6, 3))
    Indicator.objects.filter(pk=gone.pk).update(archived_at=at(D(2026, 6, 4)))
    i3 = _indicator(o2, user, "OTD", "higher", 50, alert=40)
    _value(i3, user, D(2026, 2, 1), 55, D(2026, 3, 2))
    _value(i3, user, D(2026, 6, 1), 45, D(2026, 6, 10))
    i4 = _indicator(o4, user, "Roanne", "higher", 10)
    _value(i4, user, D(2026, 3, 1), 5, D(2026, 4, 5))
    _value(i4, user, D(2026, 4, 1), 12, D(2026, 5, 3))
    i5 = _indicator(o5, user, "Ancien", "higher", 1)
    _value(i5, user, D(2026, 1, 1), 2, D(2026, 2, 3))
    Objective.objects.filter(pk=o5.pk).update(archived_at=at(D(2026, 2, 4)))
    return {"o1": o1, "o2": o2, "o4": o4, **org}


@pytest.mark.django_db
def test_objectives_on_target_with_exact_values(objectives):
    a, b, root = objectives["a"], objectives["b"], objectives["root"]
    with time_machine.travel(NOW, tick=False):
        # 15 June: O1 off target (80 in May), O2 in the alert zone, O4 on target.
        assert value("indicators.objectives_achieved", a, D(2026, 6, 1)) == 0
        assert value("indicators.objectives_achieved", b, D(2026, 6, 1)) == 100
        assert value("indicators.objectives_achieved", root, D(2026, 6, 1)) == pytest.approx(
            100 / 3
        )
        # 31 March: O1 and O2 on target, O4 off target (5 in March).
        assert value("indicators.objectives_achieved", a, D(2026, 3, 1)) == 100
        assert value("indicators.objectives_achieved", b, D(2026, 3, 1)) == 0
        assert value("indicators.objectives_achieved", root, D(2026, 3, 1)) == pytest.approx(
            200 / 3
        )
        # Before any value, no objective can be judged.
        assert (
            value("indicators.objectives_achieved", root, D(2026, 1, 1) - dt.timedelta(1)) is None
        )


@pytest.mark.django_db
def test_alerts_with_exact_values(objectives):
    a, b, root = objectives["a"], objectives["b"], objectives["root"]
    with time_machine.travel(NOW, tick=False):
        assert value("indicators.alerts", a, D(2026, 6, 1)) == 1  # the archived one left out
        assert value("indicators.alerts", root, D(2026, 6, 1)) == 1
        assert value("indicators.alerts", b, D(2026, 4, 1)) == 1
        assert value("indicators.alerts", a, D(2026, 4, 1)) == 0
        assert value("indicators.alerts", root, D(2026, 3, 1)) == 0


def _page_healths(client, objectives_list) -> list[str]:
    return [
        client.get(reverse("indicators:objective_detail", args=[o.pk])).context["record"].health
        for o in objectives_list
    ]


@pytest.mark.django_db
def test_the_objective_pages_and_the_alerts_page_agree(objectives, coordinator, client_for):
    client = client_for(coordinator)
    with time_machine.travel(NOW, tick=False):
        today = timezone.localdate()
        for unit in (objectives["root"], objectives["a"], objectives["b"]):
            mine = Objective.objects.active().filter(org_unit__path__startswith=unit.path)
            healths = _page_healths(client, mine)
            assert figures.achieved_rate(healths) == value(
                "indicators.objectives_achieved", unit, today
            )
        page = client.get(reverse("indicators:notifications")).context
        june = [
            n
            for n in page["notifications"]
            if n.indicator.archived_at is None and n.created_at >= at(D(2026, 6, 1))
        ]
        assert len(june) == value("indicators.alerts", objectives["root"], today) == 1


def test_demo_objectives_and_measure_agree(demo_company, client_for):
    client = client_for(User.objects.get(username="coordinator"))
    today = timezone.localdate()
    for unit in (OrgUnit.objects.get(parent=None), *OrgUnit.objects.filter(kind="site")):
        mine = Objective.objects.active().filter(org_unit__path__startswith=unit.path)
        healths = _page_healths(client, mine)
        assert figures.achieved_rate(healths) == value(
            "indicators.objectives_achieved", unit, today
        ), unit
    root = OrgUnit.objects.get(parent=None)
    assert value("indicators.objectives_achieved", root, today) is not None
