"""Pages link only where the reader may go, and lists head each column once."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from amelio.core.registry import registry
from tests.samples import make_record

REGISTERS = list(registry)


class _Page(HTMLParser):
    """The hrefs and the table header labels of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.headers: list[str] = []
        self._in_th = False

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])
        if tag == "th":
            self._in_th = True
            self.headers.append("")

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False

    def handle_data(self, data):
        if self._in_th:
            self.headers[-1] += data


def parse(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


@pytest.mark.parametrize("reg", REGISTERS, ids=[r.key for r in REGISTERS])
def test_list_heads_each_column_once(reg, client_for, org, coordinator):
    make_record(reg, org["a"], coordinator)
    response = client_for(coordinator).get(reg.url("list"))
    headers = [
        " ".join(h.replace("▲", "").replace("▼", "").split()) for h in parse(response).headers
    ]
    assert len(headers) == len(set(headers)), headers
    assert response.content.decode().count("<tr") == 2
