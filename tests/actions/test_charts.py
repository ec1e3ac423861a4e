"""The Gantt figure built from plain data: bars, colours, milestones, arrows, today line."""

import datetime as dt

from amelio.actions import charts

TODAY = dt.date(2026, 6, 15)
DAY_MS = 86_400_000
STATES = [
    {"name": "planned", "label": "Planned", "tone": "secondary"},
    {"name": "in_progress", "label": "In progress", "tone": "primary"},
    {"name": "done", "label": "Done, to verify", "tone": "info"},
]


def action(pk, status, start, due, plan="QSE plan", **extra):
    return {
        "id": pk,
        "reference": f"ACT-2026-000{pk}",
        "title": f"Action {pk}",
        "status": status,
        "owner": "Marie Curie",
        "plan": plan,
        "start": start,
        "created": dt.date(2026, 5, 20),
        "due": due,
        "overdue": False,
        "url": f"/actions/actions/{pk}/",
        **extra,
    }


ACTIONS = [
    # Given out of order: the chart sorts by plan (no plan last), then start date.
    action(3, "planned", None, dt.date(2026, 7, 31), plan=""),
    action(2, "in_progress", dt.date(2026, 6, 10), dt.date(2026, 6, 30)),
    action(1, "in_progress", dt.date(2026, 6, 1), dt.date(2026, 6, 12), overdue=True),
    action(4, "done", dt.date(2026, 5, 1), dt.date(2026, 5, 31), plan="Another plan"),
]
MILESTONES = [
    {"action": 2, "title": "Quote signed", "date": dt.date(2026, 6, 20), "reached": False},
    {"action": 1, "title": "Kick-off", "date": dt.date(2026, 6, 2), "reached": True},
    {"action": 99, "title": "Not shown", "date": dt.date(2026, 6, 2), "reached": True},
]
DEPENDENCIES = [(1, 2), (2, 3), (99, 1)]


def figure():
    return charts.gantt_figure(
        ACTIONS,
        milestones=MILESTONES,
        dependencies=DEPENDENCIES,
        states=STATES,
        today=TODAY,
        format_date=lambda d: d.strftime("%d/%m/%Y"),
        date_format="%d/%m/%Y",
    )


def bars(fig):
    return {trace["name"]: trace for trace in fig["data"] if trace["type"] == "bar"}


def test_one_bar_trace_per_status_with_its_tone():
    traces = bars(figure())
    assert list(traces) == ["Planned", "In progress", "Done, to verify", "Overdue"]
    colours = [t["marker"]["color"] for t in traces.values()]
    assert colours == ["#6c757d", "#0d6efd", "#0dcaf0", "rgba(0, 0, 0, 0)"]
    assert all(t["orientation"] == "h" for t in traces.values())


def test_bars_start_on_the_start_date_and_end_after_the_due_date():
    traces = bars(figure())
    progress = traces["In progress"]
    assert progress["y"] == ["ACT-2026-0001 Action 1", "ACT-2026-0002 Action 2"]
    assert progress["base"] == ["2026-06-01", "2026-06-10"]
    assert progress["x"] == [12 * DAY_MS, 21 * DAY_MS]  # 1-12 June, 10-30 June, inclusive
    # No start date: the bar starts on the day the action was created.
    assert traces["Planned"]["base"] == ["2026-05-20"]
    assert traces["Planned"]["x"] == [73 * DAY_MS]


def test_a_start_after_the_due_date_gives_a_one_day_bar():
    late = action(5, "planned", None, dt.date(2026, 5, 1), created=dt.date(2026, 5, 20))
    assert charts.bar_span(late) == (dt.date(2026, 5, 1), dt.date(2026, 5, 2))


def test_rows_by_plan_then_start_date_without_plan_last():
    layout = figure()["layout"]
    assert layout["yaxis"]["categoryarray"] == [
        "ACT-2026-0004 Action 4",
        "ACT-2026-0001 Action 1",
        "ACT-2026-0002 Action 2",
        "ACT-2026-0003 Action 3",
    ]
    assert layout["yaxis"]["range"] == [3.5, -0.5]  # first row on top
    assert layout["barmode"] == "overlay"


def test_overdue_bars_have_a_red_outline():
    outline = bars(figure())["Overdue"]
    assert (outline["y"], outline["base"], outline["x"]) == (
        ["ACT-2026-0001 Action 1"],
        ["2026-06-01"],
        [12 * DAY_MS],
    )
    assert outline["marker"]["line"] == {"color": "#b02a37", "width": 3}
    assert outline["hoverinfo"] == "skip"


