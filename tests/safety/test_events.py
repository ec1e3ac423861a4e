"""Safety events: the victim's personal data per role, stops from work and days lost, the
declaration deadline, the cause tree and the rates computed from events and hours."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from amelio.actions.models import Action, ActionLink
from amelio.core.models import RoleAssignment, User
from amelio.core.services import record_create, record_transition
from amelio.safety import services
from amelio.safety.models import CauseFact, HoursWorked, SafetyEvent

VICTIM = {
    "name": "Jeanne Vasseur",
    "job_title": "Press operator",
    "contract": "permanent",
    "medical_notes": "Deep cut on the left index finger, 4 stitches",
}


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def event(org, coordinator):
    record = SafetyEvent(
        title="Cut on a press brake",
        event_type="lost_time",
        occurred_at=at(dt.date(2026, 3, 6)),
        org_unit=org["a_unit"],
        description="The operator's finger was caught while adjusting the back gauge.",
        victim_status="employee",
        injury_nature="wound",
        body_location="fingers",
    )
    record_create(record=record, user=coordinator)
    services.victim_save(event=record, user=coordinator, data=VICTIM)
    return record


@pytest.fixture
def administrator(org):
    user = User.objects.create_user(username="admin", password="pw", first_name="Ada")
    RoleAssignment.objects.create(user=user, org_unit=org["root"], role="administrator")
    return user


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("administrator", True),
        ("coordinator", True),
        ("manager", False),
        ("auditor", False),
        ("employee", False),
        ("reader", False),
    ],
)
def test_victim_personal_data_per_role(role, sees, event, request, client_for):
    user = request.getfixturevalue(role)
    page = client_for(user).get(f"/safety/events/{event.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    content = page.content.decode()
    assert ("Jeanne Vasseur" in content) is sees
    assert ("4 stitches" in content) is sees
    assert "Cut on a press brake" in content
    if not sees:
        assert "shown only to those who may see personal data" in content


def test_personal_data_never_leaves_through_exports_api_or_history(event, coordinator, client_for):
    client = client_for(coordinator)
    workbook = client.get("/safety/events/export.xlsx")
    assert workbook.status_code == 200
    cells = [
        c.value
        for row in load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
        for c in row
    ]
    assert "Cut on a press brake" in cells
    assert not any("Vasseur" in str(c) for c in cells)
    api = client.get(f"/api/v1/safety/events/{event.pk}/")
    assert api.status_code == 200
    assert "Vasseur" not in api.content.decode()
    history = client.get(f"/safety/events/{event.pk}/history/")
    assert "Vasseur" not in history.content.decode()


def test_only_who_sees_personal_data_may_record_it(event, manager, client_for):
    with pytest.raises(PermissionDenied):
        services.victim_save(event=event, user=manager, data={"name": "Someone"})
    response = client_for(manager).post(f"/safety/events/{event.pk}/victim/", {"name": "X"})
    assert response.status_code == 403
    event.victim.refresh_from_db()
    assert event.victim.name == "Jeanne Vasseur"


def test_stops_count_calendar_days_and_keep_the_event_open(event, coordinator):
    services.lost_time_add(
        event=event,
        user=coordinator,
        kind="initial",
        start=dt.date(2026, 3, 6),
        end=dt.date(2026, 3, 15),
    )
    assert SafetyEvent.objects.get(pk=event.pk).days_lost == 9
    relapse = services.lost_time_add(
        event=event, user=coordinator, kind="relapse", start=dt.date(2026, 5, 4)
    )
    with pytest.raises(ValidationError) as error:
        record_transition(record=event, user=coordinator, name="close")
    assert error.value.messages == [
        "A stop from work is still open: give its end date before closing."
    ]
    services.lost_time_end(stop=relapse, user=coordinator, end=dt.date(2026, 5, 8))
    assert SafetyEvent.objects.get(pk=event.pk).days_lost == 14
    closed = record_transition(record=event, user=coordinator, name="close")
    assert closed.status == "closed"


def test_a_stop_before_the_event_or_ending_before_it_starts_is_refused(event, coordinator):
    with pytest.raises(ValidationError) as error:
        services.lost_time_add(
            event=event, user=coordinator, kind="initial", start=dt.date(2026, 3, 1)
        )
    assert error.value.message_dict["start"] == ["A stop cannot start before the event."]
    with pytest.raises(ValidationError) as error:
        services.lost_time_add(
            event=event,
            user=coordinator,
            kind="initial",
            start=dt.date(2026, 3, 9),
            end=dt.date(2026, 3, 8),
        )
    assert error.value.message_dict["end"] == ["The end comes before the start."]
    assert not event.lost_times.exists()


def test_near_misses_have_no_stop_and_no_injury(org, coordinator):
    near_miss = SafetyEvent(
        title="Pallet fell from a rack",
        event_type="near_miss",
        occurred_at=at(dt.date(2026, 4, 2)),
        org_unit=org["a_unit"],
        description="Nobody was under it.",
        body_location="head",
    )
    record_create(record=near_miss, user=coordinator)
    assert near_miss.body_location == ""
    assert near_miss.declaration_due is None
    with pytest.raises(ValidationError):
        services.lost_time_add(
            event=near_miss, user=coordinator, kind="initial", start=dt.date(2026, 4, 3)
        )


def test_declaration_is_due_48_hours_after_the_employer_learnt_of_it(event):
    # Friday 6 March 2026 at 10:00 -> Saturday counts, Sunday does not -> Monday 10:00.
    due = timezone.localtime(event.declaration_due)
    assert due.replace(tzinfo=None) == dt.datetime(2026, 3, 9, 10)
    assert event.declaration_late  # today is long after
    event.declared_on = dt.date(2026, 3, 7)
    assert not event.declaration_late


def test_an_event_in_the_future_is_refused(org, coordinator):
    record = SafetyEvent(
        title="Tomorrow",
        event_type="incident",
        occurred_at=timezone.now() + dt.timedelta(days=1),
        org_unit=org["a"],
        description="Not yet.",
    )
    with pytest.raises(ValidationError) as error:
        record_create(record=record, user=coordinator)
    assert error.value.message_dict["occurred_at"] == ["The event cannot be in the future."]


# --- Cause tree ---------------------------------------------------------------------------


def test_cause_tree_from_the_final_fact_backwards(event, coordinator, client_for):
    final = services.fact_add(event=event, user=coordinator, text="Cut on the left index")
    assert final.is_final
    with pytest.raises(ValidationError) as error:
        services.fact_add(event=event, user=coordinator, text="Gauge adjusted by hand")
    assert error.value.messages == ["Say which fact this one was necessary for."]
    hand = services.fact_add(
        event=event, user=coordinator, text="Hand in the die area", effect=final
    )
    pedal = services.fact_add(event=event, user=coordinator, text="Pedal pressed", effect=final)
    usual = services.fact_add(
        event=event,
        user=coordinator,
        text="Light curtain out of order for a week",
        kind="permanent",
        category="equipment",
        effect=hand,
    )
    services.fact_link(cause=usual, effect=pedal, user=coordinator)
    with pytest.raises(ValidationError) as error:
        services.fact_link(cause=final, effect=usual, user=coordinator)
    assert error.value.messages == ["A fact cannot be its own antecedent."]
    page = client_for(coordinator).get(
        f"/safety/events/{event.pk}/cause-tree/", HTTP_ACCEPT_LANGUAGE="en"
    )
    drawing = page.context["drawing"]
    assert len(drawing["facts"]) == 4
    assert len(drawing["edges"]) == 4
    assert drawing["conjunctions"] == frozenset({final.pk})
    content = page.content.decode()
    assert "<svg" in content and "<ellipse" in content
    assert "Light curtain out of order" in content


def test_a_fact_becomes_a_preventive_action_linked_to_the_event(event, coordinator):
    final = services.fact_add(event=event, user=coordinator, text="Cut on the left index")
    fact = services.fact_add(
        event=event, user=coordinator, text="Light curtain out of order", effect=final
    )
    action = services.fact_to_action(
        fact=fact,
        user=coordinator,
        title="Weekly test of the light curtains",
        owner=coordinator,
        due_date=dt.date(2026, 4, 30),
        criterion="Test sheet signed every Monday",
    )
    assert action.action_type == "preventive"
    link = ActionLink.objects.get(action=action)
    assert (link.object_id, link.role) == (event.pk, "preventive")
    assert CauseFact.objects.get(pk=fact.pk).action == action
    with pytest.raises(ValidationError):
        services.fact_to_action(
            fact=fact,
            user=coordinator,
            title="Again",
            owner=coordinator,
            due_date=dt.date(2026, 4, 30),
            criterion="x",
        )
    assert Action.objects.count() == 1


def test_facts_are_removed_from_the_leaves(event, coordinator):
    final = services.fact_add(event=event, user=coordinator, text="Cut")
    leaf = services.fact_add(event=event, user=coordinator, text="Hand in die", effect=final)
    with pytest.raises(ValidationError):
        services.fact_remove(fact=final, user=coordinator)
    services.fact_remove(fact=leaf, user=coordinator)
    services.fact_remove(fact=final, user=coordinator)
    assert not event.facts.exists()


def test_the_cause_tree_needs_the_change_right(event, employee, outsider, client_for):
    with pytest.raises(PermissionDenied):
        services.fact_add(event=event, user=employee, text="Something")
    assert client_for(outsider).get(f"/safety/events/{event.pk}/cause-tree/").status_code == 404


# --- Rates --------------------------------------------------------------------------------


def _accident(org, user, day, kind="lost_time", **fields):
    record = SafetyEvent(
        title=f"{kind} {day}",
        event_type=kind,
        occurred_at=at(day),
        org_unit=fields.pop("unit", org["a_unit"]),
        description="An accident.",
        victim_status=fields.pop("victim_status", "employee"),
        **fields,
    )
    return record_create(record=record, user=user)


def test_rates_from_events_stops_and_hours(org, coordinator, client_for):
    record_create(
        record=HoursWorked(org_unit=org["a"], year=2025, hours=Decimal(100_000), headcount=60),
        user=coordinator,
    )
    first = _accident(org, coordinator, dt.date(2025, 2, 3))
    services.lost_time_add(
        event=first,
        user=coordinator,
        kind="initial",
        start=dt.date(2025, 2, 4),
        end=dt.date(2025, 2, 23),
    )
    second = _accident(org, coordinator, dt.date(2025, 12, 22), ip_rate=Decimal(5))
    services.lost_time_add(
        event=second,
        user=coordinator,
        kind="initial",
        start=dt.date(2025, 12, 23),
        end=dt.date(2026, 1, 10),
    )
    _accident(org, coordinator, dt.date(2025, 6, 1), kind="no_lost_time")
    _accident(org, coordinator, dt.date(2025, 6, 2), kind="commuting")  # not counted
    _accident(org, coordinator, dt.date(2025, 6, 3), kind="near_miss")  # not counted
    counts = services.rate_counts(user=coordinator, years=[2025, 2026])
    year = counts[(org["a"].pk, 2025)]
    assert (year.lost_time, year.no_lost_time, year.recordable, year.dart) == (2, 1, 3, 2)
    assert year.days_lost == 20 + 9  # the days after 31 December fall in 2026
    assert counts[(org["a"].pk, 2026)].days_lost == 10
    assert year.ip_points == Decimal(5)
    by_accident = services.rate_counts(user=coordinator, years=[2025], by_accident_year=True)
    assert by_accident[(org["a"].pk, 2025)].days_lost == 39
    page = client_for(coordinator).get(
        "/safety/events/rates/", {"year": 2026}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    row = next(r for r in page.context["rows"] if r["label"] == "Site A" and r["year"] == 2025)
    assert f"{row['rates']['tf1']:.2f}" == "20.00"
    assert f"{row['rates']['tf2']:.2f}" == "30.00"
    assert f"{row['rates']['tg']:.2f}" == "0.29"
    assert f"{row['rates']['if_']:.2f}" == "33.33"
    assert f"{row['rates']['ig']:.2f}" == "50.00"
    assert f"{row['rates']['trir']:.2f}" == "6.00"
    no_hours = next(r for r in page.context["rows"] if r["label"] == "Site A" and r["year"] == 2026)
    assert no_hours["missing_hours"]
    assert "No hours worked entered: rates cannot be computed." in page.content.decode()


def test_temporary_workers_can_be_left_out(org, coordinator):
    record_create(
        record=HoursWorked(
            org_unit=org["a"], year=2025, hours=Decimal(100_000), temporary_hours=Decimal(10_000)
        ),
        user=coordinator,
    )
    _accident(org, coordinator, dt.date(2025, 2, 3), victim_status="temporary")
    _accident(org, coordinator, dt.date(2025, 3, 3))
    counts = services.rate_counts(user=coordinator, years=[2025], include_temporary=False)
    year = counts[(org["a"].pk, 2025)]
    assert (year.hours, year.lost_time) == (Decimal(90_000), 1)


def test_monthly_hours_add_up_and_a_later_entry_corrects_a_month(org, coordinator):
    for month in (1, 2):
        record_create(
            record=HoursWorked(org_unit=org["a_dept"], year=2025, month=month, hours=1000),
            user=coordinator,
        )
    record_create(
        record=HoursWorked(org_unit=org["a_dept"], year=2025, month=2, hours=1500),
        user=coordinator,
    )
    record_create(record=HoursWorked(org_unit=org["a"], year=2025, hours=20_000), user=coordinator)
    counts = services.rate_counts(user=coordinator, years=[2025])
    assert counts[(org["a"].pk, 2025)].hours == Decimal(22_500)


def test_rates_cover_only_the_sites_in_scope(org, coordinator, manager, client_for):
    record_create(
        record=HoursWorked(org_unit=org["b"], year=2025, hours=Decimal(50_000)),
        user=coordinator,
    )
    _accident(org, coordinator, dt.date(2025, 2, 3), unit=org["b"])
    counts = services.rate_counts(user=manager, years=[2025])
    assert set(counts) == {(org["a"].pk, 2025)}
    assert counts[(org["a"].pk, 2025)].lost_time == 0


def test_a_temporary_workers_accident_is_notified_to_the_agency_within_24_hours(org, coordinator):
    record = _accident(org, coordinator, dt.date(2026, 3, 4), victim_status="temporary")
    # Wednesday 4 March 10:00 -> Thursday 10:00.
    assert timezone.localtime(record.declaration_due).replace(tzinfo=None) == dt.datetime(
        2026, 3, 5, 10
    )
    visitor = _accident(org, coordinator, dt.date(2026, 3, 4), victim_status="visitor")
    assert visitor.declaration_due is None


def test_a_closed_event_is_read_only_until_reopened(event, coordinator):
    record_transition(record=event, user=coordinator, name="close")
    with pytest.raises(ValidationError) as error:
        services.fact_add(event=event, user=coordinator, text="Late fact")
    assert error.value.messages == ["This event is closed: reopen it to change it."]
    record_transition(record=event, user=coordinator, name="reopen", comment="Relapse")
    services.fact_add(event=event, user=coordinator, text="Cut")


def test_occupational_diseases_count_in_trir_not_in_the_accident_rates(org, coordinator):
    record_create(
        record=HoursWorked(org_unit=org["a"], year=2025, hours=Decimal(100_000)),
        user=coordinator,
    )
    disease = _accident(org, coordinator, dt.date(2025, 2, 3), kind="disease")
    services.lost_time_add(
        event=disease,
        user=coordinator,
        kind="initial",
        start=dt.date(2025, 2, 4),
        end=dt.date(2025, 2, 13),
    )
    year = services.rate_counts(user=coordinator, years=[2025])[(org["a"].pk, 2025)]
    assert (year.lost_time, year.days_lost, year.recordable, year.dart) == (0, 0, 1, 1)


def test_events_and_hours_belong_to_a_site_not_to_the_organisation(org, coordinator):
    with pytest.raises(ValidationError) as error:
        _accident(org, coordinator, dt.date(2026, 3, 4), unit=org["root"])
    assert error.value.message_dict["org_unit"] == [
        "Say on which site or in which unit it happened."
    ]
    with pytest.raises(ValidationError) as error:
        record_create(
            record=HoursWorked(org_unit=org["root"], year=2025, hours=Decimal(1000)),
            user=coordinator,
        )
    assert error.value.message_dict["org_unit"] == [
        "Enter the hours of a site or of a unit of a site."
    ]
