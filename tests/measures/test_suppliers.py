"""The suppliers measures: the suppliers of a scope (recorded in it, serving one of its sites,
or recorded above it without naming sites), the mean score of the evaluations validated in
the period, the on-time delivery of the deliveries received in it (as the supplier page
computes it), and the suppliers blocked; on hand-built records with exact values and on the
demo."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from amelio.core import services as core_services
from amelio.core.measures import Scope, measures
from amelio.core.models import OrgUnit, User
from amelio.suppliers import services
from amelio.suppliers.models import (
    Criterion,
    Delivery,
    EvaluationScheme,
    Supplier,
    SupplierEvaluation,
)

NOW = dt.datetime(2026, 7, 15, 12, 0, tzinfo=dt.UTC)
D = dt.date
JUNE, JULY = D(2026, 6, 1), D(2026, 7, 1)


def value(key: str, unit, day: dt.date) -> float | None:
    return measures.get(key).value(Scope.of(unit, day))


def _supplier(org, user, name, unit="root", sites=(), **fields) -> Supplier:
    supplier = Supplier(name=name, org_unit=org[unit], **fields)
    core_services.record_create(record=supplier, user=user)
    supplier.sites_served.set([org[s] for s in sites])
    return supplier


def _delivery(supplier, user, due: dt.date, received: dt.date | None) -> None:
    delivery = Delivery(
        supplier=supplier,
        org_unit=supplier.org_unit,
        order_reference="CDA",
        due_date=due,
        received_on=received,
        quantity_received=100,
    )
    core_services.record_create(record=delivery, user=user)


def _evaluation(supplier, scheme, user, score: float, validated_on: dt.date | None):
    evaluation = SupplierEvaluation(
        supplier=supplier,
        org_unit=supplier.org_unit,
        scheme=scheme,
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
    )
    core_services.record_create(record=evaluation, user=user)
    line = evaluation.lines.get()
    services.evaluation_rate(evaluation=evaluation, user=user, scores={line.pk: score}, comments={})
    if validated_on is not None:
        services.evaluation_validate(evaluation=evaluation, user=user)
        SupplierEvaluation.objects.filter(pk=evaluation.pk).update(validated_on=validated_on)


@pytest.fixture
def suppliers(org, coordinator):
    """S1 (company, serves site A), S2 (company, names no site: serves every site, blocked on
    15 July), S3 (recorded at site B, blocked since 10 May), S4 (archived, blocked).

    Deliveries received in June: S1 on time, late, on time; S2 late; S3 on time (S1 also one
    in May and one not received yet). Evaluations (one rated criterion weighing 100 %): S1
    80 validated on 5 July, S2 60 on 10 July, S3 90 on 20 June, S1 10 left a draft."""
    with time_machine.travel(NOW, tick=False):
        scheme = EvaluationScheme(name="Schéma", org_unit=org["root"])
        core_services.record_create(record=scheme, user=coordinator)
        core_services.record_create(
            record=Criterion(
                scheme=scheme, org_unit=org["root"], name="Prix", kind="rated", weight=100
            ),
            user=coordinator,
        )
        s1 = _supplier(org, coordinator, "Aciérie", sites=["a"], status="approved")
        blocked = {"status": "blocked", "status_reason": "Qualité"}
        s2 = _supplier(org, coordinator, "Transports", **blocked)
        s3 = _supplier(org, coordinator, "Usinage Roannais", unit="b", **blocked)
        Supplier.objects.filter(pk=s3.pk).update(status_changed_on=D(2026, 5, 10))
        s4 = _supplier(org, coordinator, "Ancien", **blocked)
        core_services.record_archive(record=s4, user=coordinator)
        for due, received in [
            (D(2026, 6, 10), D(2026, 6, 9)),
            (D(2026, 6, 12), D(2026, 6, 15)),
            (D(2026, 6, 20), D(2026, 6, 20)),
            (D(2026, 5, 31), D(2026, 5, 31)),
            (D(2026, 7, 20), None),
        ]:
            _delivery(s1, coordinator, due, received)
        _delivery(s2, coordinator, D(2026, 6, 5), D(2026, 6, 8))
        _delivery(s3, coordinator, D(2026, 6, 1), D(2026, 6, 1))
        _evaluation(s1, scheme, coordinator, 80, D(2026, 7, 5))
        _evaluation(s2, scheme, coordinator, 60, D(2026, 7, 10))
        _evaluation(s3, scheme, coordinator, 90, D(2026, 6, 20))
        _evaluation(s1, scheme, coordinator, 10, None)
        yield {"s1": s1, "s2": s2, "s3": s3, **org}


@pytest.mark.django_db
def test_supplier_measures_with_exact_values(suppliers):
    root, a, b, dept = suppliers["root"], suppliers["a"], suppliers["b"], suppliers["a_dept"]
    with time_machine.travel(NOW, tick=False):
        # On time in June: the company 3 of 5; site A (S1, S2) 2 of 4; site B (S2, S3) 1 of 2.
        assert value("suppliers.on_time_delivery", root, JUNE) == 60
        assert value("suppliers.on_time_delivery", a, JUNE) == 50
        assert value("suppliers.on_time_delivery", dept, JUNE) == 50
        assert value("suppliers.on_time_delivery", b, JUNE) == 50
        assert value("suppliers.on_time_delivery", root, D(2026, 5, 1)) == 100
        assert value("suppliers.on_time_delivery", root, JULY) is None
        # Validated in July: S1 80 and S2 60; in June: S3 90. The draft does not count.
        assert value("suppliers.evaluation_score", root, JULY) == 70
        assert value("suppliers.evaluation_score", a, JULY) == 70
        assert value("suppliers.evaluation_score", b, JULY) == 60
        assert value("suppliers.evaluation_score", b, JUNE) == 90
        assert value("suppliers.evaluation_score", a, JUNE) is None
        # Blocked at the end of June: S3 (S2 was blocked on 15 July); today: S2 and S3.
        assert value("suppliers.blocked", root, JUNE) == 1
        assert value("suppliers.blocked", a, JUNE) == 0
        assert value("suppliers.blocked", root, JULY) == 2
        assert value("suppliers.blocked", a, JULY) == 1
        assert value("suppliers.blocked", b, JULY) == 2


def _page_figures(client, suppliers, first: dt.date, end: dt.date):
    """On time and received deliveries, and the scores of the evaluations validated from
    `first` to `end` excluded, read from the supplier pages."""
    on_time = received = 0
    scores = []
    for supplier in suppliers:
        page = client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).context
        deliveries = page["supplier_deliveries"]
        if deliveries["count"]:
            received += deliveries["count"]
            on_time += round(deliveries["otd"] * deliveries["count"] / 100)
        scores += [
            float(e.total_score)
            for e in page["supplier_evaluations"]
            if e.is_validated and first <= e.validated_on < end
        ]
    return on_time, received, scores


@pytest.mark.django_db
def test_the_supplier_pages_give_the_same_figures(suppliers, coordinator, client_for):
    client = client_for(coordinator)
    with time_machine.travel(NOW, tick=False):
        # The supplier page counts the deliveries of the last 365 days.
        today = timezone.localdate()
        window = Scope(suppliers["a"], today - dt.timedelta(days=365), today + dt.timedelta(1))
        on_time, received, _scores = _page_figures(
            client, [suppliers["s1"], suppliers["s2"]], *window[1:]
        )
        measure = measures.get("suppliers.on_time_delivery").value(window)
        assert measure == 100 * on_time / received == 60  # 3 of 5, May's included
        _on_time, _received, scores = _page_figures(
            client, Supplier.objects.active(), JULY, D(2026, 8, 1)
        )
        assert sum(scores) / len(scores) == value(
            "suppliers.evaluation_score", suppliers["root"], JULY
        )
        listed = client.get(reverse("suppliers:supplier_list"), {"status": "blocked"}).context
        assert listed["page"].paginator.count == value("suppliers.blocked", suppliers["root"], JULY)


# --- The demo ---------------------------------------------------------------------------


def test_demo_supplier_pages_and_measures_agree(demo_company, client_for):
    client = client_for(User.objects.get(username="coordinator"))
    root = OrgUnit.objects.get(parent=None)
    today = timezone.localdate()
    window = Scope(root, today - dt.timedelta(days=365), today + dt.timedelta(1))
    everyone = list(Supplier.objects.active())
    on_time, received, _scores = _page_figures(client, everyone, *window[1:])
    assert received > 0
    assert measures.get("suppliers.on_time_delivery").value(window) == pytest.approx(
        100 * on_time / received
    )
    _on_time, _received, scores = _page_figures(client, everyone, *window[1:])
    assert scores
    assert measures.get("suppliers.evaluation_score").value(window) == pytest.approx(
        sum(scores) / len(scores)
    )
    listed = client.get(reverse("suppliers:supplier_list"), {"status": "blocked"}).context
    assert listed["page"].paginator.count == value("suppliers.blocked", root, today)
