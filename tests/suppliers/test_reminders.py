"""Certificates about to expire and re-evaluations due are e-mailed to the buyer and the
coordinators, on the reminder days only."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from amelio.core import services as core_services
from amelio.core.models import User
from amelio.suppliers import reminders
from amelio.suppliers.models import Certification, Supplier

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 7, 15, 8))
TODAY = dt.date(2026, 7, 15)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.AMELIO_REMINDER_DAYS = 7
    with translation.override("en"):
        yield


@pytest.fixture
def buyer(org):
    return User.objects.create_user(username="buyer", email="buyer@example.com", language="en")


def _supplier(org, coordinator, buyer, **fields) -> Supplier:
    supplier = Supplier(name="Forge X", org_unit=org["a"], status="approved", owner=buyer)
    core_services.record_create(record=supplier, user=coordinator)
    Supplier.objects.filter(pk=supplier.pk).update(**fields)
    return supplier


def _cert(supplier, coordinator, days) -> None:
    cert = Certification(
        supplier=supplier,
        org_unit=supplier.org_unit,
        kind="iso9001",
        valid_until=TODAY + dt.timedelta(days=days),
    )
    core_services.record_create(record=cert, user=coordinator)


def test_expiring_certificates_and_due_evaluations(org, coordinator, buyer):
    coordinator.email, coordinator.language = "claire@example.com", "en"
    coordinator.save()
    supplier = _supplier(org, coordinator, buyer, next_evaluation_on=TODAY - dt.timedelta(days=7))
    _cert(supplier, coordinator, 30)
    _cert(supplier, coordinator, 31)  # not a reminder day
    sent = reminders.run_supplier_reminders(now=NOW, dry_run=False)
    assert sorted(sent) == [
        ("buyer@example.com", "Amelio: 2 supplier items to follow up"),
        ("claire@example.com", "Amelio: 2 supplier items to follow up"),
    ]
    body = mail.outbox[0].body
    assert "Forge X — ISO 9001: valid until" in body
    assert "Forge X — re-evaluation due on" in body


def test_nothing_on_other_days_nor_for_blocked_suppliers(org, coordinator, buyer):
    supplier = _supplier(org, coordinator, buyer, next_evaluation_on=TODAY - dt.timedelta(days=3))
    _cert(supplier, coordinator, 45)
    blocked = _supplier(org, coordinator, buyer, status="blocked", status_reason="Bad")
    _cert(blocked, coordinator, 30)
    assert reminders.run_supplier_reminders(now=NOW, dry_run=True) == []
