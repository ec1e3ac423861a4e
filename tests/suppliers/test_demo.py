"""On the demo, one supplier's evaluation lines match a count made by hand with plain
queries over its nonconformities and deliveries."""

import pytest

from amelio.nonconformities.models import Nonconformity
from amelio.suppliers.models import Delivery, Supplier, SupplierEvaluation

pytestmark = pytest.mark.django_db


def test_a_demo_evaluation_matches_a_hand_count(demo_company):
    supplier = Supplier.objects.get(name="Aciéries du Forez")
    evaluation = (
        SupplierEvaluation.objects.filter(supplier=supplier, status="validated")
        .order_by("-period_end")
        .first()
    )
    start, end = evaluation.period_start, evaluation.period_end
    ncs = [
        nc
        for nc in Nonconformity.objects.filter(supplier=supplier)
        if start <= nc.detected_on <= end and nc.status != "cancelled" and not nc.archived_at
    ]
    deliveries = [
        d
        for d in Delivery.objects.filter(supplier=supplier)
        if d.received_on and start <= d.received_on <= end and not d.archived_at
    ]
    assert deliveries, "the demo supplier has deliveries in its last period"
    received = sum(d.quantity_received for d in deliveries)
    bad = sum(nc.quantity_nonconforming or 0 for nc in ncs)
    on_time = sum(
        1
        for d in deliveries
        if (d.received_on - d.due_date).days <= evaluation.scheme.tolerance_days
    )
    lines = {line.kind: line for line in evaluation.lines.all()}
    assert lines["nc_count"].raw_value == len(ncs)
    assert lines["ppm"].raw_value == pytest.approx(bad * 1_000_000 / received)
    assert lines["otd"].raw_value == pytest.approx(100 * on_time / len(deliveries))
    # The NC demo's supplier NCs naming it by text are linked to the record.
    assert not Nonconformity.objects.filter(
        nc_type="supplier", third_party=supplier.name, supplier__isnull=True
    ).exists()
    assert supplier.audits.count() == 1


def test_the_demo_spreads_the_classes(demo_company):
    classes = set(
        Supplier.objects.exclude(current_class="").values_list("current_class", flat=True)
    )
    assert classes == {"A", "B", "C"}
    blocked = Supplier.objects.get(status="blocked")
    assert blocked.status_reason
