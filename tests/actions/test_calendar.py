"""The iCalendar feed of a user's actions: exact events, token protection, scoping, renewal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from amelio.actions.calendar_feed import feed_renew
from amelio.actions.models import Action, CalendarFeed

DUE = dt.date(2026, 4, 1)


def make_action(owner, unit, due=DUE, title="Guard the press", **extra) -> Action:
    return Action.objects.create(
        title=title, org_unit=unit, owner=owner, due_date=due, action_type="improvement", **extra
    )


@pytest.fixture
def actions(org, employee, manager, outsider):
    """What the employee's feed must show, and what it must not."""
    unit = org["a"]
    contributed = make_action(manager, unit, DUE + dt.timedelta(days=3), "Train the team")
    contributed.contributors.add(employee)
    return {
        "owned": make_action(employee, org["a_unit"], DUE, "Fix the guard & rail"),
        "late": make_action(employee, unit, dt.date(2026, 1, 5), status="in_progress"),
        "contributed": contributed,
        "verified": make_action(employee, unit, status="verified"),
        "done": make_action(employee, unit, status="done"),
        "archived": make_action(employee, unit, archived_at=timezone.now()),
        "managers": make_action(manager, unit),
        # Owned by the employee but on site B, where the employee has no role.
        "out_of_scope": make_action(employee, org["b"]),
        "outsiders": make_action(outsider, org["b"]),
    }


def feed_url(token: str) -> str:
    return reverse("actions:calendar_feed", args=[token])


def events(response) -> dict[str, dict]:
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["UID"]): {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "url": str(event["URL"]),
            "description": str(event["DESCRIPTION"]),
        }
        for event in calendar.walk("VEVENT")
    }


def test_feed_lists_the_users_open_actions_as_all_day_events(client, actions, employee):
    token = feed_renew(user=employee).token

    response = client.get(feed_url(token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    owned, late, contributed = actions["owned"], actions["late"], actions["contributed"]
    assert {uid: (e["start"], e["end"]) for uid, e in found.items()} == {
        f"{owned.reference}@amelio": (DUE, DUE + dt.timedelta(days=1)),
        f"{late.reference}@amelio": (dt.date(2026, 1, 5), dt.date(2026, 1, 6)),
        f"{contributed.reference}@amelio": (dt.date(2026, 4, 4), dt.date(2026, 4, 5)),
    }
    event = found[f"{owned.reference}@amelio"]
    assert event["summary"] == f"{owned.reference} Fix the guard & rail"
    assert event["url"] == f"http://testserver/actions/actions/{owned.pk}/"
    assert event["url"] in event["description"]
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in response.content  # refresh hourly


def test_feed_is_in_the_users_language(client, actions, employee):
    employee.language = "fr"
    employee.save()
    token = feed_renew(user=employee).token

    found = events(client.get(feed_url(token)))

    assert "Planifiée" in found[f"{actions['owned'].reference}@amelio"]["description"]
    assert "En cours" in found[f"{actions['late'].reference}@amelio"]["description"]


def test_feed_needs_no_login_but_a_known_token(client, actions, employee):
    feed_renew(user=employee)

    assert client.get(feed_url("not-a-token")).status_code == 404
    assert client.get("/actions/calendar/.ics").status_code == 404
    assert client.get(feed_url("x" * 43)).status_code == 404


def test_feed_of_an_inactive_user_is_gone(client, actions, employee):
    token = feed_renew(user=employee).token
    employee.is_active = False
    employee.save()

    assert client.get(feed_url(token)).status_code == 404


def test_each_token_reveals_only_its_users_actions(client, actions, employee, outsider):
    employee_token = feed_renew(user=employee).token
    outsider_token = feed_renew(user=outsider).token

    mine = set(events(client.get(feed_url(employee_token))))
    theirs = set(events(client.get(feed_url(outsider_token))))

    # The outsider may view site B, including the employee's action there, but it is not theirs.
    assert theirs == {f"{actions['outsiders'].reference}@amelio"}
    assert f"{actions['out_of_scope'].reference}@amelio" not in mine | theirs
    assert not mine & theirs


def test_page_shows_the_address_with_a_copy_button(client_for, actions, employee):
    client = client_for(employee)
    token = feed_renew(user=employee).token

    response = client.get(reverse("actions:calendar"))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'value="http://testserver/actions/calendar/{token}.ics"' in content
    assert 'id="copy-feed-url"' in content
    assert f'href="webcal://testserver/actions/calendar/{token}.ics"' in content


def test_page_without_feed_creates_nothing(client_for, employee):
    response = client_for(employee).get(reverse("actions:calendar"))

    assert response.status_code == 200
    assert 'id="copy-feed-url"' not in response.content.decode()
    assert not CalendarFeed.objects.exists()


def test_first_post_creates_the_address(client_for, employee):
    response = client_for(employee).post(reverse("actions:calendar_reset"))

    assert response.status_code == 302
    assert response["Location"] == reverse("actions:calendar")
    feed = CalendarFeed.objects.get(user=employee)
    assert len(feed.token) == 43


def test_reset_invalidates_the_old_token(client_for, actions, employee):
    old = feed_renew(user=employee).token
    client = client_for(employee)

    response = client.post(reverse("actions:calendar_reset"))

    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=employee).token
    assert new != old
    assert CalendarFeed.objects.count() == 1
    client.logout()
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_reset_needs_post(client_for, employee):
    old = feed_renew(user=employee).token

    response = client_for(employee).get(reverse("actions:calendar_reset"))

    assert response.status_code == 405
    assert CalendarFeed.objects.get(user=employee).token == old


def test_reset_renews_only_the_users_own_feed(client_for, employee, outsider):
    outsider_token = feed_renew(user=outsider).token

    client_for(employee).post(reverse("actions:calendar_reset"))

    assert CalendarFeed.objects.get(user=outsider).token == outsider_token


def test_page_and_reset_need_a_login(client, employee):
    assert client.get(reverse("actions:calendar")).status_code == 302
    assert client.post(reverse("actions:calendar_reset")).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_feed_queries_do_not_grow_with_actions(
    client, org, employee, django_assert_max_num_queries
):
    token = feed_renew(user=employee).token
    for number in range(20):
        make_action(employee, org["a"], DUE + dt.timedelta(days=number))

    with django_assert_max_num_queries(4):
        response = client.get(feed_url(token))
    assert len(events(response)) == 20
