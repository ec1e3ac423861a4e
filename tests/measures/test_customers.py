"""The customers measures: the complaints of a period are those the customer pages count
(and the customer-type nonconformities of the analysis page), and their rate per thousand
units produced divides them by the production variable of the sites; on the demo and on
hand-built records with exact values."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from amelio.core import services
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.customers.models import Customer
from amelio.energy.models import Variable
from amelio.nonconformities.models import Nonconformity
from tests.energy.factories import variable

NOW = dt.datetime(2026, 7, 15, 10, 0, tzinfo=dt.UTC)
JAN, MAR, APR = dt.date(2026, 1, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)


def value(key: str, unit, start: dt.date, end: dt.date):
    return measures.get(key).value(Scope(unit, start, end))


def _nc(user, unit, nc_type: str, day: dt.date, customer=None) -> Nonconformity:
    record = Nonconformity(
        title=f"{nc_type} on {day}",
        org_unit=unit,
        nc_type=nc_type,
        detected_on=day,
        customer=customer,
    )
    return services.record_create(record=record, user=user)


@pytest.fixture
def complaints(org, coordinator):
    """March 2026: a complaint of Alpha on site A, one in its department naming no customer
    record, an internal NC on site A (not a complaint), a complaint on site B. Site A
    produced 300, 300 and 400 t in January, February and March."""
    with time_machine.travel(NOW, tick=False):
        alpha = services.record_create(
            record=Customer(name="Alpha Pompes", org_unit=org["root"]), user=coordinator
        )
        _nc(coordinator, org["a"], "customer", dt.date(2026, 3, 3), alpha)
        _nc(coordinator, org["a_dept"], "customer", dt.date(2026, 3, 25))
        _nc(coordinator, org["a"], "internal", dt.date(2026, 3, 4))
        _nc(coordinator, org["b"], "customer", dt.date(2026, 3, 10), alpha)
        months = {JAN: 300, dt.date(2026, 2, 1): 300, MAR: 400}
        variable(coordinator, org["a"], "Tonnes shipped", "production", months, "t")
        yield {"alpha": alpha}


@pytest.mark.django_db
def test_complaints_and_rate_with_exact_values(org, complaints):
    site = org["a"]
    assert value("customers.complaints", site, MAR, APR) == 2
    assert value("customers.complaints", org["root"], MAR, APR) == 3
    assert value("customers.complaints", site, JAN, MAR) == 0
    # 2 complaints for 400 t: 5 per 1 000 t; over the quarter, 2 for 1 000 t.
    assert value("customers.complaint_rate", site, MAR, APR) == 5
    assert value("customers.complaint_rate", site, JAN, APR) == 2
    assert value("customers.complaint_rate", site, JAN, MAR) == 0
    # April has no production value; site B records no production (nor, then, the
    # organisation, whose complaints of site B would have no volume).
    assert value("customers.complaint_rate", site, APR, dt.date(2026, 5, 1)) is None
    assert value("customers.complaint_rate", org["b"], MAR, APR) is None
    assert value("customers.complaint_rate", org["root"], MAR, APR) is None
    assert value("customers.complaint_rate", org["root"], JAN, MAR) == 0


@pytest.mark.django_db
def test_rate_needs_one_unit_of_production(org, complaints, coordinator):
    with time_machine.travel(NOW, tick=False):
        variable(coordinator, org["b"], "Tonnes", "production", {MAR: 100}, "t")
        assert value("customers.complaint_rate", org["root"], MAR, APR) == 6  # 3 for 500 t
        variable(coordinator, org["b"], "Parts", "production", {MAR: 9000}, "parts")
    assert value("customers.complaint_rate", org["root"], MAR, APR) is None


@pytest.mark.django_db
def test_complaints_equal_the_customer_page_and_the_analysis(
    org, complaints, coordinator, client_for
):
    client = client_for(coordinator)
    page = client.get(f"/customers/customers/{complaints['alpha'].pk}/").context
    assert page["complaints_per_year"] == [(2026, 2)]
    alpha = Nonconformity.objects.filter(customer=complaints["alpha"])
    assert value("customers.complaints", org["root"], JAN, dt.date(2027, 1, 1)) == 3
    assert alpha.count() == 2  # the third names no customer record
    for unit in (org["root"], org["a"], org["b"]):
        assert value("customers.complaints", unit, MAR, APR) == value(
            "nonconformities.ncs.customer", unit, MAR, APR
        )


# --- The demo ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_company):
    return demo_company


def test_demo_complaints_equal_the_customer_pages(demo, db, client):
    """Every demo complaint names its customer: the customer pages' counts per year add up
    to the measure of each year, this year and the last."""
    client.force_login(User.objects.get(username="coordinator"))
    organisation = OrgUnit.objects.get(parent__isnull=True)
    this_year = timezone.localdate().year
    per_year: dict[int, int] = {}
    for customer in Customer.objects.active():
        page = client.get(f"/customers/customers/{customer.pk}/").context
        for year, count in page["complaints_per_year"]:
            per_year[year] = per_year.get(year, 0) + count
    today = timezone.localdate()
    twelve_months = (today - dt.timedelta(days=365), today + dt.timedelta(days=1))
    assert value("customers.complaints", organisation, *twelve_months) == 14
    for year in (this_year - 1, this_year):
        scope = (dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
        assert value("customers.complaints", organisation, *scope) == per_year.get(year, 0)
        assert value("customers.complaints", organisation, *scope) == value(
            "nonconformities.ncs.customer", organisation, *scope
        )


def test_demo_complaint_rate(demo, db):
    """Both sites record their tonnes shipped each month: the rate of the last full month
    is its complaints per 1 000 t."""
    organisation = OrgUnit.objects.get(parent__isnull=True)
    last = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    month = Scope.of(organisation, last)
    tonnes = sum(
        float(v.values.get(month=last).value)
        for v in Variable.objects.active().filter(kind="production")
    )
    count = measures.get("customers.complaints").value(month)
    rate = measures.get("customers.complaint_rate").value(month)
    assert rate == pytest.approx(count * 1000 / tonnes)


# --- Satisfaction surveys: NPS, CSAT, CES -------------------------------------------------

# NPS, CSAT and CES of each response, as in tests/customers/test_survey_results.py; the last
# two are moved to 20 May.
ROWS = [
    (10, 5, 7),
    (10, 5, 6),
    (10, 4, 6),
    (9, 4, 5),
    (9, 4, 5),
    (8, 4, 6),
    (8, 4, 5),
    (7, 4, 5),
    (7, 3, 5),
    (3, 2, 5),
]
SURVEYED = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
MAY, JUNE, JULY = dt.date(2026, 5, 1), dt.date(2026, 6, 1), dt.date(2026, 7, 1)


@pytest.fixture
def answered(org):
    from amelio.customers import services_surveys
    from amelio.customers.models import Response
    from tests.customers.survey_helpers import make_campaign, make_survey

    with time_machine.travel(SURVEYED, tick=False):
        survey = make_survey(org["a"])
        campaign = make_campaign(survey, org["a"], dt.date(2026, 5, 1), dt.date(2026, 6, 30))
        by = {q.metric or q.kind: q.pk for q in survey.questions.all()}
        responses = []
        for nps, csat, ces in [*ROWS, (0, 1, 1)]:
            values = {by["nps"]: str(nps), by["csat"]: str(csat), by["ces"]: str(ces)}
            responses.append(
                services_surveys.response_submit(campaign=campaign, values=values, language="fr")
            )
        may = [r.pk for r in responses[8:10]]
        Response.objects.filter(pk__in=may).update(submitted_on=dt.date(2026, 5, 20))
        Response.objects.filter(pk=responses[10].pk).update(archived_at=timezone.now())
        yield campaign


@pytest.mark.django_db
def test_survey_figures_with_exact_values(org, answered):
    a = org["a"]
    # June: 5 promoters, 3 passives -> 62.5, shown 63; CSAT 8 of 8; CES 45 / 8.
    assert value("customers.nps", a, JUNE, JULY) == 63
    assert value("customers.csat", a, JUNE, JULY) == 100
    assert value("customers.ces", a, JUNE, JULY) == 5.625
    # May: a passive and a detractor; no CSAT 4 or 5; CES 5.
    assert value("customers.nps", a, MAY, JUNE) == -50
    assert value("customers.csat", a, MAY, JUNE) == 0
    assert value("customers.ces", a, MAY, JUNE) == 5
    # Both months (the archived response left out): NPS 40, CSAT 80 %, CES 5.5.
    assert value("customers.nps", org["root"], MAY, JULY) == 40
    assert value("customers.csat", org["root"], MAY, JULY) == 80
    assert value("customers.ces", org["root"], MAY, JULY) == 5.5
    # No answer: no figure.
    for key in ("customers.nps", "customers.csat", "customers.ces"):
        assert value(key, org["b"], MAY, JULY) is None
        assert value(key, a, JULY, dt.date(2026, 8, 1)) is None


@pytest.mark.django_db
def test_survey_figures_equal_the_results_page_trend(org, answered, coordinator, client_for):
    client = client_for(coordinator)
    with time_machine.travel(SURVEYED, tick=False):
        page = client.get("/customers/campaigns/results/", {"campaign": answered.pk}).context
    trend = dict(page["trend"])
    assert sorted(trend) == [MAY, JUNE]
    for month, end in ((MAY, JUNE), (JUNE, JULY)):
        shown = trend[month]
        assert value("customers.nps", org["a"], month, end) == shown.nps.value
        assert value("customers.csat", org["a"], month, end) == shown.csat
        assert value("customers.ces", org["a"], month, end) == shown.ces


def test_demo_survey_figures_equal_the_stored_points(demo, db):
    """The demo's answers of the last twelve months: the measures equal the means of the
    points each response stores (decision 0031), the figures of the computed indicators."""
    from django.db.models import Avg

    from amelio.customers.metrics import round_half_away
    from amelio.customers.models import Response

    organisation = OrgUnit.objects.get(parent__isnull=True)
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=365), today + dt.timedelta(days=1)
    answered = Response.objects.active().filter(
        submitted_on__gte=start, submitted_on__lt=end, campaign__archived_at__isnull=True
    )
    means = answered.aggregate(nps=Avg("nps_points"), csat=Avg("csat_points"), ces=Avg("ces_value"))
    assert means["nps"] is not None
    assert value("customers.nps", organisation, start, end) == round_half_away(means["nps"])
    assert value("customers.csat", organisation, start, end) == pytest.approx(means["csat"])
    assert value("customers.ces", organisation, start, end) == pytest.approx(means["ces"])
