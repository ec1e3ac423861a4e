"""The action's own page: the records it answers, and its milestones."""

from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.utils import timezone

from amelio.actions.models import Action, ActionPlan, Milestone
from amelio.actions.services import action_link
from amelio.context.models import ContextIssue
from amelio.core import services

TODAY = timezone.localdate()


def _setup(org, coordinator, owner):
    plan = services.record_create(
        record=ActionPlan(name="QSE plan", org_unit=org["root"], owner=coordinator),
        user=coordinator,
    )
    action = services.record_create(
        record=Action(
            title="Guard the press",
            plan=plan,
            org_unit=org["a"],
            owner=owner,
            due_date=TODAY + dt.timedelta(days=30),
            action_type="improvement",
        ),
        user=coordinator,
    )
    seen = services.record_create(
        record=ContextIssue(
            title="Old press", org_unit=org["a"], origin="internal", swot="weakness"
        ),
        user=coordinator,
    )
    hidden = services.record_create(
        record=ContextIssue(
            title="Site B press", org_unit=org["b"], origin="internal", swot="weakness"
        ),
        user=coordinator,
    )
    action_link(action=action, record=seen, user=coordinator, role="corrective")
    action_link(action=action, record=hidden, user=coordinator, role="preventive")
    return action, seen


def test_the_action_shows_what_it_answers_within_the_scope(client_for, org, coordinator, manager):
    action, seen = _setup(org, coordinator, manager)
    html = client_for(manager).get(f"/actions/actions/{action.pk}/").content.decode()
    assert f'href="/context/issues/{seen.pk}/"' in html
    assert "Site B press" not in html
    assert html.count('class="badge text-bg-light border"') == 2  # both roles are listed


def test_milestones_are_added_marked_and_removed(client_for, org, coordinator, manager):
    action, _seen = _setup(org, coordinator, manager)
    client = client_for(manager)
    date = TODAY + dt.timedelta(days=7)
    response = client.post(
        f"/actions/actions/{action.pk}/milestones/add/",
        {"title": "Guard ordered", "date": date.isoformat()},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(action=action)
    assert (milestone.title, milestone.date, milestone.reached) == ("Guard ordered", date, False)
    client.post(f"/actions/milestones/{milestone.pk}/toggle/")
    assert Milestone.objects.get(pk=milestone.pk).reached is True
    client.post(f"/actions/milestones/{milestone.pk}/remove/")
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    assert LogEntry.objects.filter(object_repr__contains="Guard ordered").count() == 3


def test_a_bad_milestone_is_refused_with_a_message(client_for, org, coordinator, manager):
    action, _seen = _setup(org, coordinator, manager)
    client = client_for(manager)
    response = client.post(
        f"/actions/actions/{action.pk}/milestones/add/",
        {"title": "No date", "date": "not a date"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert not Milestone.objects.exists()
    assert "Enter a valid date." in response.content.decode()


def test_milestones_need_the_change_right(client_for, org, coordinator, manager, reader, outsider):
    action, _seen = _setup(org, coordinator, manager)
    url = f"/actions/actions/{action.pk}/milestones/add/"
    data = {"title": "Step", "date": TODAY.isoformat()}
    assert client_for(reader).post(url, data).status_code == 403
    assert client_for(outsider).post(url, data).status_code == 404
    assert not Milestone.objects.exists()


def test_home_leaves_closed_actions_out(client_for, org, coordinator, manager):
    action, _seen = _setup(org, coordinator, manager)
    Action.objects.filter(pk=action.pk).update(
        status="cancelled", due_date=TODAY - dt.timedelta(days=3)
    )
    late = services.record_create(
        record=Action(
            title="Late open action",
            org_unit=org["a"],
            owner=manager,
            start_date=TODAY - dt.timedelta(days=20),
            due_date=TODAY - dt.timedelta(days=2),
            action_type="improvement",
        ),
        user=coordinator,
    )
    html = client_for(manager).get("/").content.decode()
    assert late.reference in html
    assert action.reference not in html
