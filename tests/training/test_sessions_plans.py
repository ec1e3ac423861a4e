"""The communication plan (its audience, a recurring item planned again once done, the plan of
a year) and the year's training plan (each unit's budget against the cost of its sessions,
the page and its workbook), within the reader's scope."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import load_workbook

from amelio.core import services as core
from amelio.indicators.models import Objective
from amelio.processes.models import Process
from amelio.training.models import CommunicationItem, TrainingPlan
from tests.training.session_helpers import make_session

NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def _english_at_a_fixed_time(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


def _item(unit, user, **fields) -> CommunicationItem:
    values = {
        "title": "Indicateurs sécurité du mois",
        "org_unit": unit,
        "channel": "notice_board",
        "planned_on": dt.date(2026, 1, 31),
        **fields,
    }
    return core.record_create(record=CommunicationItem(**values), user=user)


# --- Communication plan ----------------------------------------------------------------------


def test_a_recurring_communication_is_planned_again_once_done(org, manager):
    process = core.record_create(
        record=Process(code="M-QSE", name="Piloter le QSE", process_type="management",
                       map_order=1, org_unit=org["a"], owner=manager, purpose="QSE"),
        user=manager,
    )  # fmt: skip
    objective = core.record_create(
        record=Objective(org_unit=org["a"], title="Zéro accident", policy_axis="safety"),
        user=manager,
    )
    item = _item(org["a"], manager, frequency="monthly", audience="role", audience_role="manager")
    item.processes.set([process])
    item.objectives.set([objective])
    done = core.record_transition(record=item, user=manager, name="done")
    assert (done.status, done.done_on) == ("done", dt.date(2026, 3, 20))
    following = CommunicationItem.objects.exclude(pk=item.pk).get()
    assert (following.planned_on, following.status, following.audience_role) == (
        dt.date(2026, 2, 28),
        "planned",
        "manager",
    )
    assert list(following.processes.all()) == [process]
    assert list(following.objectives.all()) == [objective]
    # Reopened and done again, it plans no second occurrence.
    core.record_transition(record=done, user=manager, name="reopen", comment="Pas affiché")
    core.record_transition(record=done, user=manager, name="done")
    assert CommunicationItem.objects.count() == 2


def test_a_communication_made_once_plans_nothing(org, manager):
    item = _item(org["a"], manager, frequency="once")
    core.record_transition(record=item, user=manager, name="done")
    assert CommunicationItem.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"audience": "unit"}, {"audience_unit": ["Choose the unit whose staff the message is for."]}),
        ({"audience": "role"}, {"audience_role": ["Choose the role the message is for."]}),
        (
            {"audience": "external", "interested_party": "  "},
            {"interested_party": ["Name the interested party the message is for."]},
        ),
        ({"done_on": dt.date(2026, 3, 21)}, {"done_on": ["The date it was made cannot be in the future."]}),
    ],
)  # fmt: skip
def test_the_audience_is_described(org, manager, fields, error):
    with pytest.raises(ValidationError) as refused:
        _item(org["a"], manager, **fields)
    assert refused.value.message_dict == error
    assert CommunicationItem.objects.count() == 0


def test_the_audience_unit_is_the_items_unit_or_below(org, manager, coordinator):
    with pytest.raises(ValidationError) as refused:
        _item(org["a"], coordinator, audience="unit", audience_unit=org["b"])
    assert refused.value.message_dict == {
        "audience_unit": ["Choose the item's unit or a unit below it."]
    }
    item = _item(org["a"], manager, audience="unit", audience_unit=org["a_dept"])
    assert item.audience_label == "Production A"


def test_the_edit_form_keeps_the_audience_unit_it_holds(org, manager, client_for):
    """The audience unit is chosen among the units the editor sees, plus the one it holds."""
    item = _item(org["a"], manager, audience="unit", audience_unit=org["a_dept"])
    response = client_for(manager).get(f"/training/communication/{item.pk}/edit/")
    assert response.status_code == 200
    offered = response.context["form"].fields["audience_unit"].queryset
    assert list(offered.filter(pk=org["a_dept"].pk)) == [org["a_dept"]]
    assert not offered.filter(pk=org["b"].pk).exists()


def test_a_detail_of_another_audience_is_refused(org, manager):
    with pytest.raises(ValidationError) as refused:
        _item(org["a"], manager, audience="unit", audience_unit=org["a_dept"],
              audience_role="manager", interested_party="Riverains")  # fmt: skip
    assert refused.value.message_dict == {
        "audience_role": [
            "Leave the role empty, or choose “The holders of a role” as the audience."
        ],
        "interested_party": [
            "Leave the interested party empty, or choose “An interested party (external)” as "
            "the audience."
        ],
    }
    assert CommunicationItem.objects.count() == 0


def test_the_year_page_lists_the_plan_by_month(org, manager, outsider, client_for):
    _item(org["a"], manager, title="Politique QSE", planned_on=dt.date(2026, 1, 15))
    _item(org["a"], manager, title="Résultats du trimestre", planned_on=dt.date(2026, 4, 2))
    done = _item(org["a"], manager, title="Lettre QSE", planned_on=dt.date(2026, 2, 3))
    core.record_transition(record=done, user=manager, name="done")
    _item(org["a"], manager, title="Bilan de l'an passé", planned_on=dt.date(2025, 12, 1))
    _item(org["b"], outsider, title="Site B", planned_on=dt.date(2026, 2, 1))
    page = client_for(manager).get("/training/communication/year/?year=2026")
    assert page.status_code == 200
    months = [
        (group["month"], [i.title for i in group["records"]]) for group in page.context["months"]
    ]
    assert months == [
        (dt.date(2026, 1, 1), ["Politique QSE"]),
        (dt.date(2026, 2, 1), ["Lettre QSE"]),
        (dt.date(2026, 4, 1), ["Résultats du trimestre"]),
    ]
    assert page.context["counts"] == {"planned": 2, "done": 1, "cancelled": 0, "late": 1}


# --- Training plan ---------------------------------------------------------------------------


@pytest.fixture
def year(org, manager, coordinator):
    """Site A's plan of 2026 (5,000 €) and its sessions: one held (1,200 €), one planned in
    its department (2,500 €), one cancelled (900 €); one of site B; one of 2025."""
    plan = core.record_create(
        record=TrainingPlan(title="Plan 2026 — site A", org_unit=org["a"], year=2026,
                            budget=Decimal(5000), owner=manager),
        user=manager,
    )  # fmt: skip
    held = make_session(org["a"], manager, title="SST", start_date=dt.date(2026, 2, 3),
                        cost=Decimal(1200))  # fmt: skip
    make_session(org["a_dept"], manager, title="CACES", start_date=dt.date(2026, 5, 12),
                 cost=Decimal(2500), duration_hours=Decimal(14))  # fmt: skip
    cancelled = make_session(org["a"], manager, title="Pont roulant",
                             start_date=dt.date(2026, 4, 7), cost=Decimal(900))  # fmt: skip
    core.record_transition(record=cancelled, user=manager, name="cancel", comment="Reportée")
    make_session(org["b"], coordinator, title="Site B", start_date=dt.date(2026, 2, 10),
                 cost=Decimal(700))  # fmt: skip
    make_session(org["a"], manager, title="2025", start_date=dt.date(2025, 11, 4),
                 cost=Decimal(300))  # fmt: skip
    held.__class__.objects.filter(pk=held.pk).update(status="held")
    return plan


def test_a_unit_has_one_plan_a_year(org, manager, year):
    with pytest.raises(ValidationError) as refused:
        core.record_create(
            record=TrainingPlan(title="Doublon", org_unit=org["a"], year=2026, budget=Decimal(1)),
            user=manager,
        )
    assert "already has a training plan for this year" in str(refused.value)


def test_the_plan_sets_its_budget_against_its_sessions(org, manager, year, client_for):
    page = client_for(manager).get(f"/training/plans/{year.pk}/")
    assert page.status_code == 200
    assert [s.title for s in page.context["plan_sessions"]] == ["SST", "CACES"]
    budget = page.context["plan_budget"]
    assert (budget.budget, budget.committed, budget.spent, budget.remaining) == (
        Decimal(5000),
        Decimal(3700),
        Decimal(1200),
        Decimal(1300),
    )
    assert (budget.used_share, budget.over) == (Decimal("0.2400"), False)


def test_the_year_page_totals_the_sessions_and_the_budgets(org, coordinator, year, client_for):
    page = client_for(coordinator).get("/training/sessions/plan/?year=2026")
    assert page.status_code == 200
    context = page.context
    assert [s.title for s in context["sessions"]] == ["SST", "Site B", "CACES"]
    totals = context["totals"]
    assert (totals.sessions, totals.hours, totals.committed, totals.spent) == (
        3,
        Decimal(28),
        Decimal(4400),
        Decimal(1200),
    )
    assert context["cancelled"] == 1
    (line,) = context["budgets"]
    assert (line.sessions, line.figures.committed) == (2, Decimal(3700))
    assert [s.title for s in context["uncovered"]] == ["Site B"]


def test_the_year_plan_as_a_workbook(org, coordinator, year, client_for):
    response = client_for(coordinator).get("/training/sessions/plan/?year=2026&export=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                    if response.streaming else response.content))  # fmt: skip
    sessions, budgets = book.worksheets
    rows = list(sessions.iter_rows(values_only=True))
    assert rows[0][:4] == ("Start date", "End date", "Reference", "Topic")
    assert [r[3] for r in rows[1:4]] == ["SST", "Site B", "CACES"]
    assert rows[4][0] == "Total" and rows[4][11] == 4400
    (line,) = budgets.iter_rows(min_row=2, values_only=True)
    assert line[2:7] == (
        5000,
        2,
        3700,
        1200,
        1300,
    )


def test_the_year_page_shows_only_the_sessions_in_scope(org, outsider, year, client_for):
    page = client_for(outsider).get("/training/sessions/plan/?year=2026")
    assert [s.title for s in page.context["sessions"]] == ["Site B"]
    assert page.context["budgets"] == []
    assert client_for(outsider).get(f"/training/plans/{year.pk}/").status_code == 404
