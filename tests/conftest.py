"""Shared fixtures: an organisation with two sites and personas, as in healthchecks' hc/test.py.

- coordinator: QSE coordinator on the whole organisation;
- manager: manager of site A; employee: contributor on site A; reader: reader on site A;
- auditor: auditor on the whole organisation;
- outsider: manager of site B only, who must get 404 on everything of site A.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from hypothesis import settings as hypothesis_settings

from amelio.core.models import OrgUnit, RoleAssignment, User
from amelio.core.permissions import Role, model_action

# Property tests check behaviour, not speed: a loaded CI machine must not fail them on time.
hypothesis_settings.register_profile("amelio", deadline=None)
hypothesis_settings.load_profile("amelio")


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_collection_modifyitems(items):
    """The tests on the demo company run last, in their order: the demo is loaded once for
    all of them (`demo_company`) and stays until the end of the run, so every other test
    must have run before, on an empty database."""
    items.sort(key=lambda item: "demo_company" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def demo_company(django_db_setup, django_db_blocker):
    """The demo company (*Forges et Mécanique du Rhône*), loaded once for the whole run and
    rolled back at its end: loading it takes about 25 seconds, and a dozen modules read it.
    Each test still runs in its own savepoint, so what a test changes is undone after it."""
    from amelio.core.demo import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(db):
    """Organisation > site A (department, work unit), site B."""
    root = OrgUnit.objects.create(kind="organisation", name="Acme", code="ACME")
    site_a = OrgUnit.objects.create(
        kind="site",
        name="Site A",
        code="A",
        parent=root,
        headcount=100,
        hours_worked_per_year=160000,
    )
    dept_a = OrgUnit.objects.create(
        kind="department", name="Production A", code="A-PROD", parent=site_a
    )
    unit_a = OrgUnit.objects.create(
        kind="work_unit", name="Machining A", code="A-MACH", parent=dept_a
    )
    site_b = OrgUnit.objects.create(kind="site", name="Site B", code="B", parent=root)
    return {"root": root, "a": site_a, "a_dept": dept_a, "a_unit": unit_a, "b": site_b}


def _person(username: str, role: str, unit: OrgUnit) -> User:
    user = User.objects.create_user(username=username, password="pw", first_name=username.title())
    RoleAssignment.objects.create(user=user, org_unit=unit, role=role)
    return user


@pytest.fixture
def coordinator(org):
    return _person("coordinator", Role.COORDINATOR, org["root"])


@pytest.fixture
def manager(org, request):
    person = _person("manager", Role.MANAGER, org["a"])
    # The generic register tests write as the manager of site A. A register of settings that
    # asks more than a manager's role (`REQUIRED_ACTIONS`: retention rules, legal holds) is
    # written by the coordinator of that same site, so the scope checks stay the same.
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    reg = params.get("reg")
    if reg is not None and model_action(reg.model, "add") != "add":
        RoleAssignment.objects.create(user=person, org_unit=org["a"], role=Role.COORDINATOR)
    return person


@pytest.fixture
def employee(org):
    return _person("employee", Role.CONTRIBUTOR, org["a"])


@pytest.fixture
def reader(org):
    return _person("reader", Role.READER, org["a"])


@pytest.fixture
def auditor(org):
    return _person("auditor", Role.AUDITOR, org["root"])


@pytest.fixture
def outsider(org):
    return _person("outsider", Role.MANAGER, org["b"])


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client logged in as `user`."""

    def login(user):
        client.force_login(user)
        return client

    return login
