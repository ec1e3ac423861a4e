"""The weekly reminders of the library: the documents a person has not acknowledged a week
after their publication, and the reviews due of the documents an owner holds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation

from amelio.core.models import RoleAssignment, User
from amelio.core.permissions import Role
from amelio.documents import reminders_library
from amelio.documents.models import Acknowledgement
from tests.documents.distribution_factories import distribute, make_document, publish

PARIS = ZoneInfo("Europe/Paris")
MONDAY = dt.datetime(2026, 3, 2, 8, tzinfo=PARIS)
TUESDAY = dt.datetime(2026, 3, 3, 8, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def staff(org, manager, employee, reader, coordinator):
    for user, address in [
        (manager, "manager@acme.example"),
        (employee, "employee@acme.example"),
        (reader, "reader@acme.example"),
        (coordinator, "coordinator@acme.example"),
    ]:
        user.email = address
        user.language = "en"
        user.save()
    welder = User.objects.create_user(username="welder", first_name="Welder", language="en")
    RoleAssignment.objects.create(user=welder, org_unit=org["a_unit"], role=Role.CONTRIBUTOR)
    return {"manager": manager, "employee": employee, "reader": reader, "welder": welder}


@pytest.fixture
def library(org, staff):
    """PR-QUA-001, published on 20 Feb for site A, read by the employee only; IT-SOU-012,
    published on 27 Feb for the work unit and the reader; a draft for site A."""
    procedure = make_document(org["a"], owner=staff["manager"], next_review_on=dt.date(2026, 3, 20))
    distribute(procedure, org_unit=org["a"])
    version = publish(procedure, dt.date(2026, 2, 20))
    Acknowledgement.objects.create(
        version=version,
        person=staff["employee"],
        acknowledged_at=dt.datetime(2026, 2, 21, tzinfo=PARIS),
    )
    instruction = make_document(
        org["a"],
        code="IT-SOU-012",
        title="Soudage MAG châssis",
        kind="instruction",
        owner=staff["manager"],
        next_review_on=dt.date(2026, 2, 1),
    )
    distribute(instruction, org_unit=org["a_unit"])
    distribute(instruction, person=staff["reader"])
    publish(instruction, dt.date(2026, 2, 27))
    draft = make_document(
        org["a"], code="FOR-QUA-003", owner=staff["manager"], next_review_on=dt.date(2026, 3, 5)
    )
    distribute(draft, org_unit=org["a"])
    later = make_document(
        org["a"], code="PR-ENV-001", owner=staff["reader"], next_review_on=dt.date(2026, 4, 3)
    )
    publish(later, dt.date(2025, 4, 2))
    return {"procedure": procedure, "instruction": instruction}


def _run(now=MONDAY, dry_run=False, **options):
    return reminders_library.remind(now=now, dry_run=dry_run, options=options)


def test_on_monday_each_late_reader_and_owner_gets_one_email(library):
    report = _run()
    assert report.sent == (
        ("manager@acme.example", "Amelio: 1 document to read and acknowledge"),
        ("reader@acme.example", "Amelio: 1 document to read and acknowledge"),
        ("manager@acme.example", "Amelio: 2 documents to review"),
    )
    assert report.summary == "Document reminders: 3 e-mail(s)."
    assert [m.to for m in mail.outbox] == [
        ["manager@acme.example"],
        ["reader@acme.example"],
        ["manager@acme.example"],
    ]


def test_the_reading_email_lists_the_documents_and_the_page_to_acknowledge(library):
    _run()
    body = mail.outbox[1].body
    assert body == (
        "These documents concern you and you have not confirmed reading them yet:\n"
        "\n"
        "- PR-QUA-001 Maîtrise des documents, version 1 of 02/20/2026\n"
        "\n"
        "Open each one, read it, then click “I have read and understood”:\n"
        "http://127.0.0.1:8000/documents/to-read/"
    )


def test_the_review_email_lists_overdue_and_coming_reviews(library):
    _run()
    body = mail.outbox[2].body
    procedure, instruction = library["procedure"], library["instruction"]
    assert (
        f"- IT-SOU-012 Soudage MAG châssis — overdue since 02/01/2026\n"
        f"  http://127.0.0.1:8000/documents/documents/{instruction.pk}/\n"
        f"- PR-QUA-001 Maîtrise des documents — due by 03/20/2026\n"
        f"  http://127.0.0.1:8000/documents/documents/{procedure.pk}/\n"
    ) in body
    # The draft (no version in force) and the review in April are left out.
    assert "FOR-QUA-003" not in body
    assert "PR-ENV-001" not in body


def test_a_shorter_delay_reminds_the_newer_document_too(library):
    report = _run(acknowledge_within=3)
    # The reader is named on IT-SOU-012; the manager holds no role on its work unit.
    assert report.sent[:2] == (
        ("reader@acme.example", "Amelio: 2 documents to read and acknowledge"),
        ("manager@acme.example", "Amelio: 1 document to read and acknowledge"),
    )
    assert "- IT-SOU-012 Soudage MAG châssis, version 1 of 02/27/2026\n" in mail.outbox[0].body


def test_the_setting_gives_the_delay(library, settings):
    settings.AMELIO_ACKNOWLEDGEMENT_DAYS = 20
    report = _run()
    assert [subject for _to, subject in report.sent] == ["Amelio: 2 documents to review"]


def test_other_days_send_nothing_unless_asked(library):
    report = _run(now=TUESDAY)
    assert (report.sent, report.summary, mail.outbox) == ((), "", [])
    report = _run(now=TUESDAY, documents_any_day=True)
    assert len(report.sent) == 3


def test_a_dry_run_lists_and_sends_nothing(library):
    report = _run(dry_run=True)
    assert len(report.sent) == 3
    assert mail.outbox == []


def test_recipients_are_written_to_in_their_language(library, staff):
    staff["reader"].language = "fr"
    staff["reader"].save()
    _run()
    french = mail.outbox[1]
    assert french.extra_headers["Content-Language"] == "fr"
    assert "PR-QUA-001 Maîtrise des documents" in french.body
    assert "02/20/2026" not in french.body
    assert "20/02/2026" in french.body


def test_the_command_runs_the_library_reminders(library):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("remind", today=dt.date(2026, 3, 2), dry_run=True, stdout=out)
    assert "reader@acme.example: Amelio: 1 document to read and acknowledge" in out.getvalue()
    assert mail.outbox == []
