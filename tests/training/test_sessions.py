"""Training sessions: registering people, recording who was present and passed, the closed
attendance list (on every path until it is reopened), the skill given to those who passed,
the measures the session publishes, the signature sheet, and the scope of another site."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from amelio.core import services as core
from amelio.training import services
from amelio.training.models import Attendance, PersonSkill, Skill, TrainingSession
from tests.training.session_helpers import attend, make_session, person

NOON = dt.datetime(2026, 3, 20, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def staff(org):
    return {
        "karim": person("kbenali", "Karim", "Benali", org["a_unit"], email="k@example.com"),
        "nadia": person("nfaure", "Nadia", "Faure", org["a_unit"]),
        "lucas": person("lmoreau", "Lucas", "Moreau", org["a_dept"]),
        "bruno": person("bmathieu", "Bruno", "Mathieu", org["b"]),
    }


@pytest.fixture
def skill(org, coordinator):
    return core.record_create(
        record=Skill(code="SST", name="Sauveteur secouriste du travail", kind="certificate",
                     validity_months=24, org_unit=org["root"]),
        user=coordinator,
    )  # fmt: skip


def test_a_unit_registers_everyone_holding_a_role_on_it_or_below(org, manager, staff, frozen):
    session = make_session(org["a"], manager)
    added = services.attendees_add(
        session=session, people=services.people_of_unit(org["a_dept"]), user=manager
    )
    assert [a.person.username for a in added] == ["kbenali", "nfaure", "lmoreau"]
    # Registering the same people again adds nobody; the site adds its manager.
    again = services.attendees_add(
        session=session, people=services.people_of_unit(org["a"]), user=manager
    )
    assert [a.person.username for a in again] == ["manager"]
    assert Attendance.objects.filter(session=session).count() == 4


def test_a_person_is_registered_once(org, manager, staff, frozen):
    session = make_session(org["a"], manager)
    attend(session, [staff["karim"]], manager)
    with pytest.raises(ValidationError) as error:
        attend(session, [staff["karim"]], manager)
    assert "already registered" in str(error.value)


def test_the_session_publishes_attendees_and_trainee_hours(org, manager, staff, frozen):
    session = make_session(org["a"], manager, duration_hours=Decimal("3.5"))
    karim, nadia, lucas = attend(session, [staff["karim"], staff["nadia"], staff["lucas"]], manager)
    marks = [
        services.Mark(karim, True, None, None),
        services.Mark(nadia, True, None, Decimal(2)),
        services.Mark(lucas, False, None, None),
    ]
    assert services.attendance_record(marks=marks, user=manager) == 3
    session.refresh_from_db()
    assert (session.attendee_count, session.trainee_hours) == (2, Decimal("5.50"))
    # A longer session: those present without hours of their own follow.
    session.duration_hours = Decimal(7)
    core.record_update(record=session, user=manager, expected_version=session.version)
    session.refresh_from_db()
    assert session.trainee_hours == Decimal("9.00")
    # Archived, an attendee no longer counts.
    core.record_archive(record=Attendance.objects.get(pk=nadia.pk), user=manager)
    session.refresh_from_db()
    assert (session.attendee_count, session.trainee_hours) == (1, Decimal("7.00"))


def test_closing_the_list_needs_the_session_held_and_presence_recorded(org, manager, staff):
    with time_machine.travel(NOON, tick=False):
        session = make_session(org["a"], manager, start_date=dt.date(2026, 3, 25))
        attend(session, [staff["karim"], staff["nadia"]], manager, kbenali=(True, None))
        session.refresh_from_db()
        with pytest.raises(ValidationError) as early:
            core.record_transition(record=session, user=manager, name="hold")
        assert early.value.messages == [
            "The session starts on 03/25/2026: record it as held once it has taken place."
        ]
    with time_machine.travel(NOON + dt.timedelta(days=6), tick=False):
        with pytest.raises(ValidationError) as missing:
            core.record_transition(record=session, user=manager, name="hold")
        assert missing.value.messages == ["Say whether 1 attendee was present."]
        assert TrainingSession.objects.get(pk=session.pk).status == "planned"


def test_a_session_of_a_skill_is_assessed(org, manager, skill, frozen):
    with pytest.raises(ValidationError) as error:
        make_session(org["a"], manager, skill=skill)
    assert "assessed" in error.value.message_dict


def test_those_present_who_passed_get_the_skill(org, manager, coordinator, staff, skill, frozen):
    session = make_session(
        org["a"], manager, skill=skill, assessed=True, trainer_kind="external",
        training_body="Croix-Rouge Formation", end_date=dt.date(2026, 3, 11),
    )  # fmt: skip
    attend(
        session,
        [staff["karim"], staff["nadia"], staff["lucas"]],
        manager,
        kbenali=(True, True),
        nfaure=(True, False),
        lmoreau=(False, None),
    )
    core.record_transition(record=session, user=manager, name="hold")
    held = PersonSkill.objects.filter(skill=skill)
    assert [(h.person.username, h.obtained_on, h.issued_by) for h in held] == [
        ("kbenali", dt.date(2026, 3, 11), "Croix-Rouge Formation")
    ]
    assert held.get().source == TrainingSession.objects.get(pk=session.pk)


def test_closing_needs_the_results_of_an_assessed_session(org, manager, staff, frozen):
    session = make_session(org["a"], manager, assessed=True)
    attend(session, [staff["karim"]], manager, kbenali=(True, None))
    with pytest.raises(ValidationError) as error:
        core.record_transition(record=session, user=manager, name="hold")
    assert error.value.messages == ["Give the assessment result of 1 attendee present."]


def test_a_closed_list_cannot_change_on_any_path_until_reopened(
    org, manager, staff, client_for, frozen
):
    session = make_session(org["a"], manager)
    (karim,) = attend(session, [staff["karim"]], manager, kbenali=(True, None))
    core.record_transition(record=session, user=manager, name="hold")
    locked = "is “Held”: its attendees can no longer be added, changed or archived."
    # Services.
    with pytest.raises(ValidationError) as added:
        services.attendees_add(session=session, people=[staff["nadia"]], user=manager)
    assert locked in added.value.messages[0]
    karim.refresh_from_db()
    karim.present = False
    with pytest.raises(ValidationError):
        core.record_update(record=karim, user=manager, expected_version=None)
    # The session page's forms and the register's form.
    client = client_for(manager)
    page = client.get(f"/training/sessions/{session.pk}/")
    assert page.context["attendance_locked"] is True
    assert page.context["add_form"] is None and page.context["may_mark"] is False
    client.post(
        f"/training/sessions/{session.pk}/attendees/add/", {"person": "nfaure"}, follow=True
    )
    client.post(f"/training/sessions/{session.pk}/attendees/mark/", {f"a{karim.pk}-present": "no"})
    edit = client.post(
        f"/training/attendees/{karim.pk}/edit/",
        {"session": session.pk, "org_unit": org["a"].pk, "person": staff["karim"].pk,
         "present": "false", "version": karim.version},
    )  # fmt: skip
    # The form comes back with the reason.
    assert edit.status_code == 200
    assert "its attendees can no longer be added, changed or archived." in edit.content.decode()
    # The API.
    created = client.post(
        "/api/v1/training/attendees/",
        {"session": session.pk, "org_unit": "A", "person": staff["nadia"].pk},
        content_type="application/json",
    )
    assert created.status_code == 400
    changed = client.patch(
        f"/api/v1/training/attendees/{karim.pk}/", {"present": False},
        content_type="application/json",
    )  # fmt: skip
    assert changed.status_code == 400
    assert list(Attendance.objects.values_list("person__username", "present")) == [
        ("kbenali", True)
    ]
    # Reopened (with a reason), the list opens again.
    with pytest.raises(ValidationError):
        core.record_transition(record=session, user=manager, name="reopen")
    core.record_transition(record=session, user=manager, name="reopen", comment="Nadia oubliée")
    services.attendees_add(session=session, people=[staff["nadia"]], user=manager)
    assert Attendance.objects.filter(session=session).count() == 2


def test_the_grid_records_presence_results_and_hours(org, manager, staff, client_for, frozen):
    session = make_session(org["a"], manager, assessed=True)
    karim, nadia = attend(session, [staff["karim"], staff["nadia"]], manager)
    response = client_for(manager).post(
        f"/training/sessions/{session.pk}/attendees/mark/",
        {
            f"a{karim.pk}-present": "yes",
            f"a{karim.pk}-passed": "yes",
            f"a{karim.pk}-hours": "6.5",
            f"a{nadia.pk}-present": "no",
            f"a{nadia.pk}-passed": "yes",
            f"a{nadia.pk}-hours": "",
        },
    )
    assert response.status_code == 302
    rows = Attendance.objects.order_by("person__last_name").values_list(
        "person__username", "present", "passed", "hours_attended"
    )
    # Absent, Nadia neither passed nor attended an hour, whatever was ticked.
    assert list(rows) == [("kbenali", True, True, Decimal("6.50")), ("nfaure", False, None, None)]


def test_the_page_adds_a_unit_or_a_person(org, manager, staff, client_for, frozen):
    session = make_session(org["a"], manager)
    client = client_for(manager)
    client.post(f"/training/sessions/{session.pk}/attendees/add/", {"unit": org["a_unit"].pk})
    client.post(f"/training/sessions/{session.pk}/attendees/add/", {"person": "lmoreau"})
    unknown = client.post(
        f"/training/sessions/{session.pk}/attendees/add/", {"person": "nobody"}, follow=True
    )
    assert "Nobody has this user name" in unknown.content.decode()
    names = Attendance.objects.order_by("person__username").values_list("person__username")
    assert [n for (n,) in names] == ["kbenali", "lmoreau", "nfaure"]


def test_another_site_gets_404_by_page_and_api(org, manager, outsider, staff, client_for, frozen):
    session = make_session(org["a"], manager)
    (karim,) = attend(session, [staff["karim"]], manager)
    client = client_for(outsider)
    for url in (
        f"/training/sessions/{session.pk}/",
        f"/training/sessions/{session.pk}/signature-sheet.pdf",
        f"/training/sessions/{session.pk}/survey-links/",
        f"/training/attendees/{karim.pk}/",
        f"/api/v1/training/sessions/{session.pk}/",
        f"/api/v1/training/attendees/{karim.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/training/sessions/{session.pk}/attendees/add/",
        f"/training/sessions/{session.pk}/attendees/mark/",
    ):
        assert client.post(url, {"person": "bmathieu"}).status_code == 404, url
    assert client.get("/api/v1/training/sessions/").json()["results"] == []
    assert Attendance.objects.count() == 1


def test_a_reader_sees_the_session_but_cannot_change_the_attendance(
    org, manager, reader, staff, client_for, frozen
):
    session = make_session(org["a"], manager)
    (karim,) = attend(session, [staff["karim"]], manager)
    client = client_for(reader)
    page = client.get(f"/training/sessions/{session.pk}/")
    assert page.status_code == 200
    assert page.context["add_form"] is None and page.context["may_mark"] is False
    assert client.post(f"/training/sessions/{session.pk}/attendees/add/", {}).status_code == 403
    mark = client.post(
        f"/training/sessions/{session.pk}/attendees/mark/", {f"a{karim.pk}-present": "yes"}
    )
    assert mark.status_code == 403
    assert client.get(f"/training/sessions/{session.pk}/survey-links/").status_code == 403


def test_the_signature_sheet_lists_the_attendees(org, manager, staff, client_for, frozen):
    pypdf = pytest.importorskip("pypdf")
    session = make_session(
        org["a"], manager, title="Gestes et postures — manutention", place="Salle QSE",
        end_date=dt.date(2026, 3, 11), trainer_kind="external", training_body="Prévencia",
    )  # fmt: skip
    attend(session, [staff["karim"], staff["nadia"]], manager)
    response = client_for(manager).get(f"/training/sessions/{session.pk}/signature-sheet.pdf")
    if response.status_code == 302:
        pytest.skip("WeasyPrint is not available here")
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "SIGNATURE SHEET",
        "Gestes et postures — manutention",
        "BENALI Karim",
        "FAURE Nadia",
        "Prévencia",
        "Salle QSE",
        "Signature 03/10/2026",
        "Signature 03/11/2026",
    ):
        assert expected in text, expected
    assert "MOREAU" not in text


def test_a_long_session_signs_in_one_column():
    from amelio.training.views_sessions import sheet_days

    session = TrainingSession(start_date=dt.date(2026, 3, 9), end_date=dt.date(2026, 3, 11))
    assert sheet_days(session) == [dt.date(2026, 3, 9), dt.date(2026, 3, 10), dt.date(2026, 3, 11)]
    session.end_date = dt.date(2026, 3, 20)
    assert sheet_days(session) == [None]


def test_a_certificate_is_attached_once_the_list_is_closed(org, manager, staff, frozen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = make_session(org["a"], manager)
    (karim,) = attend(session, [staff["karim"]], manager, kbenali=(True, None))
    core.record_transition(record=session, user=manager, name="hold")
    upload = SimpleUploadedFile("attestation.pdf", b"%PDF-1.4 test", "application/pdf")
    attachment = core.attachment_add(
        record=karim, user=manager, upload=upload, description="Attestation de formation"
    )
    assert (attachment.target, attachment.original_name) == (karim, "attestation.pdf")
