"""Supplier evaluations computed from the deliveries and the NC module match a hand count;
an empty period gives "no deliveries in the period"; validation sets the next evaluation."""

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from amelio.core import services as core_services
from amelio.core.models import TransitionLog
from amelio.nonconformities.models import Nonconformity
from amelio.suppliers import services
from amelio.suppliers.models import (
    Criterion,
    Delivery,
    EvaluationScheme,
    Supplier,
    SupplierEvaluation,
)

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"), time_machine.travel(dt.datetime(2026, 7, 15, 12), tick=False):
        yield


def _scheme(org, coordinator) -> EvaluationScheme:
    scheme = EvaluationScheme(name="Scheme", org_unit=org["root"], tolerance_days=1)
    core_services.record_create(record=scheme, user=coordinator)
    for name, kind, weight, best, worst in [
        ("PPM", "ppm", 40, 0, 5000),
        ("OTD", "otd", 30, 100, 50),
        ("NCs", "nc_count", 10, 0, 4),
        ("Response", "nc_response_days", 10, 2, 12),
        ("Price", "rated", 10, None, None),
    ]:
        core_services.record_create(
            record=Criterion(
                scheme=scheme,
                org_unit=org["root"],
                name=name,
                kind=kind,
                weight=weight,
                best_value=best,
                worst_value=worst,
            ),
            user=coordinator,
        )
    return scheme


def _supplier(org, coordinator, name="Forge X") -> Supplier:
    supplier = Supplier(name=name, org_unit=org["root"], status="approved")
    core_services.record_create(record=supplier, user=coordinator)
    return supplier


def _delivery(supplier, due, received, qty, coordinator) -> None:
    delivery = Delivery(
        supplier=supplier,
        org_unit=supplier.org_unit,
        order_reference="CDA",
        due_date=due,
        received_on=received,
        quantity_received=qty,
    )
    core_services.record_create(record=delivery, user=coordinator)


def _nc(supplier, org, coordinator, detected, qty, qualified_on=None, cancelled=False):
    nc = Nonconformity(
        title="Bad lot",
        org_unit=org["a"],
        nc_type="supplier",
        supplier=supplier,
        detected_on=detected,
        quantity_nonconforming=qty,
    )
    core_services.record_create(record=nc, user=coordinator)
    if cancelled:
        core_services.record_transition(record=nc, user=coordinator, name="cancel", comment="x")
    elif qualified_on:
        core_services.record_transition(record=nc, user=coordinator, name="qualify")
        moment = timezone.make_aware(dt.datetime.combine(qualified_on, dt.time(10)))
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Nonconformity), object_id=nc.pk
        ).update(created_at=moment)
    return nc


FIRST_HALF = (D(2026, 1, 1), D(2026, 6, 30))


def _evaluation(supplier, scheme, coordinator, period=FIRST_HALF):
    start, end = period
    evaluation = SupplierEvaluation(
        supplier=supplier,
        org_unit=supplier.org_unit,
        scheme=scheme,
        period_start=start,
        period_end=end,
    )
    core_services.record_create(record=evaluation, user=coordinator)  # computes it
    evaluation.refresh_from_db()
    return evaluation


def _lines(evaluation) -> dict:
    return {line.name: line for line in evaluation.lines.all()}


def test_the_lines_match_a_hand_count(org, coordinator):
    scheme = _scheme(org, coordinator)
    supplier = _supplier(org, coordinator)
    other = _supplier(org, coordinator, "Other")
    # In the period: 4 deliveries, 10,000 parts; one 1 day late (on time with the tolerance),
    # one 5 days late.
    _delivery(supplier, D(2026, 1, 10), D(2026, 1, 9), 2000, coordinator)
    _delivery(supplier, D(2026, 2, 10), D(2026, 2, 11), 3000, coordinator)
    _delivery(supplier, D(2026, 3, 10), D(2026, 3, 15), 1000, coordinator)
    _delivery(supplier, D(2026, 6, 30), D(2026, 6, 30), 4000, coordinator)
    # Out of the period, not received, or another supplier's: not counted.
    _delivery(supplier, D(2025, 12, 20), D(2025, 12, 31), 9000, coordinator)
    _delivery(supplier, D(2026, 6, 25), None, 0, coordinator)
    _delivery(other, D(2026, 2, 1), D(2026, 2, 20), 5000, coordinator)
    # NCs: 3 counted (12 + 8 + 5 parts); one cancelled, one before the period, one another's.
    _nc(supplier, org, coordinator, D(2026, 2, 1), 12, qualified_on=D(2026, 2, 5))
    _nc(supplier, org, coordinator, D(2026, 4, 1), 8, qualified_on=D(2026, 4, 3))
    _nc(supplier, org, coordinator, D(2026, 6, 20), 5)  # not taken up yet
    _nc(supplier, org, coordinator, D(2026, 3, 1), 100, cancelled=True)
    _nc(supplier, org, coordinator, D(2025, 12, 30), 50, qualified_on=D(2026, 1, 2))
    _nc(other, org, coordinator, D(2026, 3, 1), 70, qualified_on=D(2026, 3, 2))

    evaluation = _evaluation(supplier, scheme, coordinator)
    lines = _lines(evaluation)
    # Hand count: 25 bad parts / 10,000 received.
    assert lines["PPM"].raw_value == 2500.0
    assert lines["PPM"].score == 50.0
    assert lines["OTD"].raw_value == 75.0  # 3 of 4 within due + 1 day
    assert lines["OTD"].score == 50.0
    assert lines["NCs"].raw_value == 3
    assert lines["NCs"].score == 25.0
    assert lines["Response"].raw_value == 3.0  # (4 + 2) / 2, the third not taken up
    assert lines["Response"].score == 90.0
    assert "1 not yet" in lines["Response"].basis_text
    assert lines["Price"].score is None
    # The rated criterion without a score is left out: (50·40 + 50·30 + 25·10 + 90·10) / 90.
    assert float(evaluation.total_score) == round((2000 + 1500 + 250 + 900) / 90, 1)

    price = lines["Price"]
    evaluation = services.evaluation_rate(
        evaluation=evaluation, user=coordinator, scores={price.pk: 80}, comments={}
    )
    assert float(evaluation.total_score) == 54.5  # (4650 + 800) / 100
    assert evaluation.grade == "C"


