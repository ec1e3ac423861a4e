"""Browser journey of the actions boards on the demo company: the QSE coordinator creates an
action from a context issue, moves it on the Kanban board (drag and drop, then the keyboard
"Move to…" menu), sees a refused drop explained, and finds its bar on the Gantt chart."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

ISSUE_KEYWORD = "Pyramide des âges"
ACTION_TITLE = "Tutorat croisé des régleurs avant les départs en retraite"


def french(text: str) -> str:
    """`text` as the French interface shows it (the source text while untranslated)."""
    with translation.override("fr"):
        return translation.gettext(text)


def create_action_from_issue(page, demo) -> str:
    """Open the issue, click "New action" in its Actions panel, fill and save the form;
    return the issue's URL."""
    from amelio.context.models import ContextIssue

    issue = ContextIssue.objects.get(title__startswith=ISSUE_KEYWORD)
    page.goto(f"/context/issues/{issue.pk}/")
    panel = page.locator("#actions")
    panel.get_by_role("link", name=french("New action")).click()
    page.wait_for_url(re.compile(r"/actions/actions/add/\?origin=context\.contextissue"))
    page.fill("#id_title", ACTION_TITLE)
    page.select_option("#id_owner", str(demo.users["manager"].pk))
    due = timezone.localdate() + dt.timedelta(days=45)
    page.fill("#id_due_date", due.isoformat())
    page.fill("#id_effectiveness_criterion", "Chaque régleur formé sur deux machines")
    page.click("#record-form button[type=submit]")
    page.wait_for_url(re.compile(r"/actions/actions/\d+/$"))
    expect(page.locator("h1")).to_contain_text(ACTION_TITLE)
    page.goto(f"/context/issues/{issue.pk}/")
    expect(page.locator("#actions").get_by_text(ACTION_TITLE)).to_be_visible()
    return page.url


def column(page, state: str):
    return page.locator(f"[data-state={state}]")


def open_kanban(page) -> None:
    """Open the board from the list and narrow it with the search filter, as a user would."""
    page.goto("/actions/actions/")
    page.get_by_role("link", name=french("Kanban board")).click()
    page.wait_for_url(re.compile(r"/actions/actions/kanban/"))
    search = page.locator("form.amelio-filters input[name=q]")
    search.fill("tutorat croisé")
    with page.expect_navigation():
        search.press("Enter")
    expect(page.locator("[data-card]")).to_have_count(1)
    page.locator("[data-kanban]").scroll_into_view_if_needed()


def drop_on(page, card, state: str) -> None:
    """Drag `card` and drop it on the header of the column of `state`."""
    card.drag_to(column(page, state).locator("h2"))


def drag_to_in_progress(page, action) -> None:
    """Drag the card from "Planned" to "In progress"; the board reloads with the card moved."""
    card = page.locator(f"#card-{action.pk}")
    expect(column(page, "planned").locator(f"#card-{action.pk}")).to_be_visible()
    with page.expect_navigation():
        drop_on(page, card, "in_progress")
    expect(column(page, "in_progress").locator(f"#card-{action.pk}")).to_be_visible()
    changed = french("The state of %(record)s was changed.") % {"record": action}
    expect(page.get_by_text(changed)).to_be_visible()


def refused_drop(page, action) -> None:
    """No step leads back from "In progress" to "Planned": the card stays, a message says
    why."""
    card = page.locator(f"#card-{action.pk}")
    drop_on(page, card, "planned")
    message = page.locator("#kanban-message")
    expect(message).to_be_visible()
    with translation.override("fr"):
        planned = translation.pgettext("action state", "Planned")
    expect(message).to_contain_text(planned)
    expect(column(page, "in_progress").locator(f"#card-{action.pk}")).to_be_visible()


def move_with_menu(page, action) -> None:
    """The keyboard way: the card's "Move to…" menu, "Done, to verify"."""
    card = page.locator(f"#card-{action.pk}")
    card.get_by_role("button", name=re.compile(re.escape(action.reference))).click()
    with page.expect_navigation():
        card.get_by_role("button", name=re.compile(re.escape(french("Done, to verify")))).click()
    expect(column(page, "done").locator(f"#card-{action.pk}")).to_be_visible()


def check_gantt(page, action) -> None:
    """The action has its bar in the figure and its label on the drawn chart."""
    page.goto("/actions/actions/gantt/")
    page.wait_for_selector("#gantt .main-svg")
    figure = json.loads(page.locator("#gantt-figure").text_content() or "{}")
    labels = [label for trace in figure["data"] if trace["type"] == "bar" for label in trace["y"]]
    assert f"{action.reference} {ACTION_TITLE[:44]}" in {label[:58] for label in labels}
    expect(page.locator("#gantt .ytick text", has_text=action.reference)).to_have_count(1)


def test_action_from_issue_to_kanban_and_gantt(demo, new_page, log_in):
    """Create an action from a context issue, move it on the Kanban, see it on the Gantt."""
    from amelio.actions.models import Action

    page = new_page({"width": 1280, "height": 1000})
    log_in(page, "coordinator")
    create_action_from_issue(page, demo)
    action = Action.objects.get(title=ACTION_TITLE)
    assert action.status == "planned"
    assert action.links.get().target.title.startswith(ISSUE_KEYWORD)

    open_kanban(page)
    drag_to_in_progress(page, action)
    action.refresh_from_db()
    assert action.status == "in_progress"

    refused_drop(page, action)
    action.refresh_from_db()
    assert action.status == "in_progress"

    move_with_menu(page, action)
    action.refresh_from_db()
    assert action.status == "done"

    check_gantt(page, action)
