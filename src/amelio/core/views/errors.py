"""Error pages in the application's layout: 403, 404, a refused form (CSRF) and 500.

The 403 and 404 pages know the user: the full layout, in their language, with a way back.
The 500 page asks nothing of the database nor of the context processors (one of them may be
what failed): it is rendered without the request, in the language the middleware chose from
the profile, the language cookie or the browser.
"""

from __future__ import annotations

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

# Shown when even the 500 template cannot be rendered (missing, or a broken static storage).
PLAIN_500 = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Amelio</title></head>"
    "<body><h1>Amelio</h1><p>Server error (500).</p><p><a href='/'>Home</a></p></body></html>"
)


def _back_url(request: HttpRequest) -> str:
    """The page the user came from, when it is a page of this site; empty otherwise."""
    referer = request.headers.get("referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    )
    return referer if referer and safe else ""


def _render(request: HttpRequest, template: str, status: int, **context: object) -> HttpResponse:
    """One error page in the full layout, with links home and back."""
    context.update(home_url=reverse("home"), back_url=_back_url(request))
    return render(request, template, context, status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: the same words whether the page is missing or out of the user's reach."""
    return _render(request, "404.html", 404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403, with the reason when the code gave one (a translated sentence for the user)."""
    given = exception.args[0] if exception.args else ""
    reason = given if isinstance(given, str | Promise) else ""
    return _render(request, "403.html", 403, reason=reason)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check: most often a page left open too long; send it again."""
    return _render(request, "403_csrf.html", 403)


def _language(request: HttpRequest) -> str:
    """The language LocaleMiddleware (or the profile) chose, else the cookie or the browser's."""
    chosen = getattr(request, "LANGUAGE_CODE", "")
    return chosen or translation.get_language_from_request(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, self-contained: no database query, no context processor, no user."""
    try:
        with translation.override(_language(request)):
            body = loader.get_template("500.html").render({"home_url": get_script_prefix()})
    except Exception:  # the page saying that something broke must not break in turn
        logger.exception("The 500 page could not be rendered")
        body = PLAIN_500
    return HttpResponseServerError(body)
