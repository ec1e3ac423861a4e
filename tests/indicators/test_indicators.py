"""Indicators and objectives: targets over time, status, alerts, SMART check, computed
indicators, value entry and import, pages and permissions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import Workbook

from amelio.actions.models import Action
from amelio.core import services as core_services
from amelio.indicators import services
from amelio.indicators.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Notification,
    Objective,
)

JAN = dt.date(2026, 1, 1)


def make_indicator(user, unit, **fields) -> Indicator:
    values = {"name": "Taux de service", "unit": "%", "owner": user, **fields}
    return core_services.record_create(record=Indicator(org_unit=unit, **values), user=user)


def months(count: int, start: dt.date = dt.date(2024, 1, 1)) -> list[dt.date]:
    return [
        dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


@pytest.fixture
def indicator(org, manager):
    indicator = make_indicator(manager, org["a"])
    IndicatorTarget.objects.create(
        indicator=indicator, valid_from=dt.date(2024, 1, 1), target=95, alert=90
    )
    IndicatorTarget.objects.create(indicator=indicator, valid_from=JAN, target=97, alert=93)
    return indicator


def test_target_in_force_changes_over_time(indicator):
    assert indicator.target_on(dt.date(2025, 12, 1)).target == 95
    assert indicator.target_on(dt.date(2026, 3, 1)).target == 97
    assert indicator.target_on(dt.date(2023, 12, 1)) is None
    assert indicator.status_of(96, dt.date(2025, 6, 1)) == "on_target"
    assert indicator.status_of(96, dt.date(2026, 6, 1)) == "alert"
    assert indicator.status_of(92, dt.date(2026, 6, 1)) == "off_target"


def test_lower_is_better(org, manager):
    ind = make_indicator(manager, org["a"], direction="lower")
    IndicatorTarget.objects.create(indicator=ind, valid_from=JAN, target=2, alert=4)
    assert [ind.status_of(v, JAN) for v in (1, 3, 5)] == ["on_target", "alert", "off_target"]


def test_saving_a_value_stores_the_latest_status_and_replaces_its_period(indicator, manager):
    services.values_save(
        indicator=indicator, user=manager, rows=[{"period": dt.date(2026, 2, 17), "value": 98}]
    )
    services.values_save(
        indicator=indicator, user=manager, rows=[{"period": dt.date(2026, 2, 3), "value": 91.5}]
    )
    indicator.refresh_from_db()
    assert list(indicator.values.values_list("period", "value")) == [(dt.date(2026, 2, 1), 91.5)]
    assert (indicator.latest_value, indicator.latest_status) == (91.5, "off_target")


def test_off_target_value_notifies_the_owner(indicator, manager):
    services.values_save(indicator=indicator, user=manager, rows=[{"period": JAN, "value": 80}])
    notes = list(Notification.objects.filter(recipient=manager))
    assert len(notes) == 1
    assert "01/2026" in notes[0].message
    # Corrected again before it was read: still one alert, and none once back on target.
    services.values_save(indicator=indicator, user=manager, rows=[{"period": JAN, "value": 81}])
    assert Notification.objects.count() == 1
    services.values_save(indicator=indicator, user=manager, rows=[{"period": JAN, "value": 99}])
    assert Notification.objects.count() == 1


def test_a_broken_control_rule_notifies_the_owner(org, manager):
    ind = make_indicator(manager, org["a"])
    rows = [
        {"period": p, "value": v}
        for p, v in zip(months(10), [10, 11, 10, 9, 10, 11, 10, 9, 10, 11], strict=True)
    ]
    services.values_save(indicator=ind, user=manager, rows=rows, notify=False)
    assert Notification.objects.count() == 0
    services.values_save(
        indicator=ind, user=manager, rows=[{"period": dt.date(2024, 11, 1), "value": 30}]
    )
    note = Notification.objects.get()
    assert "3 sigma" in note.message or "3 sigma" in note.message.replace("σ", "sigma")


def test_values_need_the_right_to_change(indicator, outsider, reader):
    for user in (outsider, reader):
        with pytest.raises(PermissionDenied):
            services.values_save(indicator=indicator, user=user, rows=[{"period": JAN, "value": 1}])
    assert IndicatorValue.objects.count() == 0


def test_smart_check_lists_what_is_missing(org, manager):
    objective = core_services.record_create(
        record=Objective(org_unit=org["a"], title="Réduire les rebuts", policy_axis="quality"),
        user=manager,
    )
    assert len(objective.smart_missing()) == 5
    objective.description = "Rebuts < 2 %"
    objective.means = "Plan d'expériences"
    objective.due_date = dt.date(2026, 12, 31)
    make_indicator(manager, org["a"], objective=objective)
    missing = objective.smart_missing()
    assert missing == ["Relevant: tie it to a process"] or len(missing) == 1
    assert objective.health == "no_target"


def test_objective_health_is_its_worst_indicator(org, manager, indicator):
    objective = core_services.record_create(
        record=Objective(org_unit=org["a"], title="Servir", policy_axis="quality"), user=manager
    )
    indicator.objective = objective
    indicator.save()
    services.values_save(indicator=indicator, user=manager, rows=[{"period": JAN, "value": 94}])
    assert objective.health == "alert"


def test_computed_indicator_counts_actions_per_month(org, manager):
    for day, status in [(5, "planned"), (12, "done"), (20, "done")]:
        action = Action.objects.create(
            title="A", org_unit=org["a_unit"], owner=manager, due_date=JAN, status=status
        )
        created = dt.datetime(2026, 1, day, 12, tzinfo=dt.UTC)
        Action.objects.filter(pk=action.pk).update(created_at=created)
    Action.objects.create(title="B", org_unit=org["b"], owner=manager, due_date=JAN)
    count = make_indicator(
        manager,
        org["a"],
        source="computed",
        source_register="actions.action",
        aggregation="count",
        source_date_field="created_at",
    )
    services.indicator_recompute(indicator=count, user=manager, periods=[JAN])
    assert count.values.get().value == 3
    rate = make_indicator(
        manager,
        org["a"],
        source="computed",
        source_register="actions.action",
        aggregation="rate",
        source_filter="status=done",
    )
    services.indicator_recompute(indicator=rate, user=manager, periods=[JAN])
    assert rate.values.get().value == pytest.approx(200 / 3)


def test_computed_definition_is_checked(org, manager):
    ind = Indicator(
        org_unit=org["a"],
        name="x",
        source="computed",
        source_register="actions.action",
        aggregation="sum",
        source_field="title",
        source_filter="secret=1",
    )
    with pytest.raises(ValidationError) as error:
        ind.full_clean(exclude=["reference"])
    assert set(error.value.message_dict) == {"source_field", "source_filter"}
    ind.source_register = "nope.nothing"
    with pytest.raises(ValidationError) as error:
        ind.full_clean(exclude=["reference"])
    assert "source_register" in error.value.message_dict


def _workbook(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "values.xlsx"
    return buffer


def test_import_saves_every_row(client_for, manager, indicator):
    upload = _workbook(
        [
            ["Période", "Valeur", "Commentaire"],
            ["01/2026", 96, "ok"],
            [dt.date(2026, 2, 1), "97,5", ""],
        ]
    )
    response = client_for(manager).post(
        f"/indicators/indicators/{indicator.pk}/values/import/", {"file": upload}
    )
    assert response.status_code == 302
    assert list(indicator.values.values_list("period", "value")) == [
        (JAN, 96),
        (dt.date(2026, 2, 1), 97.5),
    ]


def test_import_with_a_bad_row_saves_nothing(client_for, manager, indicator):
    upload = _workbook([["Period", "Value"], ["2026-01-01", 96], ["2026-02-01", "n/a"]])
    client = client_for(manager)
    response = client.post(
        f"/indicators/indicators/{indicator.pk}/values/import/", {"file": upload}, follow=True
    )
    assert IndicatorValue.objects.count() == 0
    text = response.content.decode()
    assert "3" in text and ("Row 3" in text or "Ligne 3" in text)


def test_pages_show_the_charts_and_the_flag(client_for, manager, org):
    ind = make_indicator(manager, org["a"], lsl=5, usl=20)
    rows = [
        {"period": p, "value": v}
        for p, v in zip(months(11), [10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 30], strict=True)
    ]
    services.values_save(indicator=ind, user=manager, rows=rows)
    client = client_for(manager)
    detail = client.get(f"/indicators/indicators/{ind.pk}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert 'id="indicator-trend-data"' in html and 'data-rule="we1"' in html
    assert "origin=indicators.indicator%3A" in html
    control = client.get(
        f"/indicators/indicators/{ind.pk}/control/?baseline_start=2024-01-01&baseline_end=2024-10-01"
    )
    assert control.status_code == 200 and 'id="cpk"' in control.content.decode()
    board = client.get("/indicators/indicators/dashboard/")
    assert board.status_code == 200 and f'data-indicator="{ind.pk}"' in board.content.decode()


def test_grid_entry(client_for, manager, indicator):
    response = client_for(manager).post(
        f"/indicators/indicators/{indicator.pk}/values/grid/",
        {"value-2026-01-01": "96,5", "value-2026-02-01": ""},
    )
    assert response.status_code == 302
    assert list(indicator.values.values_list("value", flat=True)) == [96.5]


def test_another_site_gets_404_everywhere(client_for, outsider, indicator, manager):
    services.values_save(indicator=indicator, user=manager, rows=[{"period": JAN, "value": 80}])
    client = client_for(outsider)
    base = f"/indicators/indicators/{indicator.pk}"
    for url in (
        f"{base}/",
        f"{base}/control/",
        f"{base}/values/import/",
        f"{base}/values/template.xlsx",
        f"/api/v1/indicators/indicators/{indicator.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}/values/grid/", {"value-2026-03-01": "1"}).status_code == 404
    assert (
        client.post(f"{base}/targets/add/", {"valid_from": "2026-01-01", "target": "1"}).status_code
        == 404
    )
    assert indicator.values.count() == 1
    board = client.get("/indicators/indicators/dashboard/").content.decode()
    assert f'data-indicator="{indicator.pk}"' not in board
    assert "Taux de service" not in client.get("/indicators/alerts/").content.decode()


def test_dashboard_queries_do_not_grow_with_indicators(
    client_for, manager, org, django_assert_max_num_queries
):
    for n in range(8):
        ind = make_indicator(manager, org["a"], name=f"I{n}")
        services.values_save(
            indicator=ind, user=manager, rows=[{"period": p, "value": n} for p in months(12)]
        )
    client = client_for(manager)
    with django_assert_max_num_queries(20):
        assert client.get("/indicators/indicators/dashboard/").status_code == 200


def test_alerts_show_on_home_and_in_the_bell(client_for, manager, indicator):
    services.values_save(indicator=indicator, user=manager, rows=[{"period": JAN, "value": 80}])
    client = client_for(manager)
    home = client.get("/").content.decode()
    assert 'id="tile-alerts"' in home and 'id="alerts-bell"' in home
    assert 'id="home-alerts"' in client.get("/mine/").content.decode()
    client.post("/indicators/alerts/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert 'id="tile-alerts"' not in client.get("/").content.decode()


def test_value_with_numerator_and_recompute_and_pdf(client_for, manager, org, indicator):
    client = client_for(manager)
    response = client.post(
        f"/indicators/indicators/{indicator.pk}/values/add/",
        {"period": "2026-03-09", "value": "96", "numerator": "96", "denominator": "100"},
    )
    assert response.status_code == 302
    row = indicator.values.get()
    assert (row.period, row.numerator, row.denominator) == (dt.date(2026, 3, 1), 96, 100)
    computed = make_indicator(
        manager, org["a"], source="computed", source_register="actions.action", aggregation="count"
    )
    Action.objects.create(title="A", org_unit=org["a"], owner=manager, due_date=JAN)
    assert client.post(f"/indicators/indicators/{computed.pk}/recompute/").status_code == 302
    # A count is 0 for a period without records: one value per period of the grid.
    assert computed.values.count() == 12
    assert sum(computed.values.values_list("value", flat=True)) == 1
    pdf = client.get("/indicators/indicators/dashboard/?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_p_chart_of_a_percentage_is_drawn_in_percent(org, manager):
    from amelio.indicators import analysis

    ind = make_indicator(manager, org["a"], chart_type="p", direction="lower")
    rows = [
        {"period": p, "value": 100 * d / 100, "numerator": d, "denominator": 100}
        for p, d in zip(months(4), [2, 4, 3, 3], strict=True)
    ]
    services.values_save(indicator=ind, user=manager, rows=rows)
    chart = analysis.control_chart(ind)
    assert chart.kind == "p"
    assert chart.chart.points == (2, 4, 3, 3)
    assert chart.chart.limits.centre == pytest.approx(3)
    assert chart.chart.limits.ucl[0] == pytest.approx(3 + 300 * (0.03 * 0.97 / 100) ** 0.5)


def test_pareto_of_a_computed_indicator(client_for, manager, org, outsider):
    today = timezone.localdate()
    for action_type, count in [("corrective", 5), ("preventive", 3), ("improvement", 1)]:
        for _n in range(count):
            Action.objects.create(
                title="A", org_unit=org["a"], owner=manager, due_date=today, action_type=action_type
            )
    ind = make_indicator(
        manager,
        org["a"],
        source="computed",
        source_register="actions.action",
        aggregation="count",
    )
    client = client_for(manager)
    response = client.get(f"/indicators/indicators/{ind.pk}/pareto/?by=action_type")
    assert response.status_code == 200, response.content[:300]
    assert [r.value for r in response.context["rows"]] == [5, 3, 1]
    assert len(response.context["vital_few"]) == 2
    assert client.get(f"/indicators/indicators/{ind.pk}/pareto/?by=title").status_code == 404
    assert client_for(outsider).get(f"/indicators/indicators/{ind.pk}/pareto/").status_code == 404
