"""Actions dashboard, plan detail page and plan exports (XLSX, PDF), with their scoping."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from amelio.actions.models import Action, ActionLink, ActionPlan
from amelio.context.models import ContextIssue
from amelio.core import services

TODAY = timezone.localdate()
DASHBOARD = "/actions/actions/dashboard/"


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def created(offset: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day(offset), dt.time(12)))


@pytest.fixture
def plan(org, coordinator):
    return services.record_create(
        record=ActionPlan(
            name="Plan A",
            org_unit=org["a"],
            owner=coordinator,
            start_date=day(-60),
            end_date=day(300),
            budget=Decimal("1000"),
            objective="Fewer injuries",
        ),
        user=coordinator,
    )


def action(org, plan, user, title, status, due, done=None, unit="a_unit", **extra):
    """An action of site A put straight into `status`, created 20 days ago."""
    record = services.record_create(
        record=Action(
            title=title,
            plan=plan,
            org_unit=org[unit],
            owner=user,
            due_date=due,
            action_type="improvement",
            **extra,
        ),
        user=user,
    )
    Action.objects.filter(pk=record.pk).update(status=status, done_on=done, created_at=created(-20))
    return record


@pytest.fixture
def actions(org, plan, coordinator, manager):
    """Five actions: 2 done (1 on time, 1 late), 1 not effective on time, 1 overdue, 1 open."""
    made = {
        "verified": action(
            org, plan, manager, "Guard", "verified", day(-10), day(-12), planned_cost=100
        ),
        "late": action(
            org,
            plan,
            manager,
            "Train",
            "done",
            day(-10),
            day(-4),
            planned_cost=Decimal("250.50"),
            actual_cost=Decimal("90"),
        ),
        "overdue": action(org, plan, coordinator, "Fence", "in_progress", day(-1)),
        "open": action(org, None, manager, "Sign", "planned", day(10)),
        "rejected": action(org, plan, manager, "Mat", "not_effective", day(3), day(-2)),
    }
    issue = services.record_create(
        record=ContextIssue(
            title="Hand injuries",
            org_unit=org["a"],
            origin="external",
            swot="threat",
            pestel="social",
        ),
        user=coordinator,
    )
    ActionLink.objects.create(action=made["verified"], target=issue)
    return made


def figures(summary):
    return {
        "total": summary.total,
        "open": summary.open,
        "overdue": summary.overdue,
        "done": summary.done,
        "on_time": summary.on_time_rate,
        "effective": summary.effectiveness_rate,
        "days": summary.average_days_to_close,
    }


SITE_A = {
    "total": 5,
    "open": 3,
    "overdue": 1,
    "done": 2,
    "on_time": 2 / 3,
    "effective": 0.5,
    "days": (8 + 16 + 18) / 3,
}


def test_dashboard_figures_for_a_site_manager(client_for, manager, actions):
    response = client_for(manager).get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert figures(response.context["summary"]) == SITE_A
    tables = {table["slug"]: table for table in response.context["tables"]}
    by_plan = {str(row["label"]): figures(row["summary"]) for row in tables["plan"]["rows"]}
    assert list(by_plan) == ["Plan A", "No plan"]
    assert by_plan["Plan A"]["total"] == 4
    assert by_plan["No plan"] == {
        "total": 1,
        "open": 1,
        "overdue": 0,
        "done": 0,
        "on_time": None,
        "effective": None,
        "days": None,
    }
    by_owner = {str(row["label"]): row["summary"].total for row in tables["owner"]["rows"]}
    assert by_owner == {"Coordinator": 1, "Manager": 4}
    by_site = [(str(row["label"]), row["summary"].total) for row in tables["org_unit"]["rows"]]
    assert by_site == [("Site A", 5)]
    origins = {str(row["label"]): row["summary"].total for row in tables["origin"]["rows"]}
    assert origins == {"Context issues": 1, "No origin": 4}


def test_dashboard_links_each_group_to_the_filtered_list(client_for, manager, plan, actions):
    response = client_for(manager).get(DASHBOARD, {"status": "done"})
    rows = response.context["tables"][0]["rows"]
    assert [(str(r["label"]), r["url"]) for r in rows] == [
        ("Plan A", f"/actions/actions/?status=done&plan={plan.pk}")
    ]


def test_dashboard_takes_the_list_filters(client_for, manager, actions):
    response = client_for(manager).get(DASHBOARD, {"status": "planned"})
    assert figures(response.context["summary"])["open"] == 1
    assert response.context["summary"].total == 1


def test_dashboard_leaves_out_what_the_user_may_not_see(
    client_for, org, manager, coordinator, outsider, actions
):
    action(org, None, outsider, "Elsewhere", "in_progress", day(-3), unit="b")
    assert figures(client_for(manager).get(DASHBOARD).context["summary"]) == SITE_A
    everything = client_for(coordinator).get(DASHBOARD).context["summary"]
    assert (everything.total, everything.overdue) == (6, 2)
    outside = client_for(outsider).get(DASHBOARD).context
    assert (outside["summary"].total, outside["summary"].overdue) == (1, 1)
    assert [str(row["label"]) for row in outside["tables"][2]["rows"]] == ["Site B"]


def test_outsider_sees_nothing_of_site_a(client_for, outsider, actions):
    response = client_for(outsider).get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["summary"].total == 0
    assert figures(response.context["summary"])["on_time"] is None
    assert all(table["rows"] == [] for table in response.context["tables"])
    assert response.context["chart"] is None
    assert b"Hand injuries" not in response.content


def test_dashboard_chart_is_plain_data(client_for, manager, actions):
    chart = client_for(manager).get(DASHBOARD).context["chart"]
    bars = {trace["name"]: trace for trace in chart["data"]}
    assert len(bars) == 4
    assert [list(trace["y"]) for trace in chart["data"]] == [["Site A"]] * 4
    assert chart["layout"]["barmode"] == "stack"


def test_dashboard_page_renders_the_figures(client_for, manager, actions):
    response = client_for(manager).get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert 'data-kpi="overdue"' in html
    assert "67%" in html
    assert "50%" in html
    assert "14.0" in html
    assert "plotly.min.js" in html


def test_plan_detail_shows_progress_and_costs(client_for, manager, plan, actions):
    Action.objects.filter(pk=actions["late"].pk).update(archived_at=timezone.now())
    response = client_for(manager).get(f"/actions/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    progress = response.context["progress"]
    assert (progress.total, progress.done, progress.overdue) == (3, 1, 1)
    assert progress.share_done == 1 / 3
    assert response.context["done_pct"] == pytest.approx(100 / 3)
    assert progress.planned_cost == Decimal("100")
    assert response.context["budget_pct"] == 0.0
    html = response.content.decode()
    assert f"/actions/plans/{plan.pk}/export.pdf" in html
    assert f"/actions/plans/{plan.pk}/export.xlsx" in html
    # The archived action is not listed (the menu now holds "Training sessions": its title alone
    # would be found there).
    assert actions["late"].reference not in html


def test_plan_xlsx_export(client_for, manager, plan, actions):
    response = client_for(manager).get(
        f"/actions/plans/{plan.pk}/export.xlsx", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Reference",
        "Title",
        "Status",
        "Owner",
        "Org unit",
        "Due date",
        "Done on",
        "Progress (%)",
        "Origin",
        "Planned cost (€)",
        "Actual cost (€)",
    ]
    assert [row[1] for row in rows[1:]] == ["Guard", "Train", "Fence", "Mat"]
    train = rows[2]
    assert train[2] == "Done, to verify"
    assert train[3] == "Manager"
    assert train[4] == "Machining A"
    assert train[5].date() == day(-10)
    assert (train[9], train[10]) == (250.5, 90)
    assert rows[1][8].endswith("Hand injuries")
    summary = dict(workbook.worksheets[1].iter_rows(values_only=True))
    assert summary["Name"] == "Plan A"
    assert summary["Total planned cost (€)"] == 350.5
    assert summary["Total actual cost (€)"] == 90


def test_plan_exports_are_scoped(client_for, outsider, plan, actions):
    client = client_for(outsider)
    assert client.get(f"/actions/plans/{plan.pk}/export.xlsx").status_code == 404
    assert client.get(f"/actions/plans/{plan.pk}/export.pdf").status_code == 404
    assert client.get(f"/actions/plans/{plan.pk}/").status_code == 404


def test_plan_exports_need_a_login(client, plan):
    response = client.get(f"/actions/plans/{plan.pk}/export.xlsx")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _weasyprint_error() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return str(error)
    return None


@pytest.mark.skipif(
    _weasyprint_error() is not None,
    reason=f"WeasyPrint cannot be imported here: {_weasyprint_error()}",
)
def test_plan_pdf_export(client_for, manager, plan, actions):
    response = client_for(manager).get(f"/actions/plans/{plan.pk}/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_query_counts_do_not_grow_with_the_actions(client_for, org, plan, manager, actions):
    client = client_for(manager)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [DASHBOARD, f"/actions/plans/{plan.pk}/", f"/actions/plans/{plan.pk}/export.xlsx"]
    before = [queries(url) for url in urls]
    for index in range(5):
        action(org, plan, manager, f"More {index}", "planned", day(index))
    assert [queries(url) for url in urls] == before
