"""One way to reach a record for a user: `get_record_for` (404 out of sight, 403 when seen but
the action is refused) and `choosable` (what may be picked as a related record); and a guard
that keeps the scoping in core, the services and the computations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from amelio.core.lookups import choosable, get_record_for
from amelio.core.registry import registry
from amelio.processes.models import Process
from tests.samples import make_record

PROCESSES = registry.for_model(Process)


@pytest.fixture
def processes(org, coordinator):
    return {
        "a": make_record(PROCESSES, org["a_dept"], coordinator, "Alpha"),
        "b": make_record(PROCESSES, org["b"], coordinator, "Bravo"),
    }


def test_a_record_in_scope_is_returned(processes, manager):
    assert get_record_for(manager, Process, processes["a"].pk) == processes["a"]
    assert get_record_for(manager, Process, processes["a"].pk, "change") == processes["a"]


def test_a_record_out_of_sight_is_not_found_whatever_the_action(processes, manager):
    for action in ("view", "change", "archive"):
        with pytest.raises(Http404):
            get_record_for(manager, Process, processes["b"].pk, action)


def test_a_missing_record_is_not_found_like_a_hidden_one(processes, manager):
    with pytest.raises(Http404):
        get_record_for(manager, Process, processes["b"].pk + 1000)


def test_a_record_seen_but_not_changeable_is_forbidden(processes, reader):
    assert get_record_for(reader, Process, processes["a"].pk) == processes["a"]
    with pytest.raises(PermissionDenied):
        get_record_for(reader, Process, processes["a"].pk, "change")


def test_a_queryset_adds_its_conditions_and_joins(processes, manager, django_assert_num_queries):
    records = Process.objects.select_related("org_unit").filter(name__startswith="Nothing")
    with pytest.raises(Http404):
        get_record_for(manager, records, processes["a"].pk)
    joined = Process.objects.select_related("org_unit")
    with django_assert_num_queries(1):  # the record with its unit (the roles are cached)
        record = get_record_for(manager, joined, processes["a"].pk)
        assert record.org_unit.name == "Production A"


def test_an_anonymous_user_finds_nothing(processes):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        get_record_for(AnonymousUser(), Process, processes["a"].pk)


def test_choosable_is_seen_and_active_plus_what_is_held(processes, org, coordinator, manager):
    archived = make_record(PROCESSES, org["a"], coordinator, "Archived")
    Process.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    assert list(choosable(Process, manager)) == [processes["a"]]
    held = choosable(Process, manager, keep=[archived.pk, None])
    assert set(held) == {processes["a"], archived}
    # The held ids may be a queryset (the values of a many-to-many field).
    held = choosable(Process, manager, keep=Process.objects.filter(pk=archived.pk).values("pk"))
    assert set(held) == {processes["a"], archived}
    assert set(choosable(Process, coordinator)) == {processes["a"], processes["b"]}


# --- Scoping stays in core, the services and the computations ---------------------------------

SRC = Path(__file__).resolve().parents[2] / "src" / "amelio"
FOR_USER = re.compile(r"\.for_user\(")

# Modules that call `for_user` themselves, and why. A page that fetches one record calls
# `core.lookups.get_record_for`; a form's or serializer's related records come from
# `core.lookups.choosable`. What is left here lists or aggregates the records a user sees.
ALLOWED = {
    "actions/calendar_feed.py": "the iCalendar feed lists the actions the user sees",
    "actions/dashboard.py": "the actions dashboard aggregates the actions the user sees",
    "audits/views.py": "programme coverage, audit findings and audit indicators aggregate",
    "energy/imports.py": "an import resolves variable names among those the user may import to",
    "energy/views.py": "the energy review aggregates the readings the user sees",
    "indicators/views.py": "notifications keep the indicators the user still sees",
    "nonconformities/panels.py": "the panel lists the nonconformities raised from a record",
    "nonconformities/views.py": "similar and earlier nonconformities among those the user sees",
    "processes/serializers.py": "the API hides the names of processes the user does not see",
    "processes/sheet.py": "the process sheet hides the names of processes the user does not see",
    "processes/views.py": "the process map export lists the processes the user sees",
    "risks/panels.py": "the panel lists the risks linked to a record",
    "safety/views.py": "DUERP lines and the events statistics among the records the user sees",
}


def _may_scope(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return relative.startswith("core/") or name in ("services.py", "computations.py")


def test_for_user_is_called_only_where_scoping_belongs():
    found = set()
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" in relative or _may_scope(relative):
            continue
        if FOR_USER.search(path.read_text(encoding="utf-8")):
            found.add(relative)
    unexpected = sorted(found - set(ALLOWED))
    assert not unexpected, (
        "Fetch one record with core.lookups.get_record_for, offer related records with "
        f"core.lookups.choosable, or say why here: {unexpected}"
    )
    assert not set(ALLOWED) - found, "Drop the modules that no longer call for_user"
