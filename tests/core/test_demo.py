"""The demo company and the `amelio demo` safety net."""

import pytest
from django.core.management import CommandError, call_command

from amelio.context.models import ContextIssue, InterestedParty, ManagementText
from amelio.core.demo import DEMO_PASSWORD, DEMO_STAFF, load_demo
from amelio.core.models import OrgUnit, User


def test_demo_loads_the_company(demo_company, db):
    assert OrgUnit.objects.filter(kind="site").count() == 2
    assert sum(OrgUnit.objects.filter(kind="site").values_list("headcount", flat=True)) == 140
    # The five accounts that log in, and the staff the records name (no password: they are
    # people in the matrix, the attendance sheets and the distribution lists).
    assert set(User.objects.values_list("username", flat=True)) == {
        "admin",
        "coordinator",
        "manager",
        "auditor",
        "employee",
    } | {username for username, *_rest in DEMO_STAFF}
    assert len(DEMO_STAFF) == 22
    assert not any(
        User.objects.get(username=username).has_usable_password() for username, *_rest in DEMO_STAFF
    )
    assert User.objects.get(username="manager").check_password(DEMO_PASSWORD)
    assert ContextIssue.objects.count() == 21
    assert InterestedParty.objects.count() == 15
    assert sorted(ManagementText.objects.values_list("status", flat=True)) == [
        "approved",
        "approved",
        "superseded",
    ]


def test_demo_is_idempotent(demo_company, db):
    load_demo()
    assert ContextIssue.objects.count() == 21


def test_demo_refuses_a_database_with_other_data(db, capsys):
    OrgUnit.objects.create(kind="organisation", name="Real company", code="REAL")
    with pytest.raises(CommandError) as error:
        call_command("demo", "--no-serve")
    assert "Real company" in str(error.value)
    assert not User.objects.exists()


def test_demo_manager_sees_only_his_site(demo_company, db):
    manager = User.objects.get(username="manager")
    units = set(ContextIssue.objects.for_user(manager).values_list("org_unit__code", flat=True))
    assert units == {"LYO"}
