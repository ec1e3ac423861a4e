"""The control plan at work: a control recorded moves its characteristic's due date, a value
out of limits or a "not conform" raises a nonconformity in the same transaction, the phone
page records through the core services, the SPC indicator is made once and computes the
records' values, and the responsible is reminded of the controls due and overdue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from amelio.core import services as core
from amelio.core.models import Attachment
from amelio.indicators.models import Indicator
from amelio.nonconformities.models import Nonconformity
from amelio.riskanalysis import reminders_control, services_control
from amelio.riskanalysis.models import ControlCharacteristic, ControlPlan, ControlRecord

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 10))
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _english_and_frozen(settings):
    settings.LANGUAGE_CODE = "en"
    settings.AMELIO_REMINDER_DAYS = 7
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(org, coordinator):
    plan = ControlPlan(title="Machining line", product="Flange F-200", org_unit=org["a"])
    return core.record_create(record=plan, user=coordinator)


def _characteristic(plan, user, **fields) -> ControlCharacteristic:
    values = {
        "plan": plan,
        "org_unit": plan.org_unit,
        "name": "Ø 25 H7 bore",
        "special_class": "SC",
        "lsl": D("25.000"),
        "usl": D("25.021"),
        "nominal": D("25.010"),
        "unit": "mm",
        "method": "Bore gauge",
        "instrument": "Bore gauge 18-35 mm",
        "frequency_unit": "day",
        "reaction_plan": "Stop the machine, sort the parts since the last good control.",
        **fields,
    }
    return core.record_create(record=ControlCharacteristic(**values), user=user)


@pytest.fixture
def bore(plan, coordinator, employee):
    return _characteristic(plan, coordinator, responsible=employee)


@pytest.fixture
def visual(plan, coordinator):
    return _characteristic(
        plan,
        coordinator,
        name="Burrs on the bore edge",
        data_type="attribute",
        special_class="",
        lsl=None,
        usl=None,
        nominal=None,
        unit="",
    )


def _record(characteristic, user, **fields) -> ControlRecord:
    record = ControlRecord(
        characteristic=characteristic, org_unit=characteristic.org_unit, **fields
    )
    return core.record_create(record=record, user=user)


# --- Records, due dates and nonconformities --------------------------------------------------


def test_a_new_characteristic_is_due_the_day_it_is_added(bore):
    assert bore.next_due == TODAY
    assert bore.last_controlled_at is None
    assert bore.specification == "25 – 25.021 mm"
    assert bore.frequency == "every 1 day(s)"


def test_limits_are_written_in_the_reader_s_language(bore):
    with translation.override("fr"):
        assert bore.specification == "25 – 25,021 mm"


def test_a_value_within_limits_conforms_and_moves_the_due_date(bore, employee):
    record = _record(bore, employee, value=D("25.021"), conform=False)
    assert record.conform is True  # computed from the limits, whatever was sent
    assert record.nonconformity is None
    assert record.measured_by == employee
    bore.refresh_from_db()
    assert bore.last_controlled_at == NOW
    assert bore.next_due == dt.date(2026, 6, 16)
    assert Nonconformity.objects.count() == 0


def test_a_control_entered_late_leaves_the_due_date(bore, employee):
    _record(bore, employee, value=D("25.010"))
    _record(bore, employee, value=D("25.010"), measured_at=NOW - dt.timedelta(days=3))
    bore.refresh_from_db()
    assert (bore.last_controlled_at, bore.next_due) == (NOW, dt.date(2026, 6, 16))


def test_a_value_out_of_limits_raises_a_nonconformity_linked_to_the_record(bore, plan, employee):
    record = _record(bore, employee, value=D("25.031"), comment="Tool worn")
    assert record.conform is False
    nc = Nonconformity.objects.get()
    assert record.nonconformity == nc
    assert ControlRecord.objects.get(pk=record.pk).nonconformity_id == nc.pk
    assert nc.title == "Ø 25 H7 bore: 25.031 mm out of limits (25 – 25.021 mm)"
    assert (nc.nc_type, nc.severity, nc.status) == ("internal", "major", "draft")
    assert nc.source_record == record
    assert (nc.org_unit, nc.owner, nc.created_by) == (record.org_unit, employee, employee)
    assert nc.detected_on == TODAY
    assert nc.product == "Flange F-200"
    assert nc.detection_place == f"{plan.reference} Machining line"
    assert nc.description == (
        "Tool worn\n\nReaction plan: Stop the machine, sort the parts since the last good control."
    )
    assert nc.qqoqccp_how == "Bore gauge — Bore gauge 18-35 mm"


def test_a_critical_characteristic_raises_a_critical_nonconformity(plan, coordinator, employee):
    cc = _characteristic(plan, coordinator, special_class="CC", lsl=None, nominal=None)
    _record(cc, employee, value=D("25.05"))
    assert Nonconformity.objects.get().severity == "critical"
    assert cc.specification == "≤ 25.021 mm"


def test_an_attribute_not_conform_raises_a_nonconformity(visual, employee):
    _record(visual, employee, conform=True)
    assert Nonconformity.objects.count() == 0
    record = _record(visual, employee, conform=False)
    nc = Nonconformity.objects.get()
    assert (nc.title, nc.severity) == ("Burrs on the bore edge: not conform", "minor")
    assert record.nonconformity == nc


def test_the_record_is_not_saved_when_its_nonconformity_cannot_be(bore, employee, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ValidationError("refused")

    monkeypatch.setattr(Nonconformity, "full_clean", refuse)
    with pytest.raises(ValidationError):
        _record(bore, employee, value=D("26"))
    assert ControlRecord.objects.count() == 0
    bore.refresh_from_db()
    assert bore.next_due == TODAY


def test_a_record_gives_a_value_or_a_conformity_as_its_characteristic_asks(bore, visual, employee):
    with pytest.raises(ValidationError) as missing:
        _record(bore, employee)
    assert missing.value.message_dict == {"value": ["Give the value measured."]}
    with pytest.raises(ValidationError) as given:
        _record(visual, employee, value=D("1"))
    assert given.value.message_dict == {
        "value": ["This check is conform or not: it takes no value."]
    }
    assert ControlRecord.objects.count() == 0


def test_a_characteristic_has_one_source_at_most_and_coherent_limits(plan, coordinator):
    from amelio.riskanalysis.models import HaccpHazard, HazopDeviation

    hazard, deviation = HaccpHazard(pk=1), HazopDeviation(pk=1)
    characteristic = ControlCharacteristic(
        plan=plan, org_unit=plan.org_unit, name="x", lsl=D("2"), usl=D("1")
    )
    characteristic.haccp_hazard, characteristic.hazop_deviation = hazard, deviation
    with pytest.raises(ValidationError) as refused:
        characteristic.clean()
    assert set(refused.value.message_dict) == {"hazop_deviation", "usl"}
    characteristic.haccp_hazard = characteristic.hazop_deviation = None
    characteristic.lsl = characteristic.usl = None
    with pytest.raises(ValidationError) as refused:
        characteristic.clean()
    assert refused.value.message_dict == {
        "lsl": ["Give the lower limit, the upper limit, or both."]
    }
    characteristic.lsl, characteristic.usl, characteristic.nominal = D("1"), D("2"), D("3")
    with pytest.raises(ValidationError) as refused:
        characteristic.clean()
    assert refused.value.message_dict == {
        "nominal": ["The nominal value must be within the limits."]
    }


def test_an_approved_plan_freezes_its_characteristics_not_their_controls(
    plan, bore, coordinator, employee
):
    ControlPlan.objects.filter(pk=plan.pk).update(status="approved")
    assert core.parent_lock(bore)
    with pytest.raises(ValidationError):
        _characteristic(plan, coordinator, name="Another")
    _record(bore, employee, value=D("25.01"))
    assert ControlRecord.objects.count() == 1


# --- The phone page ---------------------------------------------------------------------------


def test_the_phone_page_records_a_value_and_its_photo(bore, employee, client_for):
    client = client_for(employee)
    url = reverse("riskanalysis:control_record", args=[bore.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'inputmode="decimal"' in html and 'capture="environment"' in html
    assert "25 – 25.021 mm" in html and "Stop the machine" in html
    photo = SimpleUploadedFile("bore.jpg", b"\xff\xd8\xff jpeg", content_type="image/jpeg")
    sent = client.post(url, {"value": "25,031", "comment": "Tool worn", "photo": photo})
    assert sent.status_code == 302 and sent["Location"] == url
    record = ControlRecord.objects.get()
    assert (record.value, record.conform, record.measured_by) == (D("25.031"), False, employee)
    assert record.measured_at == NOW
    assert record.nonconformity.title.startswith("Ø 25 H7 bore: 25.031 mm")
    attachment = Attachment.objects.get()
    assert (attachment.target, attachment.original_name) == (record, "bore.jpg")
    message = [str(m) for m in client.get(url).context["messages"]]
    assert message == [
        f"{record} recorded: not conform. Nonconformity {record.nonconformity.reference} "
        "raised; apply the reaction plan."
    ]


def test_the_phone_page_asks_conform_or_not_for_an_attribute(visual, employee, client_for):
    client = client_for(employee)
    url = reverse("riskanalysis:control_record", args=[visual.pk])
    assert "conform-yes" in client.get(url).content.decode()
    refused = client.post(url, {"comment": "?"})
    assert refused.status_code == 200 and "conform" in refused.context["form"].errors
    assert client.post(url, {"conform": "yes"}).status_code == 302
    assert list(ControlRecord.objects.values_list("conform", "value")) == [(True, None)]


def test_a_refused_photo_leaves_no_record(bore, employee, client_for):
    client = client_for(employee)
    url = reverse("riskanalysis:control_record", args=[bore.pk])
    script = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    page = client.post(url, {"value": "25.01", "photo": script})
    assert page.status_code == 200 and "photo" in page.context["form"].errors
    assert ControlRecord.objects.count() == 0


def test_another_sites_user_gets_404_and_a_reader_403(bore, outsider, reader, client_for):
    urls = [
        reverse("riskanalysis:control_record", args=[bore.pk]),
        reverse("riskanalysis:control_spc", args=[bore.pk]),
    ]
    client = client_for(outsider)
    assert client.get(urls[0]).status_code == 404
    assert client.post(urls[0], {"value": "25.01"}).status_code == 404
    assert client.post(urls[1]).status_code == 404
    client = client_for(reader)
    assert client.get(urls[0]).status_code == 403
    assert client.post(urls[1]).status_code == 403
    assert (ControlRecord.objects.count(), Indicator.objects.count()) == (0, 0)


def test_the_characteristic_page_lists_the_controls_and_offers_the_buttons(
    bore, employee, manager, client_for
):
    _record(bore, employee, value=D("25.031"))
    page = client_for(manager).get(
        reverse("riskanalysis:controlcharacteristic_detail", args=[bore.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("riskanalysis:control_record", args=[bore.pk]) in html
    assert reverse("riskanalysis:control_spc", args=[bore.pk]) in html
    assert Nonconformity.objects.get().reference in html
    records = reverse("riskanalysis:controlrecord_list")
    assert f"{records}?characteristic={bore.pk}" in html
    listed = client_for(manager).get(records, {"characteristic": bore.pk})
    assert [r["record"].value for r in listed.context["rows"]] == [D("25.031")]
    assert [r.value for r in page.context["records"]] == [D("25.031")]


def test_the_plan_page_lists_its_characteristics_due_first(plan, bore, visual, manager, client_for):
    ControlCharacteristic.objects.filter(pk=visual.pk).update(next_due=dt.date(2026, 6, 13))
    page = client_for(manager).get(reverse("riskanalysis:controlplan_detail", args=[plan.pk]))
    assert page.status_code == 200
    rows = [(c.pk, state) for c, state in page.context["characteristics"]]
    assert rows == [(visual.pk, "overdue"), (bore.pk, "due")]
    html = page.content.decode()
    assert "Overdue since 06/13/2026" in html and "Due today" in html
    assert "25 – 25.021 mm" in html and "conform / not conform" in html


# --- SPC ----------------------------------------------------------------------------------------


def test_the_spc_indicator_is_made_once_and_computes_the_records_values(
    bore, employee, manager, client_for
):
    values = {
        dt.datetime(2026, 3, 10, 9): D("25.008"),
        dt.datetime(2026, 4, 10, 9): D("25.012"),
        dt.datetime(2026, 5, 11, 9): D("25.004"),
        dt.datetime(2026, 5, 25, 9): D("25.010"),  # two in May: their average
    }
    for moment, value in values.items():
        _record(bore, employee, value=value, measured_at=timezone.make_aware(moment))
    client = client_for(manager)
    url = reverse("riskanalysis:control_spc", args=[bore.pk])
    created = client.post(url)
    indicator = Indicator.objects.get()
    assert created["Location"] == reverse("indicators:indicator_detail", args=[indicator.pk])
    assert (indicator.source, indicator.source_register, indicator.aggregation) == (
        "computed",
        "riskanalysis.controlrecord",
        "average",
    )
    assert (indicator.source_field, indicator.source_filter) == (
        "value",
        f"characteristic={bore.pk}",
    )
    assert (indicator.chart_type, indicator.lsl, indicator.usl) == ("individuals", 25.0, 25.021)
    assert (indicator.unit, indicator.decimals, indicator.owner) == ("mm", 3, employee)
    assert list(indicator.values.values_list("period", "value")) == [
        (dt.date(2026, 3, 1), pytest.approx(25.008)),
        (dt.date(2026, 4, 1), pytest.approx(25.012)),
        (dt.date(2026, 5, 1), pytest.approx(25.007)),
    ]
    bore.refresh_from_db()
    assert bore.indicator == indicator
    client.post(url)
    assert Indicator.objects.count() == 1
    page = client.get(reverse("riskanalysis:controlcharacteristic_detail", args=[bore.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert url not in html
    assert reverse("indicators:indicator_detail", args=[indicator.pk]) in html


def test_an_attribute_feeds_no_control_chart(visual, manager):
    with pytest.raises(ValidationError):
        services_control.spc_indicator_create(characteristic=visual, user=manager)
    assert Indicator.objects.count() == 0


# --- Reminders ----------------------------------------------------------------------------------


def test_the_responsible_is_told_of_the_controls_due_and_overdue(plan, coordinator, employee):
    employee.email, employee.language = "karim@example.com", "en"
    employee.save()
    due_today = _characteristic(plan, coordinator, responsible=employee, name="Due today")
    late = _characteristic(plan, coordinator, responsible=employee, name="Late")
    quiet = _characteristic(plan, coordinator, responsible=employee, name="Late, not today")
    ControlCharacteristic.objects.filter(pk=late.pk).update(next_due=TODAY - dt.timedelta(7))
    ControlCharacteristic.objects.filter(pk=quiet.pk).update(next_due=TODAY - dt.timedelta(3))
    sent = reminders_control.run_control_reminders(now=NOW, dry_run=False)
    assert sent == [("karim@example.com", "Amelio: 2 controls to do")]
    body = mail.outbox[0].body
    assert f"{late} ({plan.reference}, every 1 day(s)): overdue since 06/08/2026" in body
    assert f"{due_today} ({plan.reference}, every 1 day(s)): due today" in body
    assert "Late, not today" not in body
    assert reverse("riskanalysis:control_record", args=[late.pk]) in body


def test_a_control_done_is_no_longer_reminded(bore, employee):
    employee.email = "karim@example.com"
    employee.save()
    _record(bore, employee, value=D("25.01"))
    assert reminders_control.run_control_reminders(now=NOW, dry_run=True) == []
    tomorrow = NOW + dt.timedelta(days=1)
    assert reminders_control.run_control_reminders(now=tomorrow, dry_run=True) == [
        ("karim@example.com", "Amelio: 1 control to do")
    ]
    assert mail.outbox == []
