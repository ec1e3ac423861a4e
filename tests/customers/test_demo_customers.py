"""The customers demo: four segments, about twenty-five fictitious customers, every demo
customer complaint linked to a customer, and the journey map with six stages in order."""

from __future__ import annotations

from collections import Counter

import pytest

from amelio.customers.demo_customers import CUSTOMERS, SEGMENTS
from amelio.customers.models import Customer, CustomerSegment, Journey, Touchpoint
from amelio.nonconformities.demo import CUSTOMERS as COMPLAINING
from amelio.nonconformities.models import Nonconformity


@pytest.fixture(scope="module")
def demo(demo_company):
    return demo_company


def test_segments_and_customers(demo, db):
    assert sorted(CustomerSegment.objects.values_list("name", flat=True)) == sorted(SEGMENTS)
    customers = Customer.objects.active()
    assert customers.count() == len(CUSTOMERS) == 25
    assert not customers.filter(segment__isnull=True).exists()
    assert not customers.filter(owner__isnull=True).exists()
    assert all(e.endswith(".example.fr") for e in customers.values_list("contact_email", flat=True))
    assert len(set(customers.values_list("code", flat=True))) == 25


def test_every_demo_complaint_has_its_customer(demo, db):
    complaints = Nonconformity.objects.filter(nc_type="customer")
    assert complaints.count() > 20
    assert not complaints.filter(customer__isnull=True).exists()
    # The complaining customers are the demo's fictitious ones, named as the NC says.
    assert set(complaints.values_list("customer__name", flat=True)) == set(COMPLAINING)
    assert all(nc.third_party == nc.customer.name for nc in complaints.select_related("customer"))
    assert set(COMPLAINING) <= {name for name, *_rest in CUSTOMERS}


def test_the_journey_map(demo, db):
    journey = Journey.objects.get(name="De la demande de devis à la livraison")
    assert list(journey.stages.order_by("order").values_list("name", flat=True)) == [
        "Demande de devis",
        "Offre",
        "Commande",
        "Production",
        "Livraison",
        "Facturation et après-vente",
    ]
    touchpoints = Touchpoint.objects.filter(stage__journey=journey)
    assert touchpoints.count() == 15
    assert Counter(touchpoints.values_list("stage__order", flat=True)) == {
        1: 2,
        2: 2,
        3: 2,
        4: 2,
        5: 3,
        6: 4,
    }
    assert not touchpoints.filter(measure="").exists()
    linked = set(touchpoints.exclude(indicator=None).values_list("indicator__name", flat=True))
    assert linked == {
        "Taux de rebut usinage",
        "Taux de service client",
        "Retards de livraison",
        "Réclamations clients",
        "Satisfaction client (enquête)",
    }
