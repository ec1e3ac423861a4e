"""Browser fixtures for the end-to-end journeys: Debian's Chromium driven by Playwright.

The browser is launched once per session from /usr/bin/chromium (`playwright install` is never
used); each test gets fresh browser contexts, so cookies never leak between journeys. The
pages are served by pytest-django's `live_server`, which also serves the static files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still work
# there (fixtures and assertions read the database).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("AMELIO_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session; skipped when Debian's Chromium is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# The demo as loaded by the first journey, copied with SQLite's backup API: the next journeys
# get it back in milliseconds instead of loading it again (each journey starts from a flushed
# database, and loading the demo is most of a journey's time).
_DEMO: dict = {}


@pytest.fixture
def demo(transactional_db):
    """The demo company (Forges et Mécanique du Rhône) in the test database."""
    import sqlite3

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from amelio.core.demo import load_demo

    connection.ensure_connection()
    if connection.vendor != "sqlite":
        return load_demo()
    if "copy" in _DEMO:
        _DEMO["copy"].backup(connection.connection)
        ContentType.objects.clear_cache()
        return _DEMO["company"]
    company = load_demo()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    _DEMO.update(company=company, copy=copy)
    return company


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """`new_page(viewport=DESKTOP)`: a page in a fresh context (no cookies), French browser.

    Every response for a static file is checked: a missing CSS or script fails the test.
    """
    contexts = []
    broken_static: list[str] = []

    def make(viewport: dict | None = None):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or DESKTOP,
            locale="fr-FR",
            extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9"},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("response", lambda r: _check_static(r, broken_static))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not broken_static, f"static files failed to load: {broken_static}"


def _check_static(response, broken: list[str]) -> None:
    """Remember every static file that did not load."""
    if "/static/" in response.url and response.status >= 400:
        broken.append(f"{response.status} {response.url}")


@pytest.fixture
def log_in() -> Callable:
    """`log_in(page, username)`: log in through the login form with the demo password."""
    from amelio.core.demo import DEMO_PASSWORD

    def submit(page, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return submit
