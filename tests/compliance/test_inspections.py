"""Periodic inspections: due dates per rule (extension after a clear report, first inspection
after commissioning, month ends), out of service when overdue, the equipment page, the year's
plan and its workbook, scoping, and the reminders at a frozen moment."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.utils import translation

from amelio.compliance import inspections as service
from amelio.compliance.computations import add_months
from amelio.compliance.models import (
    Equipment,
    EquipmentCategory,
    Inspection,
    InspectionRule,
    Observation,
)
from amelio.compliance.reference_data import ensure_reference_data
from amelio.compliance.reminders_inspections import run_inspection_reminders
from amelio.core.services import record_archive, record_create, record_restore, record_update

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TODAY = dt.datetime(2026, 6, 15, 9, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _rules(db, settings):
    """The shipped rules, and English pages and labels."""
    settings.LANGUAGE_CODE = "en"
    ensure_reference_data()
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _equipment(org, user, category: str, unit: str = "a", **fields) -> Equipment:
    record = Equipment(
        name=fields.pop("name", f"{category} 1"),
        org_unit=org[unit],
        category=EquipmentCategory.objects.get(key=category),
        **fields,
    )
    return record_create(record=record, user=user)


def _inspection(equipment, user, rule: str, on: dt.date, result="no_observation") -> Inspection:
    record = Inspection(
        equipment=equipment,
        org_unit=equipment.org_unit,
        rule=InspectionRule.objects.get(key=rule),
        performed_on=on,
        result=result,
    )
    return record_create(record=record, user=user)


def _observation(inspection, user, title="Missing cover", lifted_on=None) -> Observation:
    record = Observation(
        inspection=inspection,
        org_unit=inspection.org_unit,
        title=title,
        lifted_on=lifted_on,
        how_lifted="Cache remis en place." if lifted_on else "",
    )
    return record_create(record=record, user=user)


def _dates(equipment) -> tuple:
    equipment.refresh_from_db()
    return equipment.last_inspected_on, equipment.next_due


def test_months_are_added_as_calendar_months_clamped_to_the_month_end():
    assert add_months(dt.date(2026, 1, 31), 6) == dt.date(2026, 7, 31)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)


def test_electrical_installations_every_12_months_24_after_a_clear_report(org, coordinator, frozen):
    installation = _equipment(org, coordinator, "electrical", commissioned_on=dt.date(2024, 9, 1))
    assert _dates(installation) == (None, dt.date(2025, 9, 1))
    first = _inspection(installation, coordinator, "electrical-periodic", dt.date(2025, 3, 1))
    assert _dates(installation) == (dt.date(2025, 3, 1), dt.date(2026, 3, 1))

    # The extension notified: 24 months after a report without observation.
    installation.extension_notified = True
    record_update(record=installation, user=coordinator, expected_version=installation.version)
    assert _dates(installation) == (dt.date(2025, 3, 1), dt.date(2027, 3, 1))

    # A report with an observation still open: back to 12 months.
    second = _inspection(
        installation, coordinator, "electrical-periodic", dt.date(2026, 2, 1), "observations"
    )
    assert _dates(installation) == (dt.date(2026, 2, 1), dt.date(2027, 2, 1))
    observation = _observation(second, coordinator)
    assert _dates(installation) == (dt.date(2026, 2, 1), dt.date(2027, 2, 1))

    # Once it is lifted: 24 months again.
    observation.lifted_on = dt.date(2026, 4, 2)
    observation.how_lifted = "Cache remis en place."
    record_update(record=observation, user=coordinator, expected_version=observation.version)
    assert _dates(installation) == (dt.date(2026, 2, 1), dt.date(2028, 2, 1))
    schedule = service.rule_schedule(installation, dt.date(2026, 6, 15))
    assert [(s.rule.key, s.months, s.extended, s.next_due, s.state) for s in schedule] == [
        ("electrical-periodic", 24, True, dt.date(2028, 2, 1), "ok")
    ]
    assert schedule[0].last == second
    assert first.pk != second.pk


def test_a_report_with_observations_none_recorded_is_not_clear(org, coordinator, frozen):
    installation = _equipment(org, coordinator, "electrical", extension_notified=True)
    _inspection(
        installation, coordinator, "electrical-periodic", dt.date(2026, 1, 10), "observations"
    )
    assert _dates(installation) == (dt.date(2026, 1, 10), dt.date(2027, 1, 10))


def test_pressure_equipment_first_inspection_and_requalification(org, coordinator, frozen):
    vessel = _equipment(
        org, coordinator, "pressure_equipment", commissioned_on=dt.date(2024, 3, 15)
    )
    schedule = service.rule_schedule(vessel, dt.date(2026, 6, 15))
    assert [(s.rule.key, s.months, s.next_due, s.state, s.rule.confirmed) for s in schedule] == [
        ("pressure-inspection", 36, dt.date(2027, 3, 15), "ok", True),
        ("pressure-requalification", 120, dt.date(2034, 3, 15), "ok", False),
    ]
    assert _dates(vessel) == (None, dt.date(2027, 3, 15))

    _inspection(vessel, coordinator, "pressure-inspection", dt.date(2026, 5, 10))
    schedule = service.rule_schedule(vessel, dt.date(2026, 6, 15))
    assert [(s.rule.key, s.months, s.next_due) for s in schedule] == [
        ("pressure-inspection", 48, dt.date(2030, 5, 10)),
        ("pressure-requalification", 120, dt.date(2034, 3, 15)),
    ]
    assert _dates(vessel) == (dt.date(2026, 5, 10), dt.date(2030, 5, 10))


def test_the_equipment_is_due_at_its_earliest_rule(org, coordinator, frozen):
    boiler = _equipment(org, coordinator, "steam_generator", commissioned_on=dt.date(2025, 1, 20))
    # Inspection every 24 months, requalification every 120 months.
    assert _dates(boiler) == (None, dt.date(2027, 1, 20))
    _inspection(boiler, coordinator, "steam-requalification", dt.date(2026, 1, 5))
    assert _dates(boiler) == (dt.date(2026, 1, 5), dt.date(2027, 1, 20))


def test_out_of_service_when_overdue_and_it_must_stop(org, coordinator, frozen):
    today = dt.date(2026, 6, 15)
    hoist = _equipment(
        org, coordinator, "lifting", commissioned_on=dt.date(2025, 4, 20), stop_when_overdue=True
    )
    crane = _equipment(
        org, coordinator, "lifting", name="Crane", commissioned_on=dt.date(2025, 4, 20)
    )
    assert (hoist.next_due, crane.next_due) == (dt.date(2026, 4, 20), dt.date(2026, 4, 20))
    assert service.in_service(hoist, today) is False
    assert service.service_state(hoist, today) == (
        "stopped",
        "Out of service: inspection overdue",
    )
    assert service.in_service(crane, today) is True
    assert service.service_state(crane, today) == ("overdue", "Overdue")
    # Before the due date the hoist may be used.
    assert service.in_service(hoist, dt.date(2026, 4, 20)) is True

    crane.withdrawn = True
    record_update(record=crane, user=coordinator, expected_version=crane.version)
    assert service.service_state(crane, today) == ("withdrawn", "Out of service: withdrawn")

    _inspection(hoist, coordinator, "lifting-vgp", dt.date(2026, 6, 1))
    hoist.refresh_from_db()
    assert (hoist.next_due, service.in_service(hoist, today)) == (dt.date(2027, 6, 1), True)
    assert service.service_state(hoist, today) == ("ok", "Up to date")


def test_archiving_the_last_inspection_brings_the_due_date_back(org, coordinator, frozen):
    door = _equipment(org, coordinator, "automatic_doors", commissioned_on=dt.date(2025, 2, 1))
    _inspection(door, coordinator, "automatic-doors", dt.date(2025, 8, 1))
    last = _inspection(door, coordinator, "automatic-doors", dt.date(2026, 2, 1))
    assert _dates(door) == (dt.date(2026, 2, 1), dt.date(2026, 8, 1))
    record_archive(record=last, user=coordinator)
    assert _dates(door) == (dt.date(2025, 8, 1), dt.date(2026, 2, 1))
    record_restore(record=last, user=coordinator)
    assert _dates(door) == (dt.date(2026, 2, 1), dt.date(2026, 8, 1))


def test_archiving_the_open_observation_lengthens_the_period(org, coordinator, frozen):
    installation = _equipment(org, coordinator, "electrical", extension_notified=True)
    report = _inspection(
        installation, coordinator, "electrical-periodic", dt.date(2026, 1, 10), "observations"
    )
    first = _observation(report, coordinator, lifted_on=dt.date(2026, 2, 1))
    second = _observation(report, coordinator, title="Unlabelled circuit")
    assert _dates(installation) == (dt.date(2026, 1, 10), dt.date(2027, 1, 10))
    record_archive(record=second, user=coordinator)
    assert _dates(installation) == (dt.date(2026, 1, 10), dt.date(2028, 1, 10))
    assert first.lifted_on == dt.date(2026, 2, 1)


def test_the_equipment_page_shows_its_state_schedule_and_inspections(
    org, coordinator, outsider, client_for, frozen
):
    vessel = _equipment(
        org,
        coordinator,
        "pressure_equipment",
        name="Air receiver",
        commissioned_on=dt.date(2022, 3, 15),
        stop_when_overdue=True,
    )
    report = _inspection(
        vessel, coordinator, "pressure-requalification", dt.date(2026, 5, 4), "observations"
    )
    _observation(report, coordinator, title="Corrosion on the base")
    response = client_for(coordinator).get(f"/compliance/equipment/{vessel.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Out of service" in page
    assert "An inspection has been overdue since 03/15/2025" in page
    schedule = response.context["schedule"]
    assert [(s.rule.key, s.next_due, s.state, len(s.open_observations)) for s in schedule] == [
        ("pressure-inspection", dt.date(2025, 3, 15), "overdue", 0),
        ("pressure-requalification", dt.date(2036, 5, 4), "ok", 1),
    ]
    assert "to verify" in page
    assert "arrêté du 20 novembre 2017, art. 18" in page
    assert "Corrosion on the base" in page
    assert (
        f'href="/compliance/inspections/add/?equipment={vessel.pk}&amp;org_unit={org["a"].pk}"'
        in page
    )
    assert [i.pk for i in response.context["equipment_inspections"]] == [report.pk]

    # The add form takes the equipment and unit from the link.
    form = client_for(coordinator).get(
        f"/compliance/inspections/add/?equipment={vessel.pk}&org_unit={org['a'].pk}"
    )
    assert form.context["form"].initial["equipment"] == str(vessel.pk)

    assert client_for(outsider).get(f"/compliance/equipment/{vessel.pk}/").status_code == 404


def test_the_list_shows_the_state_column(org, coordinator, client_for, frozen):
    _equipment(
        org,
        coordinator,
        "lifting",
        name="Hoist",
        commissioned_on=dt.date(2025, 4, 20),
        stop_when_overdue=True,
    )
    page = client_for(coordinator).get("/compliance/equipment/").content.decode()
    assert "Out of service: inspection overdue" in page


@pytest.fixture
def plan_records(org, coordinator, outsider, frozen):
    """Site A: an installation done in February, a hoist overdue since April, a door due in
    September; site B: a compressor due in March 2027."""
    installation = _equipment(
        org,
        coordinator,
        "electrical",
        name="Main switchboard",
        commissioned_on=dt.date(2025, 1, 10),
    )
    _inspection(installation, coordinator, "electrical-periodic", dt.date(2026, 2, 1))
    hoist = _equipment(
        org, coordinator, "lifting", name="Hoist", commissioned_on=dt.date(2025, 4, 20)
    )
    door = _equipment(
        org, coordinator, "automatic_doors", name="Dock door", commissioned_on=dt.date(2025, 1, 1)
    )
    _inspection(door, coordinator, "automatic-doors", dt.date(2026, 3, 10))
    compressor = _equipment(
        org,
        coordinator,
        "pressure_equipment",
        unit="b",
        name="Compressor B",
        commissioned_on=dt.date(2024, 3, 15),
    )
    return {"installation": installation, "hoist": hoist, "door": door, "compressor": compressor}


def _marks(rows) -> list:
    return [
        (
            row.equipment.name,
            row.rule.key,
            [(m.day, m.kind) for marks in row.months for m in marks],
        )
        for row in rows
    ]


def test_the_plan_marks_the_months_due_overdue_and_done(plan_records, coordinator, client_for):
    response = client_for(coordinator).get("/compliance/equipment/plan/")
    assert response.status_code == 200
    assert response.context["year"] == 2026
    assert _marks(response.context["rows"]) == [
        ("Main switchboard", "electrical-periodic", [(dt.date(2026, 2, 1), "done")]),
        ("Hoist", "lifting-vgp", [(dt.date(2026, 4, 20), "overdue")]),
        (
            "Dock door",
            "automatic-doors",
            [(dt.date(2026, 3, 10), "done"), (dt.date(2026, 9, 10), "due")],
        ),
        ("Compressor B", "pressure-inspection", []),
        ("Compressor B", "pressure-requalification", []),
    ]
    assert [(g["site"].code, g["category"].key) for g in response.context["groups"]] == [
        ("A", "electrical"),
        ("A", "lifting"),
        ("A", "automatic_doors"),
        ("B", "pressure_equipment"),
    ]
    # The hoist is the one inspection late today (the measure compliance.inspections_overdue).
    assert response.context["counts"] == {"due": 1, "overdue": 1, "done": 2, "late": 1}
    page = response.content.decode()
    assert 'title="overdue 04/20/2026"' in page
    assert 'id="count-late"' in page

    # Next year: the door twice, the installation, the hoist projected, the compressor.
    following = client_for(coordinator).get("/compliance/equipment/plan/?year=2027")
    assert _marks(following.context["rows"]) == [
        ("Main switchboard", "electrical-periodic", [(dt.date(2027, 2, 1), "due")]),
        ("Hoist", "lifting-vgp", [(dt.date(2027, 4, 20), "due")]),
        (
            "Dock door",
            "automatic-doors",
            [(dt.date(2027, 3, 10), "due"), (dt.date(2027, 9, 10), "due")],
        ),
        ("Compressor B", "pressure-inspection", [(dt.date(2027, 3, 15), "due")]),
        ("Compressor B", "pressure-requalification", []),
    ]


def test_the_plan_follows_the_filters_and_the_scope(plan_records, outsider, client_for, org):
    response = client_for(outsider).get("/compliance/equipment/plan/")
    assert [r.equipment.name for r in response.context["rows"]] == [
        "Compressor B",
        "Compressor B",
    ]
    page = response.content.decode()
    assert "Hoist" not in page and "Main switchboard" not in page

    workbook = client_for(outsider).get("/compliance/equipment/plan/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    assert [[c.value for c in row][:8] for row in sheet.iter_rows(min_row=2, max_row=3)] == [
        [
            "Site B",
            "Pressure equipment (vessels, compressors)",
            plan_records["compressor"].reference,
            "Compressor B",
            "Periodic inspection of pressure equipment",
            48,
            dt.datetime(2027, 3, 15),
            "Up to date",
        ],
        [
            "Site B",
            "Pressure equipment (vessels, compressors)",
            plan_records["compressor"].reference,
            "Compressor B",
            "Periodic requalification of pressure equipment",
            120,
            dt.datetime(2034, 3, 15),
            "Up to date",
        ],
    ]
    assert "Hoist" not in [c.value for c in sheet["D"]]


def test_the_plan_workbook_holds_the_page_rows(plan_records, coordinator, client_for, org):
    response = client_for(coordinator).get(
        f"/compliance/equipment/plan/?export=xlsx&year=2026&org_unit={org['a'].pk}"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="inspection-plan-2026.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Site",
        "Equipment category",
        "Reference",
        "Equipment",
        "Inspection",
        "Periodicity (months)",
        "Next due",
        "State",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    none = [None] * 12

    def months(**found):
        cells = list(none)
        for index, day in found.items():
            cells[int(index[1:]) - 1] = day
        return cells

    assert rows[1:4] == [
        [
            "Site A",
            "Permanent electrical installations",
            plan_records["installation"].reference,
            "Main switchboard",
            "Periodic inspection of electrical installations",
            12,
            dt.datetime(2027, 2, 1),
            "Up to date",
            *months(m2=dt.datetime(2026, 2, 1)),
        ],
        [
            "Site A",
            "Lifting appliances (overhead cranes, hoists, fixed jib cranes)",
            plan_records["hoist"].reference,
            "Hoist",
            "Periodic general inspection of lifting appliances",
            12,
            dt.datetime(2026, 4, 20),
            "Overdue",
            *months(m4=dt.datetime(2026, 4, 20)),
        ],
        [
            "Site A",
            "Automatic and semi-automatic doors and gates",
            plan_records["door"].reference,
            "Dock door",
            "Maintenance and inspection of automatic doors and gates",
            6,
            dt.datetime(2026, 9, 10),
            "Up to date",
            *months(m3=dt.datetime(2026, 3, 10), m9=dt.datetime(2026, 9, 10)),
        ],
    ]
    assert rows[4] == [None] * 20
    assert rows[5][0] == "Colours: green = done, red = overdue, blue = due."


def test_the_reminders_list_what_is_overdue_or_due_soon(org, coordinator, employee, manager):
    for user, address in ((coordinator, "coordinator@example.com"), (employee, "emp@example.com")):
        user.email, user.language = address, "en"
        user.save()
    manager.email = "manager@example.com"
    manager.save()
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=PARIS), tick=False):
        hoist = _equipment(
            org,
            coordinator,
            "lifting",
            name="Hoist",
            commissioned_on=dt.date(2025, 4, 20),
            owner=employee,
            stop_when_overdue=True,
        )
        slings = _equipment(org, coordinator, "lifting_accessories", name="Slings", unit="a_unit")
        _inspection(slings, coordinator, "lifting-accessories", dt.date(2025, 7, 1))
        _equipment(org, coordinator, "lifting", name="Far", commissioned_on=dt.date(2026, 1, 1))
        _equipment(
            org,
            coordinator,
            "lifting",
            name="Scrapped",
            commissioned_on=dt.date(2024, 1, 1),
            withdrawn=True,
        )
    sent = run_inspection_reminders(now=TODAY)
    assert sent == [
        ("coordinator@example.com", "Amelio: 2 periodic inspections due"),
        ("emp@example.com", "Amelio: 1 periodic inspection due"),
    ]
    assert [m.to for m in mail.outbox] == [["coordinator@example.com"], ["emp@example.com"]]
    assert mail.outbox[0].body.splitlines() == [
        "Periodic inspections overdue or falling due soon:",
        "",
        f"- {hoist.reference} Hoist (Site A): Periodic general inspection of lifting appliances"
        " — overdue since 04/20/2026 — out of service until inspected",
        f"  http://127.0.0.1:8000/compliance/equipment/{hoist.pk}/",
        f"- {slings.reference} Slings (Machining A): Examination of the state of"
        " lifting accessories — due by 07/01/2026",
        f"  http://127.0.0.1:8000/compliance/equipment/{slings.pk}/",
        "",
        "Record the inspection and attach its report on the equipment once it is done.",
    ]
    assert mail.outbox[1].body.splitlines()[2].startswith(f"- {hoist.reference} Hoist")
    assert len(mail.outbox[1].body.splitlines()) == 6

    # A month earlier nothing was due within 30 days.
    mail.outbox.clear()
    earlier = dt.datetime(2026, 3, 1, 9, 0, tzinfo=PARIS)
    assert run_inspection_reminders(now=earlier) == []
    assert mail.outbox == []


def test_an_observation_is_lifted_with_how(org, coordinator):
    from django.core.exceptions import ValidationError

    equipment = record_create(
        record=Equipment(
            name="Armoire",
            category=EquipmentCategory.objects.get(key="electrical"),
            org_unit=org["a"],
        ),
        user=coordinator,
    )
    rule = equipment.category.rules.first()
    inspection = record_create(
        record=Inspection(
            equipment=equipment, rule=rule, org_unit=org["a"], performed_on=dt.date(2026, 1, 5)
        ),
        user=coordinator,
    )
    with pytest.raises(ValidationError) as refused:
        record_create(
            record=Observation(
                inspection=inspection,
                org_unit=org["a"],
                title="Obturateurs manquants",
                lifted_on=dt.date(2026, 1, 20),
            ),
            user=coordinator,
        )
    assert refused.value.message_dict == {"how_lifted": ["Say how the observation was lifted."]}


def test_the_plan_offers_no_year_past_its_range(client_for, coordinator):
    client = client_for(coordinator)
    last = client.get("/compliance/equipment/plan/?year=2100")
    assert (last.context["year"], last.context["next_url"]) == (2100, "")
    assert last.context["previous_url"].endswith("year=2099")
    first = client.get("/compliance/equipment/plan/?year=2000")
    assert first.context["previous_url"] == ""
