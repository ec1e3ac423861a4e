"""Pages outside the registers: the cockpit (home), "my records", global search, language,
organisation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.core.cockpit import cockpit_tiles
from amelio.core.models import OrgUnit
from amelio.core.permissions import Role, units_for
from amelio.core.registry import registry
from amelio.core.search import word_condition

SEARCH_LIMIT = 8


def home(request):
    """The cockpit: what is overdue or due this week, the key indicators, unread alerts and the
    latest events, each tile bounded and linking to its filtered register."""
    today = timezone.localdate()
    columns = cockpit_tiles(request.user, today)
    return TemplateResponse(request, "core/cockpit.html", {"columns": columns, "today": today})


def mine(request):
    """What needs the user: the open records they own, and the records of their scope whose
    deadline has come, by the register's own rule (`Register.due`, as the cockpit reads it)."""
    user = request.user
    today = timezone.localdate()
    sections = []
    for register in registry:
        if not register.owner_field:
            continue
        mine = register.queryset_for(user).active().filter(**{register.owner_field: user})
        queryset = register.still_open(mine)
        items = list(queryset.order_by("-updated_at")[:10])
        due = [
            (record, register.due_on(record))
            for record in register.due(register.queryset_for(user).active(), today)[:10]
        ]
        if items or due:
            sections.append({"register": register, "items": items, "due": due})
    return TemplateResponse(request, "core/mine.html", {"sections": sections, "today": today})


def search(request):
    """One query across every register's search fields, scoped like the lists."""
    query = request.GET.get("q", "").strip()
    results = []
    if len(query) >= 2:
        for register in registry:
            queryset = register.queryset_for(request.user).active()
            connection = connections[queryset.db]
            for word in query.split()[:5]:
                queryset = queryset.filter(
                    word_condition(register, register.search, word, connection)
                )
            found = list(queryset.order_by("-updated_at")[:SEARCH_LIMIT])
            if found:
                results.append({"register": register, "records": found})
    template = "core/search.html#results" if request.htmx else "core/search.html"
    return TemplateResponse(request, template, {"query": query, "results": results})


@require_POST
def set_language(request):
    """Switch the interface language and remember it on the user's profile."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = ""
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language or settings.LANGUAGE_CODE)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    response = redirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language or settings.LANGUAGE_CODE)
    return response


def organisation(request):
    """The org-unit tree the user can see, with site figures and who holds which role."""
    units = (
        units_for(request.user, "view").order_by("path").prefetch_related("role_assignments__user")
    )
    may_administer = units_for(request.user, "administer").exists()
    if not units:
        messages.info(request, _("You have no role on any org unit yet; ask an administrator."))
    return TemplateResponse(
        request,
        "core/organisation.html",
        {
            "units": units,
            "may_administer": may_administer,
            "roles": Role,
            "kinds": OrgUnit.Kind,
        },
    )


def permissions_table(request):
    """What each role may do, as the server enforces it."""
    from amelio.core.permissions import ROLE_ACTIONS, Action

    rows = [
        {"action": action, "roles": [action in ROLE_ACTIONS[r] for r in Role]} for action in Action
    ]
    return TemplateResponse(request, "core/permissions.html", {"rows": rows, "roles": list(Role)})


PEOPLE_LIMIT = 20


def people_lookup(request):
    """Suggestions for a person field: active people whose name or username holds the text.

    Answers the type-ahead of `PersonInput` with `<option>`s; the text comes in the field's
    own parameter (whatever its name), so that htmx can send the input as it is.
    """
    text = next((v.strip() for v in request.GET.values() if v.strip()), "")
    people = get_user_model()._default_manager.filter(is_active=True)
    for word in text.split()[:3]:
        people = people.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    people = people.order_by("last_name", "first_name", "username")[:PEOPLE_LIMIT]
    return TemplateResponse(request, "components/people_options.html", {"people": people})
