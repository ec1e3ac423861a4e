"""The demo library: about sixty documents in every state, distributed and acknowledged, so
that the master list, "my documents to read" and the acknowledgement rates are lived in."""

from __future__ import annotations

from collections import Counter

import pytest

from amelio.documents import distribution
from amelio.documents.models import Acknowledgement, Document, DocumentLink, DocumentVersion


@pytest.fixture(scope="module")
def demo(demo_company):
    """The demo company, loaded once for the whole run (tests/conftest.py)."""
    return demo_company


def test_documents_and_versions_in_every_state(demo, db):
    assert Document.objects.count() == 63
    assert Counter(Document.objects.values_list("status", flat=True)) == {
        "published": 56,
        "draft": 5,
        "withdrawn": 2,
    }
    assert Counter(DocumentVersion.objects.values_list("status", flat=True)) == {
        "published": 56,
        "superseded": 12,
        "draft": 4,
        "in_review": 3,
        "approved": 2,
        "withdrawn": 2,
    }
    assert Counter(Document.objects.values_list("kind", flat=True)) == {
        "procedure": 29,
        "instruction": 15,
        "external": 8,
        "form": 6,
        "record_template": 4,
        "manual": 1,
    }


def test_the_stored_rate_is_the_rate_counted_again(demo, db):
    for document in Document.objects.select_related("current_version"):
        found = distribution.readings(document) if document.status != "withdrawn" else []
        done = sum(1 for reading in found if reading.done)
        assert (document.concerned_count, document.acknowledged_count) == (len(found), done)
        expected = (
            distribution.rate(done, len(found))
            if distribution.published_version(document)
            else None
        )
        assert document.acknowledgement_rate == expected, document.code


def test_rates_from_none_to_everyone(demo, db):
    rates = set(
        Document.objects.filter(acknowledgement_rate__isnull=False).values_list(
            "acknowledgement_rate", flat=True
        )
    )
    assert min(rates) == 0
    assert max(rates) == 100
    assert len(rates) > 10
    manual = Document.objects.get(code="MQ-001")
    assert manual.concerned_count > 20


def test_the_employee_has_documents_to_read(demo, db):
    employee = demo.users["employee"]
    pending = distribution.documents_to_read(employee, Document.objects.for_user(employee, "view"))
    codes = set(pending.values_list("code", flat=True))
    assert {"PR-SST-002", "PR-QUA-004", "IT-USI-009"} <= codes
    assert "IT-USI-003" not in codes
    assert Acknowledgement.objects.filter(person=employee).count() >= 3


def test_confidential_documents_concern_only_the_people_named(demo, db):
    hr = Document.objects.get(code="PR-RH-002")
    assert hr.confidentiality == "confidential"
    assert sorted(r.person.username for r in distribution.readings(hr)) == [
        "agauthier",
        "fmasson",
        "manager",
        "rblanc",
    ]


def test_withdrawn_documents_concern_nobody_and_keep_their_acknowledgements(demo, db):
    for document in Document.objects.filter(status="withdrawn"):
        assert (document.concerned_count, document.acknowledgement_rate) == (0, None)
        assert distribution.published_version(document) is None
    old = Document.objects.get(code="PR-QUA-008")
    assert Acknowledgement.objects.filter(version__document=old).exists()


def test_nonconformities_audits_and_checklists_name_their_documents(demo, db):
    kinds = Counter(DocumentLink.objects.values_list("content_type__model", flat=True))
    assert set(kinds) == {"nonconformity", "audit", "checklisttemplate"}
