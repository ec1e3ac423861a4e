"""The risks and context measures show what their pages show: risks above tolerance (the
heatmap), reviews overdue (the registers filtered on their review date), opportunities taken
(worked example with a frozen clock, and the demo)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from amelio.actions.models import Action, ActionLink
from amelio.context.models import ContextIssue, InterestedParty
from amelio.core import services
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.risks.models import Risk
from amelio.scoring.models import ScoringMatrix
from amelio.scoring.services import install_defaults

TODAY = dt.date(2026, 6, 20)
FROZEN = time_machine.travel(dt.datetime(2026, 6, 20, 12, tzinfo=dt.UTC), tick=False)


def value(key: str, scope: Scope) -> float | None:
    return measures.get(key).value(scope)


def _risk(user, unit, matrix, likelihood, severity, residual=None, **fields) -> Risk:
    if residual:
        fields.update(residual_likelihood=residual[0], residual_severity=residual[1])
    values = {
        "title": f"{likelihood}×{severity}",
        "event": "Event",
        "inherent_likelihood": likelihood,
        "inherent_severity": severity,
        "treatment": "reduce",
        **fields,
    }
    return services.record_create(record=Risk(org_unit=unit, matrix=matrix, **values), user=user)


def _answered(risk, user, status, done_on=None) -> None:
    action = services.record_create(
        record=Action(
            title=f"Act on {risk}",
            org_unit=risk.org_unit,
            owner=user,
            due_date=dt.date(2026, 6, 30),
            action_type="improvement",
        ),
        user=user,
    )
    Action.objects.filter(pk=action.pk).update(status=status, done_on=done_on)
    ActionLink.objects.create(action=action, target=risk)


@pytest.fixture
def register(org, coordinator):
    """Risks and opportunities of site A on the 4×4 grid (medium and above not accepted)."""
    install_defaults()
    grid = ScoringMatrix.objects.get(code="PG-4x4", version=1)
    a, d = org["a"], dt.date
    with FROZEN:
        _risk(coordinator, a, grid, 4, 3, residual=(1, 2), review_date=d(2026, 6, 19))
        _risk(coordinator, org["a_dept"], grid, 2, 2, review_date=d(2026, 6, 20))  # medium
        _risk(coordinator, a, grid, 1, 3)  # low
        _risk(coordinator, a, grid, 4, 4, residual=(2, 3), review_date=d(2026, 5, 1))  # medium
        _risk(coordinator, org["b"], grid, 3, 3)  # high
        archived = _risk(coordinator, a, grid, 4, 4)
        Risk.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
        opportunity = {"risk_type": "opportunity"}
        taken = _risk(coordinator, a, grid, 4, 4, treatment="exploit", **opportunity)
        _answered(taken, coordinator, "done", d(2026, 6, 5))
        ignored = _risk(
            coordinator, a, grid, 3, 3, treatment="ignore", accepted_by=coordinator, **opportunity
        )
        _answered(ignored, coordinator, "verified", d(2026, 6, 6))
        started = _risk(coordinator, a, grid, 3, 3, treatment="enhance", **opportunity)
        _answered(started, coordinator, "in_progress")
        shared = _risk(
            coordinator, a, grid, 2, 3, treatment="share", review_date=d(2026, 7, 1), **opportunity
        )
        _answered(shared, coordinator, "verified", d(2026, 5, 10))
        _answered(shared, coordinator, "done", d(2026, 5, 12))
    return org


@FROZEN
def test_worked_example_of_risks_above_tolerance(register):
    june = Scope.of(register["a"], TODAY)
    # 12 treated down to 2 (low): accepted; 4 (medium) untreated; 3 (low); 16 treated down to
    # 6 (medium); the opportunities and the archived risk do not count.
    assert value("risks.above_tolerance", june) == 2
    assert value("risks.above_tolerance", Scope.of(register["root"], TODAY)) == 3
    assert value("risks.above_tolerance", Scope.of(register["b"], TODAY)) == 1


@FROZEN
def test_worked_example_of_reviews_overdue(register):
    # On 20 June: reviews due 19 June and 1 May are late, the one due today is not yet.
    assert value("risks.reviews_overdue", Scope.of(register["a"], TODAY)) == 2
    assert value("risks.reviews_overdue", Scope.of(register["a"], dt.date(2026, 5, 1))) == 1
    assert value("risks.reviews_overdue", Scope.of(register["b"], TODAY)) == 0


@FROZEN
def test_worked_example_of_opportunities_taken(register):
    # June: the exploited one (the ignored one does not count, the enhanced one is underway).
    assert value("risks.opportunities_taken", Scope.of(register["a"], TODAY)) == 1
    # May: the shared one, once though two of its actions were done.
    assert value("risks.opportunities_taken", Scope.of(register["a"], dt.date(2026, 5, 1))) == 1
    quarter = Scope.of(register["a"], dt.date(2026, 4, 1), "quarterly")
    assert value("risks.opportunities_taken", quarter) == 2
    assert value("risks.opportunities_taken", Scope.of(register["b"], TODAY)) == 0


@FROZEN
def test_the_heatmap_and_the_register_show_the_same_figures(register, client_for, coordinator):
    client = client_for(coordinator)
    scope = Scope.of(register["a"], TODAY)
    heatmap = client.get(reverse("risks:risk_heatmap"), {"org_unit": register["a"].pk})
    assert heatmap.context["above_tolerance"] == value("risks.above_tolerance", scope) == 2
    assert b'id="above-tolerance"' in heatmap.content
    late = {"org_unit": register["a"].pk, "review_date_before": "2026-06-19"}
    listed = client.get(reverse("risks:risk_list"), late).context["page"].paginator.count
    assert listed == value("risks.reviews_overdue", scope) == 2


def _context_records(org) -> None:
    d = dt.date
    for unit, review in (
        ("a", d(2026, 6, 1)),
        ("a_unit", d(2026, 6, 20)),
        ("a", None),
        ("b", d(2026, 1, 1)),
    ):
        ContextIssue.objects.create(
            title="Issue", origin="external", swot="threat", org_unit=org[unit], review_date=review
        )
    for unit, review in (("a_dept", d(2026, 6, 19)), ("a", d(2026, 7, 1))):
        InterestedParty.objects.create(
            name="Party",
            category="customer",
            needs="On time",
            org_unit=org[unit],
            review_date=review,
        )
    archived = InterestedParty.objects.create(
        name="Old", category="customer", needs="-", org_unit=org["a"], review_date=d(2026, 1, 1)
    )
    InterestedParty.objects.filter(pk=archived.pk).update(archived_at=timezone.now())


@FROZEN
def test_worked_example_of_context_reviews_overdue(org, client_for, coordinator):
    _context_records(org)
    # On 20 June: the issue due 1 June and the party due 19 June.
    assert value("context.reviews_overdue", Scope.of(org["a"], TODAY)) == 2
    assert value("context.reviews_overdue", Scope.of(org["a"], dt.date(2026, 5, 1))) == 0
    assert value("context.reviews_overdue", Scope.of(org["root"], TODAY)) == 3
    client = client_for(coordinator)
    late = {"org_unit": org["a"].pk, "review_date_before": "2026-06-19"}
    listed = sum(
        client.get(reverse(name), late).context["page"].paginator.count
        for name in ("context:contextissue_list", "context:interestedparty_list")
    )
    assert listed == 2


def test_the_demo_pages_and_the_measures_agree(demo_company, client_for):
    client = client_for(User.objects.get(username="coordinator"))
    today = timezone.localdate()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    found = []
    for unit in [OrgUnit.objects.get(parent=None), *OrgUnit.objects.filter(kind="site")]:
        scope = Scope.of(unit, today)
        heatmap = client.get(reverse("risks:risk_heatmap"), {"org_unit": unit.pk}).context
        late = {"org_unit": unit.pk, "review_date_before": yesterday}
        risks_late = client.get(reverse("risks:risk_list"), late).context["page"].paginator.count
        context_late = sum(
            client.get(reverse(name), late).context["page"].paginator.count
            for name in ("context:contextissue_list", "context:interestedparty_list")
        )
        taken = value("risks.opportunities_taken", Scope(unit, dt.date(2000, 1, 1), today))
        found.append((heatmap["above_tolerance"], risks_late, context_late, taken))
        assert value("risks.above_tolerance", scope) == heatmap["above_tolerance"]
        assert value("risks.reviews_overdue", scope) == risks_late
        assert value("context.reviews_overdue", scope) == context_late
    # The company: 25 threats above tolerance, no risk review late, 5 context reviews late;
    # no opportunity of the demo has an action finished yet.
    assert found[0] == (25, 0, 5, 0)
