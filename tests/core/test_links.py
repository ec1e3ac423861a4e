"""Pages link only where the reader may go, and lists head each column once."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from amelio.actions.models import Action, ActionLink
from amelio.core.models import Actionable
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


RECORD_PAGE = re.compile(r"^/[\w-]+/[\w-]+/\d+/")


def _site_b_record(model, org, user, marker):
    found = registry.for_model(model)
    if found is None:
        return None
    try:
        return make_record(found, org["b"], user, marker)
    except AssertionError:
        return None  # its sample needs a record of site A (an action's plan): not relatable


def _relate_to_site_b(reg, record, org, user) -> int:
    """Point every relation of `record` (and every relation to it) at a record of site B;
    returns how many relations were made."""
    made = 0
    for field in reg.model._meta.get_fields():
        if field.name in ("org_unit",) or not field.is_relation:
            continue
        if field.concrete and (field.many_to_one or field.one_to_one) and field.editable:
            other = _site_b_record(field.related_model, org, user, f"B {field.name}")
            if other is not None:
                reg.model.objects.filter(pk=record.pk).update(**{field.name: other})
                made += 1
        elif field.concrete and field.many_to_many:
            other = _site_b_record(field.related_model, org, user, f"B {field.name}")
            if other is not None:
                getattr(record, field.name).add(other)
                made += 1
        elif field.one_to_many and not field.remote_field.one_to_one:
            made += _point_back(field, record, org, user)
    if issubclass(reg.model, Actionable):
        action = _site_b_record(Action, org, user, "B action")
        ActionLink.objects.create(action=action, target=record)
        made += 1
    return made


def _point_back(rel, record, org, user) -> int:
    """A site-B record of another register whose foreign key `rel` points at `record`."""
    other = _site_b_record(rel.related_model, org, user, f"B {rel.name}")
    if other is None:
        return 0
    rel.related_model.objects.filter(pk=other.pk).update(**{rel.field.name: record})
    return 1


@pytest.mark.parametrize("reg", REGISTERS, ids=[r.key for r in REGISTERS])
def test_detail_links_only_to_what_the_reader_may_open(reg, client_for, org, coordinator, manager):
    record = make_record(reg, org["a"], coordinator, "Seen")
    _relate_to_site_b(reg, record, org, coordinator)
    client = client_for(manager)
    response = client.get(reg.url("detail", record.pk))
    assert response.status_code == 200
    targets = sorted({h.split("?")[0] for h in parse(response).hrefs if RECORD_PAGE.match(h)})
    assert reg.url("detail", record.pk) in targets
    refused = {url: client.get(url).status_code for url in targets}
    assert {url: code for url, code in refused.items() if code in (403, 404, 500)} == {}
