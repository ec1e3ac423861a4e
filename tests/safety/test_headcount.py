"""The PAPRIPACT (from 50 employees, Code du travail L4121-3-1) and the yearly update of the
DUERP (from 11, R4121-2) are decided on the company's headcount, not the site's: on the
demo's figures, Roanne has 44 people and the company 140."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from amelio.core.demo import DEMO_UNITS
from amelio.core.models import OrgUnit, RoleAssignment, User
from amelio.core.permissions import Role
from amelio.core.services import record_create, record_transition
from amelio.safety import services
from amelio.safety.models import Assessment, Duerp
from amelio.safety.views import duerp_context

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def company(db):
    """The demo's organisation and its two sites, with the demo's figures."""
    units = {}
    for code, name, kind, parent, extra in DEMO_UNITS:
        if kind in ("organisation", "site"):
            units[code] = OrgUnit.objects.create(
                code=code, name=name, kind=kind, parent=units.get(parent), **extra
            )
    return units


@pytest.fixture
def qse(company):
    user = User.objects.create_user(username="claire", first_name="Claire")
    RoleAssignment.objects.create(user=user, org_unit=company["FMR"], role=Role.COORDINATOR)
    return user


def _published_duerp(unit, user, matrix, family) -> Duerp:
    duerp = record_create(record=Duerp(title="DUERP", org_unit=unit, owner=user), user=user)
    line = Assessment(
        duerp=duerp,
        org_unit=unit,
        activity="Traitement de surface",
        family=family,
        hazard="Bains acides",
        situation="Projections lors du remplissage",
        matrix=matrix,
        gross_likelihood=3,
        gross_severity=3,
    )
    record_create(record=line, user=user)
    with time_machine.travel(NOW, tick=False):
        return record_transition(record=duerp, user=user, name="publish", comment="v1")


def test_the_demo_figures_count_the_company(company):
    assert (company["ROA"].headcount, company["LYO"].headcount) == (44, 96)
    assert company["FMR"].headcount is None
    assert services.company_headcount(company["ROA"]) == 140
    assert services.company_headcount(company["FMR"]) == 140


def test_roanne_gets_the_papripact_and_the_yearly_update(company, qse, matrix, family):
    duerp = _published_duerp(company["ROA"], qse, matrix, family)
    assert duerp.next_review == dt.date(2027, 3, 2)
    version = duerp.versions.get()
    assert (version.data["headcount"], version.data["company_headcount"]) == (44, 140)
    assert version.data["programme"] == "papripact"
    context = duerp_context(duerp, qse)
    assert (context["programme_kind"], context["company_headcount"]) == ("papripact", 140)
    plan, _incomplete = services.programme_write(duerp=duerp, year=2026, user=qse)
    assert plan.name == "PAPRIPACT 2026 – Site de Roanne"


def test_the_organisation_own_headcount_prevails(company, qse, matrix, family):
    """A company of 9 people (the figure entered on the organisation) has neither, whatever
    its sites say."""
    OrgUnit.objects.filter(code="FMR").update(headcount=9)
    duerp = _published_duerp(company["ROA"], qse, matrix, family)
    assert duerp.next_review is None
    assert duerp_context(duerp, qse)["programme_kind"] == "action_list"
    plan, _incomplete = services.programme_write(duerp=duerp, year=2026, user=qse)
    assert plan.name == "Actions de prévention 2026 – Site de Roanne"
