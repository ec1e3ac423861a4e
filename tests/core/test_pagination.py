"""Pages read through the deferred join hold the same rows, in the same order, as OFFSET."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amelio.context.models import ContextIssue
from amelio.core.pagination import DeferredJoinPaginator


def test_every_page_matches_offset_pagination(org, coordinator):
    ContextIssue.objects.bulk_create(
        ContextIssue(
            reference=f"CTX-2026-{n:04d}",
            title=f"Issue {n:02d}",
            org_unit=org["a"],
            origin="internal",
            swot="weakness",
            impact=n % 4 + 1,
        )
        for n in range(22)
    )
    queryset = ContextIssue.objects.active().order_by("impact", "id")
    expected = Paginator(queryset, 5, orphans=2)
    deferred = DeferredJoinPaginator(queryset, 5, orphans=2)
    assert deferred.num_pages == expected.num_pages == 4
    for number in expected.page_range:
        assert [r.pk for r in deferred.page(number)] == [r.pk for r in expected.page(number)]
    assert len(deferred.page(4)) == 7  # the last page takes the 2 orphans


def test_a_later_page_reads_ids_in_a_subquery(org, coordinator):
    ContextIssue.objects.bulk_create(
        ContextIssue(
            reference=f"CTX-2026-{n:04d}",
            title=f"Issue {n}",
            org_unit=org["a"],
            origin="internal",
            swot="weakness",
        )
        for n in range(12)
    )
    queryset = ContextIssue.objects.active().order_by("-created_at", "-id")
    paginator = DeferredJoinPaginator(queryset, 5)
    paginator.count  # noqa: B018 - the count is its own statement
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.page(2))
    assert len(rows) == 5
    assert len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert sql.count("SELECT") == 2  # the rows, and the page's ids in a subquery
    assert "OFFSET 5" in sql


def test_page_links_keep_the_filters_and_work(client_for, org, coordinator):
    ContextIssue.objects.bulk_create(
        ContextIssue(
            reference=f"CTX-2026-{n:04d}",
            title=f"Issue {n}",
            org_unit=org["a"],
            origin="internal",
            swot="weakness",
        )
        for n in range(30)
    )
    client = client_for(coordinator)
    html = client.get("/context/issues/", {"swot": "weakness"}).content.decode()
    assert "??" not in html
    assert 'href="?swot=weakness&amp;page=2"' in html
    assert 'href="?swot=weakness&amp;per_page=50"' in html
    second = client.get("/context/issues/", {"swot": "weakness", "page": 2})
    assert len(second.context["page"].object_list) == 5
    wide = client.get("/context/issues/", {"swot": "weakness", "per_page": 50})
    assert len(wide.context["page"].object_list) == 30


def test_the_page_does_not_repeat_the_list_conditions(org, coordinator):
    """The ids satisfy the list's conditions: the statement of the rows states them once, in
    the subquery, and keeps the joins and the order of the list."""
    ContextIssue.objects.bulk_create(
        ContextIssue(
            reference=f"CTX-2026-{n:04d}",
            title=f"Compressor {n}" if n % 2 else f"Boiler {n}",
            org_unit=org["a"],
            origin="internal",
            swot="weakness",
            impact=n % 4 + 1,
        )
        for n in range(12)
    )
    queryset = (
        ContextIssue.objects.active()
        .filter(title__icontains="compressor")
        .select_related("org_unit")
        .order_by("-impact", "id")
    )
    paginator = DeferredJoinPaginator(queryset, 4)
    assert paginator.count == 6
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.page(1))
        units = {row.org_unit.code for row in rows}  # joined: no further statement
    assert [row.title for row in rows] == [row.title for row in Paginator(queryset, 4).page(1)]
    assert [row.impact for row in rows] == [4, 4, 4, 2]
    assert units == {org["a"].code}
    assert len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert sql.count("LIKE") == 1
    assert sql.count("SELECT") == 2
