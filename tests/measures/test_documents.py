"""The controlled library's measure: documents in use past their review date, as the library
filtered on "Review overdue" lists them; on hand-built documents with exact values and on the
demo."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.documents.models import Document
from tests.documents.library_setup import new_document

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
D = dt.date


def value(unit, day: dt.date) -> float | None:
    return measures.get("documents.reviews_overdue").value(Scope.of(unit, day))


@pytest.fixture
def library(org, coordinator):
    """Site A: reviews due on 1 March and 14 June (late on 15 June), on 15 June (not yet);
    its department: due 10 April; a withdrawn document and an archived one, both late; site B:
    due 1 January; the company: a document without a review date."""
    with time_machine.travel(NOW, tick=False):
        rows = [
            ("a", D(2026, 3, 1), "published"),
            ("a", D(2026, 6, 14), "published"),
            ("a", D(2026, 6, 15), "published"),
            ("a_dept", D(2026, 4, 10), "published"),
            ("a", D(2026, 1, 2), "withdrawn"),
            ("b", D(2026, 1, 1), "published"),
            ("root", None, "draft"),
        ]
        for index, (unit, due, status) in enumerate(rows):
            document = new_document(org[unit], coordinator, code=f"PR-{index:03d}")
            Document.objects.filter(pk=document.pk).update(next_review_on=due, status=status)
        archived = new_document(org["a"], coordinator, code="PR-OLD")
        Document.objects.filter(pk=archived.pk).update(
            next_review_on=D(2026, 1, 1), archived_at=timezone.now()
        )
        yield org


@pytest.mark.django_db
def test_reviews_overdue_with_exact_values(library):
    with time_machine.travel(NOW, tick=False):
        assert value(library["a"], D(2026, 6, 1)) == 3
        assert value(library["a_dept"], D(2026, 6, 1)) == 1
        assert value(library["root"], D(2026, 6, 1)) == 4
        assert value(library["b"], D(2026, 6, 1)) == 1
        # At the end of March: the review of 1 March only (and site B's).
        assert value(library["a"], D(2026, 3, 1)) == 1
        assert value(library["root"], D(2026, 3, 1)) == 2


@pytest.mark.django_db
def test_the_library_filtered_on_review_overdue_lists_them(library, coordinator, client_for):
    client = client_for(coordinator)
    with time_machine.travel(NOW, tick=False):
        for unit in (library["root"], library["a"], library["b"]):
            listed = (
                client.get(
                    reverse("documents:document_list"), {"review": "overdue", "org_unit": unit.pk}
                )
                .context["page"]
                .paginator.count
            )
            assert listed == value(unit, D(2026, 6, 1)), unit


def test_demo_library_and_measure_agree(demo_company, client_for):
    client = client_for(User.objects.get(username="coordinator"))
    today = timezone.localdate()
    for unit in (OrgUnit.objects.get(parent=None), *OrgUnit.objects.filter(kind="site")):
        listed = (
            client.get(
                reverse("documents:document_list"), {"review": "overdue", "org_unit": unit.pk}
            )
            .context["page"]
            .paginator.count
        )
        assert listed == value(unit, today), unit
