"""iCalendar feed of a user's actions (token protected), so that they show in Outlook or
Thunderbird, and the page where the user finds or renews the feed's address.

The token in the address is the only credential of the feed: it reveals the open actions of
its user only (owner or contributor, within what the user may view), and renewing it makes
the old address answer 404.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from icalendar import Calendar, Event

from amelio.actions.models import Action, CalendarFeed
from amelio.actions.reminders import recipient_language
from amelio.actions.workflows import OPEN_STATES

PRODID = "-//Amelio//Actions//EN"


def new_token() -> str:
    """A fresh secret for a feed address."""
    return secrets.token_urlsafe(32)


def feed_renew(*, user) -> CalendarFeed:
    """Give `user` a feed with a new token (creating the feed if needed); the old address stops
    working at once."""
    feed, created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": new_token()})
    if not created:
        feed.token = new_token()
        feed.save(update_fields=["token"])
    return feed


def feed_actions(user):
    """The open actions shown in `user`'s feed: owned or contributed to, and viewable."""
    return (
        Action.objects.for_user(user)
        .filter(archived_at__isnull=True, status__in=OPEN_STATES)
        .filter(Q(owner=user) | Q(contributors=user))
        .distinct()
        .order_by("due_date", "reference")
    )


def action_event(action: Action, url: str) -> Event:
    """An all-day event on the action's due date."""
    event = Event()
    event.add("uid", f"{action.reference}@amelio")
    event.add("summary", f"{action.reference} {action.title}")
    event.add("dtstart", action.due_date)
    event.add("dtend", action.due_date + dt.timedelta(days=1))
    event.add("dtstamp", action.updated_at)
    event.add("last-modified", action.updated_at)
    status = action.get_status_display()
    event.add("description", _("Status: %(status)s") % {"status": status} + f"\n{url}")
    event.add("url", url)
    # An action is a deadline, not a meeting: it does not make its owner busy.
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(user, actions, base_url: str) -> bytes:
    """The .ics text of `actions`, in `user`'s language."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Amelio actions of %(user)s") % {"user": user})
    # A plain text value: icalendar would write the timedelta as "1:00:00", not "PT1H".
    calendar.add("x-published-ttl", "PT1H")
    for action in actions:
        url = base_url + reverse("actions:action_detail", args=[action.pk])
        calendar.add_component(action_event(action, url))
    return calendar.to_ical()


@login_not_required
@require_GET
def feed(request, token: str):
    """The .ics file of the user who owns `token`; 404 for an unknown or renewed token."""
    found = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    user = found.user
    with translation.override(recipient_language(user)):
        body = build_calendar(user, feed_actions(user), request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="amelio-actions.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def calendar_page(request):
    """The user's feed address, with a copy button and a way to renew it."""
    found = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = ""
    if found is not None:
        feed_url = request.build_absolute_uri(reverse("actions:calendar_feed", args=[found.token]))
    context = {
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1] if feed_url else "",
        "count": feed_actions(request.user).count(),
    }
    return TemplateResponse(request, "actions/calendar.html", context)


@require_POST
def calendar_reset(request):
    """Create the feed address, or replace it (the old one stops working)."""
    had_feed = CalendarFeed.objects.filter(user=request.user).exists()
    feed_renew(user=request.user)
    if had_feed:
        messages.success(request, _("New calendar address made; the old one no longer works."))
    else:
        messages.success(request, _("Your calendar address is ready."))
    return redirect("actions:calendar")


urlpatterns = [
    path("calendar/", calendar_page, name="calendar"),
    path("calendar/reset/", calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", feed, name="calendar_feed"),
]
# Extra views of the actions register (none: the calendar page is the user's, not a register's).
EXTRA_VIEWS: list = []
