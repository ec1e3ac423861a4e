"""A crawl of the demo company: every page reachable from the home page answers, and no page
links to one that says "not found" or "forbidden" to the same person.

Run with `pytest -m crawl` (left out of the default run: it loads the whole demo).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import transaction

from amelio.core.demo import load_demo
from amelio.core.models import User

pytestmark = [pytest.mark.crawl, pytest.mark.django_db]

# Pages that end the session or leave the HTML pages.
SKIPPED = re.compile(r"^/(accounts/logout|static|media|admin|api)/")
NUMBER = re.compile(r"/\d+(?=/)")
# The manager is scoped to one site: a few records of each kind are opened, not just one.
PER_PATTERN = {"coordinator": 1, "manager": 3}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def same_site_links(response) -> list[str]:
    """The same-site paths (with their query) a page links to."""
    parser = _Links()
    parser.feed(response.content.decode())
    found = []
    for href in parser.hrefs:
        href = urldefrag(href)[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if not SKIPPED.match(parts.path):
            found.append(href)
    return found


class Plan:
    """Which URLs to visit: of each path (numbers in it taken as one), `per_path` different
    ones without a query, and a query only when it names a parameter not tried there yet
    (a filter, a sort, a page), not every combination of values."""

    def __init__(self, per_path: int):
        self.per_path = per_path
        self.seen: set[str] = set()
        self.bare: dict[str, int] = defaultdict(int)
        self.keys: dict[str, set[str]] = defaultdict(set)

    def wants(self, url: str) -> bool:
        parts = urlsplit(url)
        path = NUMBER.sub("/<n>", parts.path)
        keys = {item.split("=")[0] for item in parts.query.split("&") if item}
        if url in self.seen:
            return False
        if keys:
            if keys <= self.keys[path]:
                return False
            self.keys[path] |= keys
        else:
            if self.bare[path] >= self.per_path:
                return False
            self.bare[path] += 1
        self.seen.add(url)
        return True


def crawl(client, per_path: int) -> tuple[list[str], dict]:
    """Visit the pages reachable from "/" that `Plan` picks, GET only.

    Returns the visited URLs and the problems: {url: (status, page that linked to it)}."""
    queue = [("/", "start")]
    plan = Plan(per_path)
    visited, problems = [], {}
    while queue:
        url, referrer = queue.pop(0)
        if not plan.wants(url):
            continue
        response = client.get(url)
        visited.append(f"{response.status_code} {url}")
        if response.status_code in (403, 404, 500):
            problems[url] = (response.status_code, referrer)
        elif response.status_code in (301, 302):
            queue.append((response.url, url))
        elif response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            queue.extend((link, url) for link in same_site_links(response))
        if response.streaming:
            response.close()
    return visited, problems


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo company, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", ["coordinator", "manager"])
def test_every_page_of_the_demo_answers_and_every_link_leads(demo, client, username):
    client.force_login(User.objects.get(username=username))
    client.raise_request_exception = False  # a 500 is noted and the crawl goes on
    started = time.monotonic()
    visited, problems = crawl(client, PER_PATTERN[username])
    print(f"\n{username}: {len(visited)} pages in {time.monotonic() - started:.0f} s")
    print("\n".join(visited))
    assert not [v for v in visited if v.startswith("500")]
    assert problems == {}