def test_milestones_are_diamonds_on_their_action_row():
    (markers,) = [t for t in figure()["data"] if t["type"] == "scatter"]
    assert markers["x"] == ["2026-06-20", "2026-06-02"]
    assert markers["y"] == ["ACT-2026-0002 Action 2", "ACT-2026-0001 Action 1"]
    assert markers["marker"]["symbol"] == ["diamond-open", "diamond"]


def test_one_arrow_per_dependency_from_end_to_start():
    arrows = [a for a in figure()["layout"]["annotations"] if a.get("showarrow")]
    assert [(a["ax"], a["ay"], a["x"], a["y"]) for a in arrows] == [
        ("2026-06-13", "ACT-2026-0001 Action 1", "2026-06-10", "ACT-2026-0002 Action 2"),
        ("2026-07-01", "ACT-2026-0002 Action 2", "2026-05-20", "ACT-2026-0003 Action 3"),
    ]
    assert {(a["axref"], a["ayref"]) for a in arrows} == {("x", "y")}


def test_today_line_across_the_chart():
    fig = figure()
    lines = [s for s in fig["layout"]["shapes"] if s["type"] == "line"]
    assert lines == [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": "2026-06-15",
            "x1": "2026-06-15",
            "y0": 0,
            "y1": 1,
            "line": {"color": "#f0a500", "width": 2, "dash": "dash"},
        }
    ]
    labels = [a["text"] for a in fig["layout"]["annotations"] if not a.get("showarrow")]
    assert "<b>Today</b>" in labels


def test_plan_bands_and_names():
    fig = figure()
    bands = [s for s in fig["layout"]["shapes"] if s["type"] == "rect"]
    assert [(b["y0"], b["y1"]) for b in bands] == [(-0.5, 0.5), (2.5, 3.5)]
    names = [a["text"] for a in fig["layout"]["annotations"] if a.get("xref") == "paper"]
    assert names == ["<i>Another plan</i>", "<i>QSE plan</i>", "<i>No plan</i>"]


def test_hover_in_the_given_language_and_date_format():
    fig = charts.gantt_figure(
        [ACTIONS[2]],
        states=[{"name": "in_progress", "label": "En cours", "tone": "primary"}],
        today=TODAY,
        texts={"status": "Statut", "start": "Début", "due": "Échéance", "overdue": "En retard"},
        format_date=lambda d: d.strftime("%d/%m/%Y"),
        date_format="%d/%m/%Y",
    )
    hover = fig["data"][0]["hovertext"][0]
    assert "Statut: En cours" in hover
    assert "Début: 01/06/2026 · Échéance: 12/06/2026" in hover
    assert hover.endswith("<b>En retard</b>")
    assert fig["layout"]["xaxis"]["tickformat"] == "%d/%m/%Y"


def test_titles_are_escaped_and_shortened():
    long = action(6, "planned", None, dt.date(2026, 7, 1), title="<b>" + "x" * 60)
    label = charts.row_label(long)
    assert label.startswith("ACT-2026-0006 &lt;b&gt;")
    assert label.endswith("…")


def test_height_grows_with_the_number_of_actions():
    assert charts.chart_height(1) == 320
    assert charts.chart_height(100) == 150 + 30 * 100


def test_django_date_formats_as_d3_formats():
    assert charts.d3_date_format("d/m/Y") == "%d/%m/%Y"
    assert charts.d3_date_format("m/d/Y") == "%m/%d/%Y"
    assert charts.d3_date_format("j.n.y") == "%-d.%-m.%y"


def test_no_action_gives_an_empty_chart_with_the_today_line():
    fig = charts.gantt_figure([], states=STATES, today=TODAY)
    assert fig["data"] == []
    assert [s["type"] for s in fig["layout"]["shapes"]] == ["line"]


def test_hover_puts_label_and_value_in_the_given_format():
    fig = charts.gantt_figure(
        [ACTIONS[2]],
        states=[{"name": "in_progress", "label": "En cours", "tone": "primary"}],
        today=TODAY,
        texts={"status": "Statut", "field": "%(label)s\u00a0: %(value)s"},
    )
    assert "Statut\u00a0: En cours" in fig["data"][0]["hovertext"][0]
