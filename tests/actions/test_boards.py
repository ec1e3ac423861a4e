"""Kanban board and Gantt chart pages: columns, scoping, the moves offered, refused moves."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from amelio.actions import boards
from amelio.actions.models import Action, ActionPlan, Milestone
from amelio.core import services
from amelio.core.models import TransitionLog

TODAY = timezone.localdate()
KANBAN = "/actions/actions/kanban/"
GANTT = "/actions/actions/gantt/"
OWNER_REFUSAL = "The owner of an action does not verify its effectiveness."


@pytest.fixture
def plan(org, coordinator):
    """A plan where owners may not verify their own actions."""
    return services.record_create(
        record=ActionPlan(name="QSE plan", org_unit=org["root"], owner=coordinator),
        user=coordinator,
    )


def new_action(org, plan, coordinator, owner, title, steps=(), **extra):
    values = {
        "title": title,
        "plan": plan,
        "org_unit": org["a"],
        "owner": owner,
        "start_date": TODAY - dt.timedelta(days=5),
        "due_date": TODAY + dt.timedelta(days=10),
        "action_type": "corrective",
        "effectiveness_criterion": "No recurrence for 3 months",
        **extra,
    }
    action = services.record_create(record=Action(**values), user=coordinator)
    for step in steps:
        action = services.record_transition(record=action, user=coordinator, name=step)
    return action


@pytest.fixture
def actions(org, plan, coordinator, manager):
    """Planned, in progress (late) and done actions of site A, owned by the manager."""
    planned = new_action(org, plan, coordinator, manager, "Guard the press")
    late = new_action(
        org,
        plan,
        coordinator,
        manager,
        "Fix the extractor",
        steps=["start"],
        start_date=TODAY - dt.timedelta(days=30),
        due_date=TODAY - dt.timedelta(days=2),
    )
    done = new_action(org, plan, coordinator, manager, "Train the welders", steps=["complete"])
    late.depends_on.add(planned)
    Milestone.objects.create(action=planned, title="Quote signed", date=TODAY, reached=False)
    return {"planned": planned, "late": late, "done": done}


def get(client, url, **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def columns(response) -> dict[str, list[str]]:
    return {
        c["state"].name: [card["action"].title for card in c["cards"]]
        for c in response.context["columns"]
    }


def card(response, action) -> dict:
    return next(
        card
        for column in response.context["columns"]
        for card in column["cards"]
        if card["action"].pk == action.pk
    )


def test_kanban_has_a_column_per_state_with_its_actions(client_for, coordinator, actions):
    response = get(client_for(coordinator), KANBAN)
    assert response.status_code == 200
    assert columns(response) == {
        "planned": ["Guard the press"],
        "in_progress": ["Fix the extractor"],
        "done": ["Train the welders"],
        "not_effective": [],
        "verified": [],
        "cancelled": [],
    }
    assert [c["count"] for c in response.context["columns"]] == [1, 1, 1, 0, 0, 0]
    html = response.content.decode()
    assert 'data-state="in_progress"' in html
    assert html.count("data-card ") == 3
    assert "amelio/kanban.js" in html


def test_kanban_takes_the_list_filters(client_for, coordinator, actions):
    response = get(client_for(coordinator), KANBAN, q="extractor")
    assert columns(response)["in_progress"] == ["Fix the extractor"]
    assert sum(len(titles) for titles in columns(response).values()) == 1
    assert 'name="q"' in response.content.decode()


def card_html(html: str, action) -> str:
    """The HTML of the action's card on the board."""
    after = html.split(f'id="card-{action.pk}"')[1]
    return after.split('class="kanban-card ')[0].split("</ol>")[0]


def test_kanban_shows_overdue_due_dates_in_red(client_for, coordinator, actions):
    html = get(client_for(coordinator), KANBAN).content.decode()
    late_card = card_html(html, actions["late"])
    assert "text-danger fw-semibold" in late_card and "Overdue" in late_card
    assert "Fix the extractor" in late_card and "Manager" in late_card
    planned_card = card_html(html, actions["planned"])
    assert "text-danger" not in planned_card and "Guard the press" in planned_card


def test_kanban_is_scoped(client_for, outsider, actions):
    response = get(client_for(outsider), KANBAN)
    assert response.status_code == 200
    assert all(titles == [] for titles in columns(response).values())
    assert "Guard the press" not in response.content.decode()


def test_kanban_truncates_long_columns(
    client_for, coordinator, actions, org, plan, manager, monkeypatch
):
    new_action(org, plan, coordinator, manager, "Second planned action")
    monkeypatch.setattr(boards, "KANBAN_LIMIT", 1)
    response = get(client_for(coordinator), KANBAN)
    planned = response.context["columns"][0]
    assert (len(planned["cards"]), planned["count"], planned["truncated"]) == (1, 2, True)
    assert "1 of 2 shown" in response.content.decode()


def test_moves_offered_for_a_planned_action(client_for, manager, actions):
    planned = actions["planned"]
    response = get(client_for(manager), KANBAN)
    shown = card(response, planned)
    url = f"/actions/actions/{planned.pk}/transition/"
    assert shown["allowed"] == {
        "in_progress": {"url": f"{url}start/", "label": "Start", "comment": False},
        "done": {"url": f"{url}complete/", "label": "Mark as done", "comment": False},
        "cancelled": {"url": f"{url}cancel/", "label": "Cancel", "comment": True},
    }
    assert json.loads(shown["moves_json"]) == shown["allowed"]
    assert json.loads(shown["refusals_json"]) == {}


