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
