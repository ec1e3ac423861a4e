"""The customer page lists the complaints of the nonconformities module that the reader may
see, counted per year; company-level customers and segments are readable from the sites; the
list counts each customer's complaints in one query; the segment page shows its customers,
its complaints of the last twelve months by month and its journeys; the NC page links its
customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from amelio.customers.models import Customer, CustomerSegment, Journey
from amelio.nonconformities.models import Nonconformity

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _in_english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"), time_machine.travel(dt.datetime(2026, 6, 15, 10), tick=False):
        yield


@pytest.fixture
def segment(org):
    return CustomerSegment.objects.create(name="Tier 1", org_unit=org["root"])


@pytest.fixture
def customer(org, segment):
    """A company-level customer with complaints on site A (two years) and site B."""
    customer = Customer.objects.create(
        name="Ardèche Vehicles", org_unit=org["root"], segment=segment
    )
    for title, unit, day, cost in [
        ("Scratches on B-12", "a", dt.date(2025, 3, 2), "120"),
        ("Wrong size on A-40", "a", dt.date(2026, 5, 20), "300"),
        ("Missing part on E-2", "b", dt.date(2026, 6, 1), "50"),
    ]:
        Nonconformity.objects.create(
            title=title,
            org_unit=org[unit],
            nc_type="customer",
            customer=customer,
            detected_on=day,
            cost_scrap=Decimal(cost),
        )
    # An internal NC naming the customer is not a complaint.
    Nonconformity.objects.create(
        title="Internal",
        org_unit=org["a"],
        nc_type="internal",
        customer=customer,
        detected_on=dt.date(2026, 6, 2),
    )
    return customer


def test_the_customer_page_lists_only_the_complaints_the_reader_may_see(
    customer, client_for, manager, coordinator
):
    page = client_for(manager).get(f"/customers/customers/{customer.pk}/")
    assert page.status_code == 200
    assert [c.title for c in page.context["complaints"]] == [
        "Wrong size on A-40",
        "Scratches on B-12",
    ]
    assert page.context["complaints_per_year"] == [(2025, 1), (2026, 1)]
    assert page.context["complaints_cost"] == Decimal("420")
    html = page.content.decode()
    assert "Missing part on E-2" not in html and "Internal" not in html
    everything = client_for(coordinator).get(f"/customers/customers/{customer.pk}/")
    assert [c.title for c in everything.context["complaints"]] == [
        "Missing part on E-2",
        "Wrong size on A-40",
        "Scratches on B-12",
    ]
    assert everything.context["complaints_per_year"] == [(2025, 1), (2026, 2)]


def test_company_level_customers_and_segments_are_readable_below(
    customer, segment, client_for, outsider, employee
):
    for person in (outsider, employee):
        client = client_for(person)
        assert client.get(f"/customers/customers/{customer.pk}/").status_code == 200
        assert client.get(f"/customers/segments/{segment.pk}/").status_code == 200


def test_a_site_customer_is_not_readable_from_another_site(org, client_for, outsider):
    local = Customer.objects.create(name="Local", org_unit=org["a"])
    assert client_for(outsider).get(f"/customers/customers/{local.pk}/").status_code == 404


def test_the_list_counts_the_visible_complaints_without_a_query_per_row(
    customer, org, client_for, manager, django_assert_max_num_queries
):
    for index in range(10):
        Customer.objects.create(name=f"Customer {index}", org_unit=org["root"])
    client = client_for(manager)
    client.get("/customers/customers/")
    with django_assert_max_num_queries(20):
        page = client.get("/customers/customers/")
    counts = {row.name: row.complaint_count for row in page.context["page"].object_list}
    assert counts["Ardèche Vehicles"] == 2
    assert counts["Customer 3"] == 0


def test_the_segment_page(customer, segment, org, client_for, coordinator, manager):
    Journey.objects.create(name="Quote to delivery", org_unit=org["a"], segment=segment)
    Journey.objects.create(name="Site B journey", org_unit=org["b"], segment=segment)
    page = client_for(manager).get(f"/customers/segments/{segment.pk}/")
    assert [c.name for c in page.context["segment_customers"]] == ["Ardèche Vehicles"]
    assert [j.name for j in page.context["segment_journeys"]] == ["Quote to delivery"]
    # Last twelve months: July 2025 to June 2026; the March 2025 complaint is older.
    assert page.context["complaints_12_months"] == 1
    bars = page.context["complaints_figure"]["data"][0]
    assert len(bars["x"]) == 12 and list(bars["y"]) == [0] * 10 + [1, 0]
    everything = client_for(coordinator).get(f"/customers/segments/{segment.pk}/")
    assert list(everything.context["complaints_figure"]["data"][0]["y"]) == [0] * 10 + [1, 1]


def test_the_nc_page_links_its_customer(customer, client_for, manager):
    complaint = Nonconformity.objects.get(title="Wrong size on A-40")
    html = (
        client_for(manager)
        .get(f"/nonconformities/nonconformities/{complaint.pk}/")
        .content.decode()
    )
    assert f'href="/customers/customers/{customer.pk}/"' in html
