"""Error pages: 403, 404, a refused form (CSRF) and 500 in the layout and the reader's language.

Django renders them only with DEBUG off, which pytest-django sets. The views that fail are in
this module's own URLs (`pytest.mark.urls(__name__)`): Amelio's URLs plus two that raise.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path
from django.utils.translation import gettext_lazy

from amelio import urls as amelio_urls
from amelio.core.registry import registry
from amelio.core.views import errors
from tests.samples import make_record


def _refused(request):
    raise PermissionDenied


@login_not_required
def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test/refused/", _refused),
    path("test/broken/", _broken),
    *amelio_urls.urlpatterns,
]
handler403 = amelio_urls.handler403
handler404 = amelio_urls.handler404
handler500 = amelio_urls.handler500

pytestmark = pytest.mark.urls(__name__)

NOT_FOUND = {
    "fr": "Cette page n'existe pas, ou vous n'y avez pas accès.",
    "en": "This page does not exist, or you do not have access to it.",
}
REFUSED = {"fr": "Accès refusé", "en": "Access refused"}
FORM_REFUSED = {
    "fr": "Votre formulaire n'a pas pu être envoyé",
    "en": "Your form could not be sent",
}
BROKEN = {"fr": "Une erreur est survenue", "en": "Something went wrong"}
HOME = {"fr": "Page d'accueil", "en": "Home page"}


def _speaking(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def _assert_page(response, status, language, message, title):
    """The layout's title and brand, the message and the home link, in `language`."""
    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}"' in html
    assert f"<title>{title[language]} · Amelio</title>" in html
    assert "Amelio</" in html  # the brand: top bar when signed in, above the card otherwise
    assert message[language] in html
    assert f'href="/"><i class="bi bi-house" aria-hidden="true"></i> {HOME[language]}</a>' in html
    return html


PAGE_NOT_FOUND = {"fr": "Page introuvable", "en": "Page not found"}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_404_in_the_users_language_with_the_layout_and_a_way_back(client_for, employee, language):
    client = client_for(_speaking(employee, language))
    response = client.get("/no-such-page/", headers={"referer": "http://testserver/actions/"})
    html = _assert_page(response, 404, language, NOT_FOUND, PAGE_NOT_FOUND)
    assert 'class="navbar-brand fw-semibold" href="/"' in html  # the signed-in layout
    assert 'href="http://testserver/actions/"' in html  # back


def test_404_offers_no_way_back_to_another_site(client_for, employee):
    client = client_for(_speaking(employee, "en"))
    response = client.get("/no-such-page/", headers={"referer": "https://evil.example/"})
    assert response.status_code == 404
    assert "evil.example" not in response.content.decode()


def test_404_of_a_record_out_of_reach_reads_as_a_missing_page(
    client_for, org, coordinator, outsider
):
    register = registry.get("nonconformities.nonconformity")
    record = make_record(register, org["a"], coordinator)
    client = client_for(_speaking(outsider, "en"))
    hidden = client.get(register.url("detail", record.pk))
    missing = client.get(register.url("detail", record.pk + 1000))
    assert hidden.status_code == missing.status_code == 404
    # The page's main part (the rest differs only by the random mask of the CSRF token).
    assert _main(hidden) == _main(missing)
    assert NOT_FOUND["en"] in _main(hidden)


def _main(response):
    return response.content.decode().split('<main id="main"')[1].split("</main>")[0]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_404_for_a_visitor_in_the_browsers_language(client, db, language):
    response = client.get("/no-such-page/", headers={"accept-language": language})
    html = _assert_page(response, 404, language, NOT_FOUND, PAGE_NOT_FOUND)
    assert '<span class="d-block h3 mt-2">Amelio</span>' in html  # the signed-out layout


@pytest.mark.parametrize("language", ["fr", "en"])
def test_403_in_the_users_language(client_for, employee, language):
    client = client_for(_speaking(employee, language))
    response = client.get("/test/refused/", headers={"referer": "http://testserver/"})
    html = _assert_page(response, 403, language, REFUSED, REFUSED)
    assert 'href="http://testserver/"><i class="bi bi-arrow-left"' in html  # back


@pytest.mark.parametrize("reason", ["Only coordinators.", gettext_lazy("Only coordinators.")])
def test_403_shows_the_reason_the_code_gave(rf, employee, reason):
    request = rf.get("/")
    request.user = employee
    response = errors.permission_denied(request, PermissionDenied(reason))
    assert response.status_code == 403
    assert '<p class="lead">Only coordinators.</p>' in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_refused_form_is_explained_in_the_users_language(employee, language):
    client = Client(enforce_csrf_checks=True)
    client.force_login(_speaking(employee, language))
    response = client.post("/language/", {"language": "fr"})
    _assert_page(
        response, 403, language, FORM_REFUSED, {"fr": "Formulaire refusé", "en": "Form refused"}
    )


SERVER_ERROR = {"fr": "Erreur du serveur", "en": "Server error"}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_500_in_the_browsers_language(db, language):
    client = Client(raise_request_exception=False)
    response = client.get("/test/broken/", headers={"accept-language": language})
    html = _assert_page(response, 500, language, BROKEN, SERVER_ERROR)
    assert "vendor/bootstrap/bootstrap.min.css" in html
    assert "amelio/app.css" in html


@pytest.mark.parametrize("language", ["fr", "en"])
def test_500_follows_the_language_cookie_and_the_users_profile(client_for, employee, language):
    client = client_for(_speaking(employee, language))
    client.raise_request_exception = False
    response = client.get("/test/broken/", headers={"accept-language": "de"})
    _assert_page(response, 500, language, BROKEN, SERVER_ERROR)
    visitor = Client(raise_request_exception=False)
    visitor.cookies["django_language"] = language
    response = visitor.get("/test/broken/", headers={"accept-language": "de"})
    _assert_page(response, 500, language, BROKEN, SERVER_ERROR)


def test_500_needs_neither_the_database_nor_the_context_processors(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": ["tests.core.test_error_pages.failing_processor"],
            },
        }
    ]
    # No `db` fixture: a query would raise, and the page would fall back to plain text.
    request = RequestFactory().get("/", headers={"accept-language": "en"})
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def failing_processor(request):
    raise RuntimeError("a context processor that fails")
