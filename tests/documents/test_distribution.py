"""Who must acknowledge a document, the acknowledgement rate and its refresh, and the rules of
acknowledging (amelio.documents.distribution)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from amelio.core.models import RoleAssignment, User
from amelio.core.permissions import Role
from amelio.documents import distribution
from amelio.documents.access import concerned_people
from amelio.documents.models import Acknowledgement, Document
from tests.documents.distribution_factories import distribute, make_document, publish

PARIS = ZoneInfo("Europe/Paris")
MARCH_2 = dt.date(2026, 3, 2)


@pytest.fixture
def welder(org):
    user = User.objects.create_user(username="welder", password="pw", first_name="Welder")
    RoleAssignment.objects.create(user=user, org_unit=org["a_unit"], role=Role.CONTRIBUTOR)
    return user


@pytest.fixture
def people(coordinator, manager, employee, reader, auditor, outsider, welder):
    return {
        "coordinator": coordinator,
        "manager": manager,
        "employee": employee,
        "reader": reader,
        "auditor": auditor,
        "outsider": outsider,
        "welder": welder,
    }


def _names(users) -> list[str]:
    return [u.username for u in users]


# Who is concerned -----------------------------------------------------------------------------


def test_a_person_line_concerns_that_person(org, people):
    document = make_document(org["a"])
    distribute(document, person=people["employee"])
    assert _names(concerned_people(document)) == ["employee"]


def test_a_unit_line_concerns_everyone_with_a_role_on_it_or_below(org, people):
    document = make_document(org["a"])
    distribute(document, org_unit=org["a"])
    assert _names(concerned_people(document)) == ["employee", "manager", "reader", "welder"]


def test_a_work_unit_line_concerns_only_its_people(org, people):
    document = make_document(org["a"])
    distribute(document, org_unit=org["a_unit"])
    assert _names(concerned_people(document)) == ["welder"]


def test_a_role_line_concerns_its_holders_who_may_read_the_document(org, people):
    document = make_document(org["a"])
    distribute(document, role=Role.MANAGER)
    # The manager of site B holds the role but may not read a document of site A.
    assert _names(concerned_people(document)) == ["manager"]
    distribute(document, role=Role.CONTRIBUTOR)
    assert _names(concerned_people(document)) == ["employee", "manager", "welder"]


def test_lines_add_up_without_duplicates(org, people):
    document = make_document(org["a"])
    distribute(document, person=people["welder"])
    distribute(document, org_unit=org["a_unit"])
    distribute(document, person=people["coordinator"])
    assert _names(concerned_people(document)) == ["coordinator", "welder"]


def test_a_confidential_document_concerns_only_its_distribution(org, people):
    document = make_document(org["a"], confidentiality="confidential")
    distribute(document, person=people["employee"])
    assert _names(concerned_people(document)) == ["employee"]


def test_no_distribution_concerns_nobody(org, people):
    assert concerned_people(make_document(org["a"])) == []


# The rate ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acknowledged", "concerned", "expected"),
    [
        (2, 3, Decimal("66.7")),
        (1, 3, Decimal("33.3")),
        (1, 8, Decimal("12.5")),
        (0, 5, Decimal("0.0")),
        (5, 5, Decimal("100.0")),
        (0, 0, None),
    ],
)
def test_rate_is_a_percentage_with_one_decimal(acknowledged, concerned, expected):
    assert distribution.rate(acknowledged, concerned) == expected


def _acknowledge(version, person, when=dt.datetime(2026, 3, 3, 10, tzinfo=PARIS)):
    return Acknowledgement.objects.create(version=version, person=person, acknowledged_at=when)


def _stored(document) -> tuple:
    document = Document.objects.get(pk=document.pk)
    return (document.concerned_count, document.acknowledged_count, document.acknowledgement_rate)


def test_refresh_counts_the_acknowledgements_of_the_current_version(org, people):
    document = make_document(org["a"])
    distribute(document, org_unit=org["a"])
    version = publish(document, MARCH_2)
    _acknowledge(version, people["employee"])
    distribution.refresh_acknowledgements(document)
    assert _stored(document) == (4, 1, Decimal("25.0"))
    assert document.acknowledgement_rate == Decimal("25.0")
    _acknowledge(version, people["welder"])
    _acknowledge(version, people["reader"])
    distribution.refresh_acknowledgements(document)
    assert _stored(document) == (4, 3, Decimal("75.0"))


def test_a_new_version_needs_new_acknowledgements(org, people):
    document = make_document(org["a"])
    distribute(document, org_unit=org["a_unit"])
    _acknowledge(publish(document, MARCH_2), people["welder"])
    distribution.refresh_acknowledgements(document)
    assert _stored(document) == (1, 1, Decimal("100.0"))
    publish(document, dt.date(2026, 4, 1))
    distribution.refresh_acknowledgements(document)
    assert _stored(document) == (1, 0, Decimal("0.0"))


def test_without_a_published_version_there_is_no_rate(org, people):
    document = make_document(org["a"])
    distribute(document, org_unit=org["a"])
    distribution.refresh_acknowledgements(document)
    assert _stored(document) == (4, 0, None)


def test_nobody_concerned_gives_no_rate(org, people):
    document = make_document(org["a"])
    publish(document, MARCH_2)
    distribution.refresh_acknowledgements(document)
    assert _stored(document) == (0, 0, None)


def test_a_person_no_longer_concerned_no_longer_counts(org, people):
    document = make_document(org["a"])
    line = distribute(document, person=people["employee"])
    distribute(document, person=people["manager"])
    _acknowledge(publish(document, MARCH_2), people["employee"])
    distribution.refresh_acknowledgements(document)
    assert _stored(document) == (2, 1, Decimal("50.0"))
    line.delete()
    distribution.refresh_acknowledgements(document)
    assert _stored(document) == (1, 0, Decimal("0.0"))


def test_refresh_leaves_the_edit_version_and_history_alone(org, people):
    document = make_document(org["a"])
    distribute(document, person=people["employee"])
    publish(document, MARCH_2)
    before = Document.objects.get(pk=document.pk)
    distribution.refresh_acknowledgements(document)
    after = Document.objects.get(pk=document.pk)
    assert (after.version, after.updated_at) == (before.version, before.updated_at)


# Acknowledging -----------------------------------------------------------------------------


def test_a_person_concerned_acknowledges_once(org, people):
    document = make_document(org["a"])
    distribute(document, org_unit=org["a_unit"])
    distribute(document, person=people["employee"])
    version = publish(document, MARCH_2)
    first = dt.datetime(2026, 3, 3, 9, 30, tzinfo=PARIS)
    with time_machine.travel(first, tick=False):
        distribution.acknowledge(document=document, person=people["welder"])
    assert document.acknowledgement_rate == Decimal("50.0")
    with time_machine.travel(dt.datetime(2026, 3, 5, 14, tzinfo=PARIS), tick=False):
        again = distribution.acknowledge(document=document, person=people["welder"])
    assert Acknowledgement.objects.filter(version=version).count() == 1
    assert again.acknowledged_at == first
    assert _stored(document) == (2, 1, Decimal("50.0"))
    assert distribution.has_acknowledged(people["welder"], document)
    assert not distribution.has_acknowledged(people["employee"], document)


def test_a_person_not_concerned_cannot_acknowledge(org, people):
    document = make_document(org["a"])
    distribute(document, person=people["employee"])
    publish(document, MARCH_2)
    for name in ("coordinator", "reader", "outsider"):
        with pytest.raises(ValidationError):
            distribution.acknowledge(document=document, person=people[name])
    assert Acknowledgement.objects.count() == 0


def test_nothing_to_acknowledge_before_publication_or_after_withdrawal(org, people):
    document = make_document(org["a"])
    distribute(document, person=people["employee"])
    with pytest.raises(ValidationError):
        distribution.acknowledge(document=document, person=people["employee"])
    publish(document, MARCH_2)
    document.status = "withdrawn"
    document.save()
    with pytest.raises(ValidationError):
        distribution.acknowledge(document=document, person=people["employee"])
    assert Acknowledgement.objects.count() == 0


def test_readings_list_everyone_concerned_with_their_date(org, people):
    document = make_document(org["a"])
    distribute(document, org_unit=org["a_unit"])
    distribute(document, person=people["employee"])
    version = publish(document, MARCH_2)
    when = dt.datetime(2026, 3, 4, 8, 15, tzinfo=PARIS)
    _acknowledge(version, people["employee"], when)
    found = distribution.readings(document)
    assert [(r.person.username, r.acknowledged_at) for r in found] == [
        ("employee", when),
        ("welder", None),
    ]


def test_documents_to_read_are_those_not_acknowledged_yet(org, people):
    employee = people["employee"]
    first = make_document(org["a"], code="PR-1")
    distribute(first, person=employee)
    _acknowledge(publish(first, MARCH_2), employee)
    second = make_document(org["root"], code="PR-2")
    distribute(second, role=Role.CONTRIBUTOR)
    publish(second, dt.date(2026, 3, 10))
    third = make_document(org["a"], code="PR-3")
    distribute(third, org_unit=org["a"])
    publish(third, dt.date(2026, 2, 1))
    draft = make_document(org["a"], code="PR-4")
    distribute(draft, person=employee)
    elsewhere = make_document(org["b"], code="PR-5")
    distribute(elsewhere, role=Role.CONTRIBUTOR)
    publish(elsewhere, MARCH_2)
    reachable = Document.objects.for_user(employee, "view")
    found = distribution.documents_to_read(employee, reachable)
    assert [d.code for d in found] == ["PR-2", "PR-3"]
    publish(first, dt.date(2026, 3, 20))
    found = distribution.documents_to_read(employee, reachable)
    assert [d.code for d in found] == ["PR-1", "PR-2", "PR-3"]
