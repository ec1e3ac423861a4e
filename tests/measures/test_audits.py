"""The audits measures show what the audit indicators page shows: programme completion,
findings by grade, days to close the findings' nonconformities (worked example, and the demo)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from amelio.audits.models import Audit, Finding, Grade
from amelio.audits.services import finding_follow_up
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.nonconformities.models import Nonconformity

INDICATORS = "audits:audit_indicators"
ALL_DAYS = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))


def value(key: str, scope: Scope) -> float | None:
    return measures.get(key).value(scope)


# One measure per grade, in the order of the grades (the page's columns).
FINDING_KEYS = [
    "audits.findings.major",
    "audits.findings.minor",
    "audits.findings.observation",
    "audits.findings.improvement",
    "audits.findings.strength",
    "audits.findings.conformity",
]


def findings(scope: Scope) -> dict[str, float | None]:
    return {key.rsplit(".", 1)[1]: value(key, scope) for key in FINDING_KEYS}


def test_every_grade_has_its_measure():
    assert [key.rsplit(".", 1)[1] for key in FINDING_KEYS] == list(Grade.values)
    assert all(key in measures for key in FINDING_KEYS)


def _audit(org, user, unit, status, start, end=None) -> Audit:
    return Audit.objects.create(
        title=f"Audit {start}",
        org_unit=org[unit],
        status=status,
        planned_start=start,
        planned_end=end,
        lead_auditor=user,
        created_by=user,
    )


def _finding(audit, user, grade, closed_on=None, archived=False) -> Finding:
    finding = Finding.objects.create(
        audit=audit, org_unit=audit.org_unit, grade=grade, title=grade, created_by=user
    )
    finding_follow_up(finding=finding, user=user)
    if closed_on:
        Nonconformity.objects.filter(pk=finding.nonconformity_id).update(closed_on=closed_on)
    if archived:
        Finding.objects.filter(pk=finding.pk).update(archived_at=timezone.now())
    return finding


@pytest.fixture
def year(org, coordinator):
    """Audits of 2026 (and one of 2027) on site A, one on site B; findings with closed NCs."""
    d = dt.date
    march = _audit(org, coordinator, "a", "closed", d(2026, 3, 10), d(2026, 3, 11))
    may = _audit(org, coordinator, "a_dept", "reported", d(2026, 5, 4), d(2026, 5, 5))
    _audit(org, coordinator, "a", "planned", d(2026, 9, 1))
    cancelled = _audit(org, coordinator, "a", "cancelled", d(2026, 10, 1))
    _audit(org, coordinator, "a", "planned", d(2027, 2, 1))
    _audit(org, coordinator, "b", "closed", d(2026, 4, 1), d(2026, 4, 2))
    _finding(march, coordinator, "major", closed_on=d(2026, 4, 9))  # 29 days
    _finding(march, coordinator, "minor", closed_on=d(2026, 5, 11))  # 61 days
    _finding(march, coordinator, "observation")
    _finding(may, coordinator, "minor", closed_on=d(2026, 5, 15))  # 10 days
    _finding(may, coordinator, "strength")
    _finding(cancelled, coordinator, "major", closed_on=d(2026, 10, 20))
    _finding(may, coordinator, "major", closed_on=d(2026, 5, 20), archived=True)
    return org


def test_worked_example_of_programme_completion(year):
    # 2026 on site A: March done, May done, September planned; October cancelled.
    assert (
        value("audits.programme_completion", Scope.of(year["a"], dt.date(2026, 1, 1), "yearly"))
        == 66.7
    )
    assert (
        value("audits.programme_completion", Scope.of(year["a"], dt.date(2026, 1, 1), "quarterly"))
        == 100.0
    )
    assert (
        value("audits.programme_completion", Scope.of(year["a"], dt.date(2026, 7, 1), "quarterly"))
        == 0.0
    )
    # The organisation adds the closed audit of site B.
    assert (
        value("audits.programme_completion", Scope.of(year["root"], dt.date(2026, 1, 1), "yearly"))
        == 75.0
    )
    # Nothing planned in June: no completion.
    assert value("audits.programme_completion", Scope.of(year["a"], dt.date(2026, 6, 1))) is None


def test_worked_example_of_findings_by_grade(year):
    q1 = Scope.of(year["a"], dt.date(2026, 1, 1), "quarterly")
    q2 = Scope.of(year["a"], dt.date(2026, 4, 1), "quarterly")
    assert findings(q1) == {
        "major": 1,
        "minor": 1,
        "observation": 1,
        "improvement": 0,
        "strength": 0,
        "conformity": 0,
    }
    assert findings(q2) == {
        "major": 0,
        "minor": 1,
        "observation": 0,
        "improvement": 0,
        "strength": 1,
        "conformity": 0,
    }
    assert findings(Scope.of(year["b"], dt.date(2026, 1, 1), "yearly"))["major"] == 0


def test_worked_example_of_days_to_close(year):
    def mean(start, frequency="monthly"):
        return value("audits.days_to_close_findings", Scope.of(year["a"], start, frequency))

    assert mean(dt.date(2026, 4, 1)) == 29.0
    assert mean(dt.date(2026, 5, 1)) == 35.5  # 61 and 10 days
    assert mean(dt.date(2026, 4, 1), "quarterly") == 33.3
    assert mean(dt.date(2026, 3, 1)) is None
    # The nonconformity of the cancelled audit's finding does not count.
    assert mean(dt.date(2026, 10, 1)) is None


def test_the_indicators_page_shows_the_same_figures(year, client_for, coordinator):
    context = client_for(coordinator).get(reverse(INDICATORS)).context
    assert context["per_year"] == [(2026, 4, 3, 75.0), (2027, 1, 0, 0.0)]
    for year_, _total, _done, percent in context["per_year"]:
        scope = Scope.of(year["root"], dt.date(year_, 1, 1), "yearly")
        assert value("audits.programme_completion", scope) == percent
    every_day = Scope(year["root"], *ALL_DAYS)
    assert list(findings(every_day).values()) == context["totals"] == [1, 2, 1, 0, 1, 0]
    assert value("audits.days_to_close_findings", every_day) == context["close"].mean == 33.3


def test_the_demo_indicators_page_and_the_measures_agree(demo_company, client_for):
    context = client_for(User.objects.get(username="coordinator")).get(reverse(INDICATORS)).context
    root = OrgUnit.objects.get(parent=None)
    for year_, _total, _done, percent in context["per_year"]:
        scope = Scope.of(root, dt.date(year_, 1, 1), "yearly")
        assert value("audits.programme_completion", scope) == percent
    every_day = Scope(root, *ALL_DAYS)
    assert list(findings(every_day).values()) == context["totals"]
    assert value("audits.days_to_close_findings", every_day) == context["close"].mean
    # The whole programme: 10 of its 16 audits done; the findings by grade; 6 closed NCs.
    assert value("audits.programme_completion", every_day) == 62.5
    assert list(findings(every_day).values()) == [1, 7, 9, 5, 9, 0]
    assert value("audits.days_to_close_findings", every_day) == 79.3
