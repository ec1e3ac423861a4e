"""Roles on the org-unit tree: inherited downwards, scoped by one condition."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amelio.context.models import ContextIssue
from amelio.core.models import RoleAssignment
from amelio.core.permissions import ROLE_ACTIONS, Role, can, unit_scope, units_for
from tests.samples import make_record


def test_role_table_is_the_documented_one():
    assert ROLE_ACTIONS[Role.READER] == {"view", "export"}
    assert ROLE_ACTIONS[Role.CONTRIBUTOR] == {"view", "export", "comment", "add"}
    assert ROLE_ACTIONS[Role.AUDITOR] == {"view", "export", "comment", "add"}
    assert ROLE_ACTIONS[Role.MANAGER] == {
        "view",
        "export",
        "comment",
        "add",
        "change",
        "archive",
        "import",
    }
    assert ROLE_ACTIONS[Role.COORDINATOR] == ROLE_ACTIONS[Role.MANAGER] | {"approve", "personal"}
    assert "administer" in ROLE_ACTIONS[Role.ADMINISTRATOR]


def test_a_role_is_inherited_by_every_unit_below(org, manager):
    assert can(manager, "change", org["a"])
    assert can(manager, "change", org["a_unit"])
    assert not can(manager, "view", org["b"])
    assert not can(manager, "view", org["root"])


def test_units_for_lists_the_subtree(org, manager, coordinator):
    assert list(units_for(manager, "view").order_by("path")) == [
        org["a"],
        org["a_dept"],
        org["a_unit"],
    ]
    assert units_for(coordinator, "view").count() == 5


def test_root_role_adds_no_condition(org, coordinator):
    assert unit_scope(coordinator, "view") is None


def test_scope_is_one_query_without_id_lists(org, coordinator, manager):
    make_record_issue = [make_record_for(org, coordinator, unit) for unit in ("a", "a_unit", "b")]
    with CaptureQueriesContext(connection) as queries:
        visible = list(ContextIssue.objects.for_user(manager))
    assert sorted(r.pk for r in visible) == sorted(r.pk for r in make_record_issue[:2])
    roles_sql, records_sql = (q["sql"] for q in queries.captured_queries)
    assert "core_roleassignment" in roles_sql
    sql = records_sql
    assert '"org_unit_id" IN (SELECT' in sql
    assert "LIKE" in sql


def make_record_for(org, user, unit_key):
    from amelio.core.registry import registry

    return make_record(registry.get("context.contextissue"), org[unit_key], user)


def test_user_without_role_sees_nothing(org, coordinator, django_user_model):
    make_record_for(org, coordinator, "a")
    nobody = django_user_model.objects.create_user("nobody", password="pw")
    assert ContextIssue.objects.for_user(nobody).count() == 0
    assert not can(nobody, "view", org["a"])


def test_inactive_user_sees_nothing(org, manager, coordinator):
    make_record_for(org, coordinator, "a")
    manager.is_active = False
    assert ContextIssue.objects.for_user(manager).count() == 0


def test_archived_unit_grants_nothing(org, manager, coordinator):
    from django.utils import timezone

    make_record_for(org, coordinator, "a")
    org["a"].archived_at = timezone.now()
    org["a"].save()
    manager.refresh_from_db()
    assert ContextIssue.objects.for_user(manager).count() == 0


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.READER, False),
        (Role.CONTRIBUTOR, False),
        (Role.MANAGER, True),
    ],
)
def test_change_needs_manager_or_above(org, django_user_model, role, expected):
    user = django_user_model.objects.create_user(f"u-{role}", password="pw")
    RoleAssignment.objects.create(user=user, org_unit=org["a"], role=role)
    assert can(user, "change", org["a_unit"]) is expected


def test_rules_backend_answers_has_perm(org, manager, coordinator):
    record = make_record_for(org, coordinator, "a_unit")
    other = make_record_for(org, coordinator, "b")
    assert manager.has_perm("amelio.change", record)
    assert not manager.has_perm("amelio.view", other)
    assert not manager.has_perm("amelio.approve", record)