def test_owner_may_not_verify_from_the_board(client_for, manager, actions):
    done = actions["done"]
    response = get(client_for(manager), KANBAN)
    shown = card(response, done)
    assert shown["allowed"] == {
        "in_progress": {
            "url": f"/actions/actions/{done.pk}/transition/reopen/",
            "label": "Reopen",
            "comment": False,
        }
    }
    assert json.loads(shown["refusals_json"]) == {
        "verified": OWNER_REFUSAL,
        "not_effective": OWNER_REFUSAL,
    }
    html = response.content.decode()
    assert f'action="/actions/actions/{done.pk}/transition/reopen/"' in html
    assert f'action="/actions/actions/{done.pk}/transition/verify/"' not in html
    assert OWNER_REFUSAL in html


def test_a_coordinator_may_verify_from_the_board(client_for, coordinator, actions):
    shown = card(get(client_for(coordinator), KANBAN), actions["done"])
    assert sorted(shown["allowed"]) == ["in_progress", "not_effective", "verified"]
    assert shown["allowed"]["verified"]["comment"] is True


def test_a_refused_drop_changes_nothing(client_for, manager, actions):
    done = Action.objects.get(pk=actions["done"].pk)
    client = client_for(manager)
    response = client.post(
        f"/actions/actions/{done.pk}/transition/verify/",
        {"comment": "Looks fine"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    after = Action.objects.get(pk=done.pk)
    assert (after.status, after.version, after.verified_by) == ("done", done.version, None)
    assert not TransitionLog.objects.filter(object_id=done.pk, transition="verify").exists()
    board = get(client, KANBAN)
    assert OWNER_REFUSAL in board.content.decode()
    assert columns(board)["done"] == ["Train the welders"]


def test_an_allowed_drop_moves_the_card(client_for, manager, actions):
    planned = actions["planned"]
    client = client_for(manager)
    client.post(f"/actions/actions/{planned.pk}/transition/start/", HTTP_ACCEPT_LANGUAGE="en")
    assert Action.objects.get(pk=planned.pk).status == "in_progress"
    # Cards are in the list's order: due date first.
    assert columns(get(client, KANBAN))["in_progress"] == ["Fix the extractor", "Guard the press"]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert get(client, url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", [KANBAN, GANTT])
def test_queries_do_not_grow_with_cards(url, client_for, coordinator, actions, org, plan, manager):
    client = client_for(coordinator)
    before = queries(client, url)
    for index in range(10):
        more = new_action(org, plan, coordinator, manager, f"More {index}", steps=["start"])
        more.depends_on.add(actions["planned"])
        Milestone.objects.create(action=more, title="Step", date=TODAY)
    assert queries(client, url) == before


def gantt_bars(response) -> dict[str, list[str]]:
    figure = response.context["figure"]
    return {t["name"]: t["y"] for t in figure["data"] if t["type"] == "bar"}


def test_gantt_draws_the_filtered_actions(client_for, coordinator, actions):
    response = get(client_for(coordinator), GANTT)
    assert response.status_code == 200
    planned, late, done = (actions[k] for k in ("planned", "late", "done"))
    assert gantt_bars(response) == {
        "Planned": [f"{planned.reference} Guard the press"],
        "In progress": [f"{late.reference} Fix the extractor"],
        "Done, to verify": [f"{done.reference} Train the welders"],
        "Overdue": [f"{late.reference} Fix the extractor"],
    }
    figure = response.context["figure"]
    arrows = [a for a in figure["layout"]["annotations"] if a.get("showarrow")]
    assert [(a["ay"], a["y"]) for a in arrows] == [
        (f"{planned.reference} Guard the press", f"{late.reference} Fix the extractor")
    ]
    (milestones,) = [t for t in figure["data"] if t["type"] == "scatter"]
    assert milestones["x"] == [TODAY.isoformat()]
    html = response.content.decode()
    assert 'id="gantt-figure"' in html
    assert "vendor/plotly/plotly.min.js" in html
    assert "Fix the extractor" in html


def test_gantt_is_capped(client_for, coordinator, actions, monkeypatch):
    monkeypatch.setattr(boards, "GANTT_LIMIT", 2)
    response = get(client_for(coordinator), GANTT)
    assert (
        sum(len(labels) for name, labels in gantt_bars(response).items() if name != "Overdue") == 2
    )
    assert "Only the first 2 of 3 actions are shown" in response.content.decode()


def test_gantt_takes_the_list_filters(client_for, coordinator, actions):
    response = get(client_for(coordinator), GANTT, status="done")
    assert list(gantt_bars(response)) == ["Done, to verify"]
    assert len(response.context["actions"]) == 1


def test_gantt_dates_in_the_user_language(client_for, coordinator, actions):
    client = client_for(coordinator)
    french = client.get(GANTT, HTTP_ACCEPT_LANGUAGE="fr").context["figure"]
    assert french["layout"]["xaxis"]["tickformat"] == "%d/%m/%Y"
    due = (TODAY + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    assert due in french["data"][0]["hovertext"][0]


def test_gantt_is_scoped(client_for, outsider, actions):
    response = get(client_for(outsider), GANTT)
    assert response.status_code == 200
    assert response.context["figure"] is None
    html = response.content.decode()
    assert "Guard the press" not in html
    assert "No action matches these filters." in html


def test_boards_are_linked_from_the_list(client_for, coordinator, actions):
    html = get(client_for(coordinator), "/actions/actions/").content.decode()
    assert 'href="/actions/actions/kanban/?' in html
    assert 'href="/actions/actions/gantt/?' in html
