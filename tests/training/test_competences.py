"""Competences: expiry and status of a skill held, renewals, the qualifications of people
against what their jobs, work units and processes require, the shipped catalogue, and the
audits' qualification check."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from amelio.audits import services as audits
from amelio.audits.models import Audit
from amelio.core import services
from amelio.core.models import RoleAssignment, User
from amelio.processes.models import Process
from amelio.training import competences
from amelio.training.competences import Need
from amelio.training.models import CompetenceRequirement, Job, PersonSkill, Qualification, Skill

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOON = dt.datetime(2026, 6, 15, 12, 0, tzinfo=PARIS)
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


def _skill(org, coordinator, code="CACES-R489-3", **extra) -> Skill:
    values = {
        "name": f"Skill {code}",
        "kind": "authorisation",
        "validity_months": 60,
        "levels_used": False,
        "reminder_days": 90,
    }
    values.update(extra)
    skill = Skill(org_unit=org["root"], code=code, **values)
    return services.record_create(record=skill, user=coordinator)


def _require(coordinator, skill, unit, level=3, mandatory=True, **target):
    requirement = CompetenceRequirement(
        skill=skill, org_unit=unit, min_level=level, mandatory=mandatory, **target
    )
    return services.record_create(record=requirement, user=coordinator)


def _job(org, coordinator, holders, unit="a", title="Soudeur") -> Job:
    job = services.record_create(record=Job(title=title, org_unit=org[unit]), user=coordinator)
    job.holders.set(holders)
    return job


def _states(person) -> dict[str, tuple]:
    return {
        q.skill.code: (q.status, q.required_level, q.mandatory, q.since, q.individual)
        for q in Qualification.objects.filter(person=person).select_related("skill")
    }


@pytest.fixture
def welder(org):
    """A contributor of the work unit Machining A."""
    user = User.objects.create_user(
        username="welder", password="pw", first_name="Lucas", last_name="Moreau"
    )
    RoleAssignment.objects.create(user=user, org_unit=org["a_unit"], role="contributor")
    return user


# Pure rules ---------------------------------------------------------------------------------


def test_months_are_calendar_months_clamped_to_the_month_end():
    assert competences.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert competences.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert competences.add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)
    assert competences.add_months(dt.date(2026, 6, 15), -4) == dt.date(2026, 2, 15)
    assert competences.add_months(dt.date(2021, 9, 1), 60) == dt.date(2026, 9, 1)


def test_a_skill_is_valid_through_its_expiry_day_and_warned_within_its_lead_time():
    status = competences.skill_status
    assert status(None, 60, TODAY) == "valid"
    assert status(dt.date(2026, 8, 15), 60, TODAY) == "valid"  # 61 days left
    assert status(dt.date(2026, 8, 14), 60, TODAY) == "expiring"  # 60 days left
    assert status(TODAY, 60, TODAY) == "expiring"
    assert status(dt.date(2026, 6, 14), 60, TODAY) == "expired"
    assert status(dt.date(2026, 6, 16), 0, TODAY) == "valid"


def test_the_state_against_a_requirement():
    def state(**given):
        values = {
            "held": True,
            "expires_on": None,
            "level": 3,
            "required_level": 3,
            "levels_used": True,
            "lead_days": 30,
            "on": TODAY,
        }
        values.update(given)
        return competences.qualification_status(**values)

    assert state() == "held"
    assert state(held=False) == "missing"
    assert state(level=2) == "below_level"
    assert state(level=2, levels_used=False) == "held"
    assert state(level=None, required_level=1) == "below_level"
    assert state(expires_on=dt.date(2026, 7, 1)) == "expiring"
    assert state(expires_on=dt.date(2026, 7, 1), level=1) == "below_level"
    assert state(expires_on=dt.date(2026, 6, 1), level=1) == "expired"


def test_the_needs_of_several_requirements_on_one_skill_are_merged():
    rows = [(1, 2, True, 10), (1, 4, False, 11), (2, 3, False, 12), (2, 1, False, 13)]
    assert competences.merge_needs(rows) == {
        1: Need(2, True, frozenset({10, 11})),
        2: Need(3, False, frozenset({12, 13})),
    }


def test_the_worst_state_wins():
    assert competences.worst(["held", "expiring", "below_level"]) == "below_level"
    assert competences.worst(["held", "missing", "expired"]) == "missing"
    assert competences.worst([]) is None


# Skills held ------------------------------------------------------------------------------------


def test_record_acquired_records_then_renews(org, coordinator, employee, frozen):
    skill = _skill(org, coordinator)
    first = competences.record_acquired(
        person=employee, skill=skill, obtained_on=dt.date(2021, 9, 1), user=coordinator
    )
    assert (first.obtained_on, first.expires_on, first.held_since) == (
        dt.date(2021, 9, 1),
        dt.date(2026, 9, 1),
        dt.date(2021, 9, 1),
    )
    assert (first.status, first.level, first.org_unit, first.created_by) == (
        "expiring",
        None,
        org["a"],
        coordinator,
    )
    renewed = competences.record_acquired(
        person=employee, skill=skill, obtained_on=dt.date(2026, 6, 10), user=coordinator
    )
    assert renewed.pk == first.pk
    assert (renewed.obtained_on, renewed.expires_on, renewed.held_since, renewed.status) == (
        dt.date(2026, 6, 10),
        dt.date(2031, 6, 10),
        dt.date(2021, 9, 1),
        "valid",
    )
    assert PersonSkill.objects.count() == 1


def test_a_renewal_after_the_lapse_starts_holding_again(org, coordinator, employee, frozen):
    skill = _skill(org, coordinator, validity_months=24)
    competences.record_acquired(
        person=employee, skill=skill, obtained_on=dt.date(2023, 1, 10), user=coordinator
    )
    source = _job(org, coordinator, [])
    renewed = competences.record_acquired(
        person=employee,
        skill=skill,
        obtained_on=dt.date(2026, 5, 4),
        source=source,
        user=coordinator,
    )
    assert (renewed.held_since, renewed.expires_on) == (dt.date(2026, 5, 4), dt.date(2028, 5, 4))
    assert renewed.source == source


def test_a_skill_on_levels_keeps_the_higher_level(org, coordinator, employee, frozen):
    skill = _skill(org, coordinator, "PROG-CN", validity_months=None, levels_used=True)
    held = competences.record_acquired(
        person=employee, skill=skill, obtained_on=dt.date(2026, 1, 5), user=coordinator, level=4
    )
    assert (held.level, held.expires_on, held.status) == (4, None, "valid")
    held = competences.record_acquired(
        person=employee, skill=skill, obtained_on=dt.date(2026, 6, 1), user=coordinator, level=2
    )
    assert held.level == 4


def test_the_form_works_the_expiry_out_again_when_the_day_obtained_changes(
    org, coordinator, employee, client_for, frozen
):
    skill = _skill(org, coordinator)
    held = competences.record_acquired(
        person=employee, skill=skill, obtained_on=dt.date(2024, 3, 1), user=coordinator
    )
    data = {
        "person": employee.pk,
        "skill": skill.pk,
        "org_unit": org["a"].pk,
        "obtained_on": "2025-03-01",
        "held_since": "2024-03-01",
        "expires_on": "2029-03-01",
        "version": held.version,
    }
    response = client_for(coordinator).post(
        reverse("training:personskill_edit", args=[held.pk]), data
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.obtained_on, held.expires_on) == (dt.date(2025, 3, 1), dt.date(2030, 3, 1))
    duplicate = client_for(coordinator).post(
        reverse("training:personskill_add"), {**data, "version": ""}
    )
    assert duplicate.context["form"].errors["skill"] == [
        "This person already holds this skill: renew the record they have."
    ]


def test_a_level_is_required_for_a_skill_on_levels(org, coordinator, employee):
    skill = _skill(org, coordinator, "PROG-CN", validity_months=None, levels_used=True)
    holding = PersonSkill(
        person=employee, skill=skill, org_unit=org["a"], obtained_on=dt.date(2026, 1, 5)
    )
    with pytest.raises(ValidationError) as refused:
        services.record_create(record=holding, user=coordinator)
    assert refused.value.message_dict == {"level": ["Give the level this person has reached."]}


# Qualifications ---------------------------------------------------------------------------------


def test_a_job_requirement_follows_its_holders_and_their_skills(org, coordinator, employee, frozen):
    weld = _skill(org, coordinator, "SOUD-135", kind="qualification", validity_months=36)
    job = _job(org, coordinator, [employee])
    requirement = _require(coordinator, weld, org["a"], job=job)
    assert _states(employee) == {"SOUD-135": ("missing", 3, True, TODAY, False)}
    qualification = Qualification.objects.get()
    assert (qualification.org_unit, list(qualification.requirements.all())) == (
        org["a"],
        [requirement],
    )
    competences.record_acquired(
        person=employee, skill=weld, obtained_on=dt.date(2023, 5, 1), user=coordinator
    )
    assert _states(employee) == {"SOUD-135": ("expired", 3, True, dt.date(2026, 5, 2), False)}
    competences.record_acquired(
        person=employee, skill=weld, obtained_on=dt.date(2026, 6, 10), user=coordinator
    )
    assert _states(employee) == {"SOUD-135": ("held", 3, True, TODAY, False)}
    qualification.refresh_from_db()
    assert qualification.expires_on == dt.date(2029, 6, 10)
    job.holders.remove(employee)
    assert _states(employee) == {}


def test_a_level_below_the_requirement_is_a_gap(org, coordinator, employee, frozen):
    prog = _skill(org, coordinator, "PROG-CN", validity_months=None, levels_used=True)
    job = _job(org, coordinator, [employee], title="Régleur CN")
    _require(coordinator, prog, org["a"], level=3, job=job)
    competences.record_acquired(
        person=employee, skill=prog, obtained_on=dt.date(2026, 3, 1), user=coordinator, level=2
    )
    assert _states(employee) == {"PROG-CN": ("below_level", 3, True, TODAY, False)}
    # A second, optional requirement at level 4 does not raise the level required.
    other = _job(org, coordinator, [employee], title="Programmeur")
    _require(coordinator, prog, org["a"], level=4, mandatory=False, job=other)
    assert _states(employee)["PROG-CN"][:3] == ("below_level", 3, True)
    assert Qualification.objects.get().requirements.count() == 2


def test_a_work_unit_requirement_concerns_the_people_with_a_role_on_it(
    org, coordinator, manager, welder, frozen
):
    sst = _skill(org, coordinator, "SST", kind="certificate", validity_months=24, reminder_days=60)
    _require(coordinator, sst, org["a_unit"], level=1, work_unit=org["a_unit"])
    assert _states(welder) == {"SST": ("missing", 1, True, TODAY, False)}
    assert _states(manager) == {}
    assert Qualification.objects.get().org_unit == org["a_unit"]
    competences.record_acquired(
        person=welder, skill=sst, obtained_on=dt.date(2024, 8, 1), user=coordinator
    )
    # Expires on 1 August 2026, 47 days ahead: within the 60-day lead time.
    assert _states(welder) == {"SST": ("expiring", 1, True, dt.date(2026, 6, 2), False)}
    RoleAssignment.objects.filter(user=welder).delete()
    assert _states(welder) == {}


def test_a_process_requirement_concerns_its_owner_and_deputy(
    org, coordinator, manager, employee, frozen
):
    process = Process.objects.create(
        process_type="management",
        code="M-AUD",
        name="Audits",
        purpose="Auditer le système",
        org_unit=org["a"],
        owner=manager,
        deputy=employee,
    )
    lead = _skill(org, coordinator, "AUD-RESP", kind="auditor", levels_used=True)
    _require(coordinator, lead, org["a"], level=3, process=process)
    assert _states(manager) == {"AUD-RESP": ("missing", 3, True, TODAY, False)}
    assert _states(employee) == {"AUD-RESP": ("missing", 3, True, TODAY, False)}
    process.deputy = None
    process.save()
    assert _states(employee) == {}
    assert set(Qualification.objects.values_list("person__username", flat=True)) == {"manager"}


def test_an_archived_requirement_no_longer_counts(org, coordinator, employee, frozen):
    weld = _skill(org, coordinator, "SOUD-135", kind="qualification", validity_months=36)
    requirement = _require(coordinator, weld, org["a"], job=_job(org, coordinator, [employee]))
    assert Qualification.objects.count() == 1
    services.record_archive(record=requirement, user=coordinator)
    assert Qualification.objects.count() == 0


def test_a_requirement_names_one_target_within_its_unit(org, coordinator, employee):
    weld = _skill(org, coordinator, "SOUD-135")
    job = _job(org, coordinator, [employee], unit="b")
    with pytest.raises(ValidationError) as none:
        _require(coordinator, weld, org["a"])
    assert none.value.messages == ["Choose one job, one work unit or one process."]
    with pytest.raises(ValidationError) as two:
        _require(coordinator, weld, org["a"], job=job, work_unit=org["a_unit"])
    assert two.value.messages == ["Choose one job, one work unit or one process."]
    with pytest.raises(ValidationError) as outside:
        _require(coordinator, weld, org["a"], job=job)
    assert outside.value.message_dict == {
        "job": ["Choose one in the requirement's unit or in a unit below it."]
    }
    with pytest.raises(ValidationError) as kind:
        _require(coordinator, weld, org["a"], work_unit=org["a_dept"])
    assert kind.value.message_dict == {"work_unit": ["Choose a unit of the kind “work unit”."]}


def test_a_qualification_added_by_hand_is_an_individual_requirement(
    org, coordinator, employee, frozen
):
    sst = _skill(org, coordinator, "SST", kind="certificate", validity_months=24)
    record = Qualification(person=employee, skill=sst, org_unit=org["a"], required_level=1)
    services.record_create(record=record, user=coordinator)
    assert _states(employee) == {"SST": ("missing", 1, True, TODAY, True)}
    competences.record_acquired(
        person=employee, skill=sst, obtained_on=dt.date(2026, 2, 1), user=coordinator
    )
    assert _states(employee) == {"SST": ("held", 1, True, TODAY, True)}


def test_the_daily_refresh_moves_the_states_with_time(org, coordinator, employee):
    weld = _skill(org, coordinator, "SOUD-135", kind="qualification", validity_months=36)
    with time_machine.travel(NOON, tick=False):
        _require(coordinator, weld, org["a"], job=_job(org, coordinator, [employee]))
        competences.record_acquired(
            person=employee, skill=weld, obtained_on=dt.date(2023, 11, 20), user=coordinator
        )
    assert _states(employee)["SOUD-135"][0] == "held"
    later = dt.date(2026, 9, 1)
    assert competences.refresh_all(later) == 1
    held = PersonSkill.objects.get()
    assert held.status == "expiring"
    assert _states(employee)["SOUD-135"] == ("expiring", 3, True, dt.date(2026, 8, 22), False)
    assert Qualification.objects.get().checked_on == later
    assert competences.refresh_all(later) == 0
    competences.refresh_all(dt.date(2026, 11, 21))
    assert _states(employee)["SOUD-135"][:1] == ("expired",)
    assert PersonSkill.objects.get().status == "expired"


# The shipped catalogue ---------------------------------------------------------------------------


def test_the_catalogue_is_installed_once_and_edits_are_kept(org, coordinator):
    report = competences.install_catalogue(unit=org["root"], user=coordinator, language="fr")
    assert (report.added, report.present, report.version) == (
        17,
        0,
        "Amelio competence catalogue 2026-12",
    )
    caces = Skill.objects.get(library_key="caces-r489-3")
    assert (caces.code, caces.kind, caces.validity_months, caces.confidence) == (
        "CACES-R489-3",
        "certificate",
        60,
        "S",
    )
    sst = Skill.objects.get(code="SST")
    assert (sst.validity_months, sst.legal_requirement, sst.name) == (
        24,
        True,
        "Sauveteur secouriste du travail (SST)",
    )
    assert Skill.objects.get(code="HAB-B0H0V").validity_months == 36
    assert Skill.objects.get(code="SOUD-9606-135").validity_months == 36
    assert Skill.objects.get(code="AUT-COND").validity_months is None
    assert set(Skill.objects.filter(kind="auditor").values_list("code", flat=True)) == {
        "AUD-INT",
        "AUD-RESP",
    }
    sst.validity_months = 12
    services.record_update(record=sst, user=coordinator, expected_version=sst.version)
    again = competences.install_catalogue(unit=org["root"], user=coordinator, language="en")
    assert (again.added, again.present) == (0, 17)
    assert Skill.objects.get(code="SST").validity_months == 12


def test_the_catalogue_page_installs_for_the_coordinators_only(
    org, coordinator, manager, client_for
):
    url = reverse("training:skill_catalogue")
    assert client_for(manager).post(url).status_code == 403
    assert Skill.objects.count() == 0
    page = client_for(coordinator).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert len(page.context["rows"]) == 17
    response = client_for(coordinator).post(url)
    assert response.status_code == 302
    assert Skill.objects.filter(org_unit=org["root"]).count() == 17


# The audits' qualification check -----------------------------------------------------------------


@pytest.fixture
def audit(org, auditor, coordinator):
    return Audit.objects.create(
        title="Audit du processus usinage",
        org_unit=org["a"],
        planned_start=dt.date(2026, 6, 10),
        planned_end=dt.date(2026, 6, 11),
        lead_auditor=auditor,
        created_by=coordinator,
    )


def test_no_auditor_qualification_in_the_catalogue_means_no_check(audit):
    assert audits.audit_qualification_problems(audit) == []


def test_each_auditor_must_hold_a_valid_qualification_on_the_planned_day(
    org, audit, auditor, coordinator, frozen
):
    internal = _skill(org, coordinator, "AUD-INT", kind="auditor", validity_months=36)
    audit.team.set([coordinator])
    assert audits.audit_qualification_problems(audit) == [
        "Auditor does not hold a valid auditor qualification on 06/10/2026.",
        "Coordinator does not hold a valid auditor qualification on 06/10/2026.",
    ]
    competences.record_acquired(
        person=auditor, skill=internal, obtained_on=dt.date(2023, 6, 10), user=coordinator
    )
    held = competences.record_acquired(
        person=coordinator, skill=internal, obtained_on=dt.date(2026, 6, 11), user=coordinator
    )
    # The auditor's lapses on 10 June 2026, the audit's first day: still valid that day.
    assert audits.audit_qualification_problems(audit) == [
        "Coordinator does not hold a valid auditor qualification on 06/10/2026.",
    ]
    held.held_since = dt.date(2020, 1, 1)
    held.save()
    assert audits.audit_qualification_problems(audit) == []
    audit.planned_start = dt.date(2026, 6, 11)
    assert audits.audit_qualification_problems(audit) == [
        "Auditor does not hold a valid auditor qualification on 06/11/2026.",
    ]


def test_the_audit_form_refuses_an_unqualified_lead_auditor(
    org, auditor, coordinator, client_for, frozen
):
    _skill(org, coordinator, "AUD-INT", kind="auditor", validity_months=36)
    response = client_for(coordinator).post(
        reverse("audits:audit_add"),
        {
            "title": "Audit usinage",
            "audit_type": "process",
            "org_unit": org["a"].pk,
            "lead_auditor": auditor.pk,
            "planned_start": "2026-06-20",
            "report_language": "fr",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lead_auditor"] == [
        "Auditor does not hold a valid auditor qualification on 06/20/2026."
    ]
    assert Audit.objects.count() == 0


def test_sending_the_plan_is_refused_while_an_auditor_is_not_qualified(
    org, audit, auditor, coordinator, frozen
):
    internal = _skill(org, coordinator, "AUD-INT", kind="auditor", validity_months=36)
    with pytest.raises(ValidationError) as refused:
        services.record_transition(record=audit, user=coordinator, name="prepare")
    assert refused.value.messages == [
        "Auditor does not hold a valid auditor qualification on 06/10/2026."
    ]
    competences.record_acquired(
        person=auditor, skill=internal, obtained_on=dt.date(2025, 1, 6), user=coordinator
    )
    prepared = services.record_transition(record=audit, user=coordinator, name="prepare")
    assert prepared.status == "prepared"


def test_one_active_holding_per_person_and_skill_on_every_path(
    org, coordinator, employee, client_for, frozen
):
    """The API refuses a second record of a skill a person holds, as the form does; an
    individual requirement is not named twice either."""
    caces = _skill(org, coordinator)
    held = competences.record_acquired(
        person=employee, skill=caces, obtained_on=dt.date(2026, 1, 5), user=coordinator
    )
    client = client_for(coordinator)
    copy = {
        "org_unit": org["a"].code,
        "person": employee.pk,
        "skill": caces.pk,
        "obtained_on": "2026-02-01",
    }
    refused = client.post("/api/v1/training/held/", copy, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {
        "skill": ["This person already holds this skill: renew the record they have."]
    }
    assert list(PersonSkill.objects.filter(person=employee, skill=caces)) == [held]
    need = {"org_unit": org["a"].code, "person": employee.pk, "skill": caces.pk}
    url = "/api/v1/training/qualifications/"
    assert client.post(url, need, content_type="application/json").status_code == 201
    again = client.post(url, need, content_type="application/json")
    assert again.json() == {
        "skill": ["This skill is already required of this person individually."]
    }