def test_an_empty_period_says_so(org, coordinator):
    scheme = _scheme(org, coordinator)
    supplier = _supplier(org, coordinator)
    evaluation = _evaluation(supplier, scheme, coordinator)
    lines = _lines(evaluation)
    assert (lines["PPM"].raw_value, lines["PPM"].score) == (None, None)
    assert lines["PPM"].basis_text == "no deliveries in the period"
    assert lines["OTD"].basis_text == "no deliveries in the period"
    assert lines["Response"].basis_text == "no nonconformity in the period"
    assert (lines["NCs"].raw_value, lines["NCs"].score) == (0, 100.0)
    # Only the NC count has a score: the total is its score, not a fake 100 from the others.
    assert float(evaluation.total_score) == 100.0


def test_recompute_rereads_and_validation_sets_the_next_evaluation(org, coordinator):
    scheme = _scheme(org, coordinator)
    supplier = _supplier(org, coordinator)
    _delivery(supplier, D(2026, 3, 1), D(2026, 3, 1), 1000, coordinator)
    evaluation = _evaluation(supplier, scheme, coordinator)
    assert _lines(evaluation)["PPM"].raw_value == 0.0
    _nc(supplier, org, coordinator, D(2026, 3, 2), 1, qualified_on=D(2026, 3, 3))
    evaluation = services.evaluation_compute(evaluation=evaluation, user=coordinator)
    assert _lines(evaluation)["PPM"].raw_value == 1000.0

    with pytest.raises(ValidationError) as refused:
        services.evaluation_validate(evaluation=evaluation, user=coordinator)
    assert refused.value.messages == ["Rate these criteria first: Price."]
    price = _lines(evaluation)["Price"]
    services.evaluation_rate(
        evaluation=evaluation, user=coordinator, scores={price.pk: 100}, comments={}
    )
    evaluation = services.evaluation_validate(evaluation=evaluation, user=coordinator)
    supplier.refresh_from_db()
    # PPM 1000 → 80 (×40), OTD 100 (×30), 1 NC → 75 (×10), 1 day → 100 (×10), price 100
    # (×10): 8,950 / 100 = 89.5, class A.
    assert float(supplier.current_score) == 89.5
    assert supplier.current_class == "A"
    assert supplier.next_evaluation_on == D(2027, 6, 30)  # end of period + 12 months
    with pytest.raises(ValidationError):
        services.evaluation_compute(evaluation=evaluation, user=coordinator)

    later = _evaluation(supplier, scheme, coordinator, (D(2026, 7, 1), D(2026, 7, 14)))
    assert later.previous_score == evaluation.total_score


def test_the_weights_must_sum_to_100(org, coordinator):
    scheme = _scheme(org, coordinator)
    criterion = Criterion(scheme=scheme, org_unit=org["root"], name="More", kind="rated", weight=5)
    with pytest.raises(ValidationError) as refused:
        criterion.full_clean(exclude=["reference"])
    assert refused.value.message_dict["weight"] == [
        "With this weight the criteria of the scheme would sum to 105 %; they must sum to 100 %."
    ]
    Criterion.objects.filter(scheme=scheme, name="Price").update(archived_at=timezone.now())
    assert scheme.weights_problem() == "The weights of the criteria sum to 90 %, not 100 %."
    supplier = _supplier(org, coordinator)
    evaluation = SupplierEvaluation(
        supplier=supplier,
        org_unit=supplier.org_unit,
        scheme=scheme,
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
    )
    core_services.record_create(record=evaluation, user=coordinator)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_compute(evaluation=evaluation, user=coordinator)
    assert refused.value.messages == ["The weights of the criteria sum to 90 %, not 100 %."]


def test_blocking_needs_a_reason_and_dates_the_change(org, coordinator):
    supplier = _supplier(org, coordinator)
    assert supplier.status_changed_on == D(2026, 7, 15)
    supplier.status = "blocked"
    with pytest.raises(ValidationError) as refused:
        supplier.full_clean(exclude=["reference"])
    assert refused.value.message_dict["status_reason"] == ["Say why the supplier is blocked."]
