"""A project's reference, its rules, and its workflow: started by a coordinator once dated,
put on hold with a reason and resumed, closed only with the results achieved, cancelled with
a reason; its parts change only while it is open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from amelio.core import services
from amelio.projects import services as project_services
from amelio.projects.models import Milestone, Project, Stakeholder, TeamMember
from tests.projects.conftest import TODAY, make_project

pytestmark = pytest.mark.django_db


def _move(project, user, name, comment=""):
    services.record_transition(record=project, user=user, name=name, comment=comment)
    project.refresh_from_db()


def test_a_project_is_numbered_and_proposed(project):
    assert (project.reference, project.status) == ("PRJ-2026-0001", "proposed")


def test_a_project_cannot_end_before_it_starts(org, coordinator):
    project = Project(
        org_unit=org["a"],
        title="T",
        objective="O",
        domain="quality",
        start_date=dt.date(2026, 5, 1),
        planned_end=dt.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert set(refused.value.message_dict) == {"planned_end"}


def test_only_a_coordinator_starts_a_dated_project(org, project, coordinator, manager, frozen):
    with pytest.raises(ValidationError, match="pas le droit"):
        _move(project, manager, "start")
    undated = make_project(coordinator, org["a"], start_date=None)
    with pytest.raises(ValidationError) as refused:
        _move(undated, coordinator, "start")
    assert refused.value.messages == [
        "Indiquez la date de début et la fin prévue avant de lancer le projet."
    ]
    _move(project, coordinator, "start")
    assert project.status == "running"


def test_closure_needs_the_results_achieved(project, coordinator, frozen):
    _move(project, coordinator, "start")
    with pytest.raises(ValidationError):
        _move(project, coordinator, "close")
    project.refresh_from_db()
    assert (project.status, project.closed_on) == ("running", None)
    project.results_achieved = "−11 % de gaz à production égale"
    project.save()
    _move(project, coordinator, "close")
    assert (project.status, project.closed_on, project.actual_end) == ("closed", TODAY, TODAY)


def test_hold_resume_and_cancel_keep_their_reasons(project, coordinator, frozen):
    _move(project, coordinator, "start")
    with pytest.raises(ValidationError):
        _move(project, coordinator, "hold")
    _move(project, coordinator, "hold", "Budget gelé")
    assert (project.status, project.hold_reason) == ("on_hold", "Budget gelé")
    _move(project, coordinator, "resume")
    assert (project.status, project.hold_reason) == ("running", "")
    _move(project, coordinator, "cancel", "Four remplacé")
    assert (project.status, project.cancel_reason) == ("cancelled", "Four remplacé")


def test_parts_change_only_while_the_project_is_open(
    project, coordinator, manager, employee, frozen
):
    member = TeamMember(project=project, user=manager, role="manager")
    project_services.part_save(part=member, user=manager)
    with pytest.raises(PermissionDenied):
        project_services.part_save(
            part=Milestone(project=project, name="Audit", planned_on=TODAY), user=employee
        )
    again = TeamMember(project=project, user=manager, role="member")
    with pytest.raises(ValidationError):
        project_services.part_save(part=again, user=manager)
    with pytest.raises(ValidationError) as nameless:
        project_services.part_save(part=Stakeholder(project=project), user=manager)
    assert set(nameless.value.message_dict) == {"name"}
    _move(project, coordinator, "cancel", "Abandon")
    with pytest.raises(ValidationError):
        project_services.part_remove(part=member, user=manager)
    assert list(project.members.values_list("user__username", "role")) == [("manager", "manager")]


def test_an_achieved_milestone_needs_its_date(project):
    milestone = Milestone(project=project, name="Audit", planned_on=TODAY, status="achieved")
    with pytest.raises(ValidationError) as refused:
        milestone.full_clean()
    assert set(refused.value.message_dict) == {"achieved_on"}
    milestone.achieved_on = TODAY
    milestone.status = "planned"
    milestone.full_clean()
    assert milestone.status == "achieved"
