"""Competences seen by people: the matrix (page and workbook), the expiry reminders, and the
scope of each record by page and API."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.utils import translation

from amelio.core import services
from amelio.core.models import RoleAssignment, User
from amelio.training import competences
from amelio.training.models import CompetenceRequirement, Job, PersonSkill, Qualification, Skill
from amelio.training.reminders_competences import remind, run_competence_reminders

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOON = dt.datetime(2026, 6, 15, 12, 0, tzinfo=PARIS)
MATRIX = "/training/qualifications/matrix/"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _person(username, first, last, unit, title="") -> User:
    user = User.objects.create_user(
        username=username, password="pw", first_name=first, last_name=last, job_title=title
    )
    RoleAssignment.objects.create(user=user, org_unit=unit, role="contributor")
    return user


def _held(person, skill, obtained, user, level=None) -> PersonSkill:
    return competences.record_acquired(
        person=person, skill=skill, obtained_on=obtained, user=user, level=level
    )


@pytest.fixture
def floor(org, coordinator, employee):
    """Two people of site A hold the job "Cariste", which requires a CACES (held by one,
    expired for the other) and CNC programming at level 3 (below for one, missing for the
    other); a person of site B holds the same job there, with nothing."""
    with time_machine.travel(NOON, tick=False):
        employee.last_name, employee.first_name = "Benali", "Karim"
        employee.save()
        welder = _person("lmoreau", "Lucas", "Moreau", org["a_unit"], "Soudeur")
        other = _person("bdriver", "Bruno", "Mathieu", org["b"], "Cariste")
        skill = {}
        for code, extra in (
            ("CACES-R489-3", {"validity_months": 60, "levels_used": False}),
            ("PROG-CN", {"validity_months": None, "levels_used": True}),
            ("SST", {"validity_months": 24, "levels_used": False}),
        ):
            skill[code] = services.record_create(
                record=Skill(
                    org_unit=org["root"],
                    code=code,
                    name=f"Skill {code}",
                    kind="authorisation",
                    reminder_days=90,
                    **extra,
                ),
                user=coordinator,
            )
        jobs = {}
        for unit, holders in (("a", [employee, welder]), ("b", [other])):
            job = services.record_create(
                record=Job(title="Cariste", org_unit=org[unit]), user=coordinator
            )
            job.holders.set(holders)
            jobs[unit] = job
            for code, level in (("CACES-R489-3", 1), ("PROG-CN", 3)):
                services.record_create(
                    record=CompetenceRequirement(
                        skill=skill[code], job=job, org_unit=org[unit], min_level=level
                    ),
                    user=coordinator,
                )
        _held(employee, skill["CACES-R489-3"], dt.date(2024, 1, 10), coordinator)
        _held(employee, skill["PROG-CN"], dt.date(2025, 3, 1), coordinator, level=2)
        _held(employee, skill["SST"], dt.date(2025, 9, 1), coordinator)
        _held(welder, skill["CACES-R489-3"], dt.date(2021, 5, 1), coordinator)
    return {"welder": welder, "other": other, "skill": skill, "jobs": jobs}


def _cells(matrix) -> list[tuple]:
    return [(str(r.person), [c.status for c in r.cells], r.gaps) for r in matrix.rows]


def test_the_matrix_shows_people_against_the_skills_required_there(
    floor, org, coordinator, client_for
):
    with time_machine.travel(NOON, tick=False):
        response = client_for(coordinator).get(MATRIX, {"job": floor["jobs"]["a"].pk})
    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert [s.code for s in matrix.skills] == ["CACES-R489-3", "PROG-CN"]
    assert _cells(matrix) == [
        ("Karim Benali", ["held", "below_level"], 1),
        ("Lucas Moreau", ["expired", "missing"], 2),
    ]
    assert matrix.counts == {"held": 1, "expiring": 0, "below_level": 1, "expired": 1, "missing": 1}
    assert (matrix.gaps, matrix.required, matrix.gaps_by_skill) == (3, 4, [1, 2])
    employee_row = matrix.rows[0]
    assert (employee_row.cells[1].level, employee_row.cells[1].required_level) == (2, 3)
    html = response.content.decode()
    assert '<span class="visually-hidden">below the level required</span>' in html
    assert '<span class="visually-hidden">missing</span>' in html
    assert 'id="matrix-legend"' in html
    assert '<div class="fs-4 fw-semibold text-danger" id="gap-count">3</div>' in html
    everyone = client_for(coordinator).get(MATRIX).context["matrix"]
    assert [str(r.person) for r in everyone.rows] == [
        "Karim Benali",
        "Bruno Mathieu",
        "Lucas Moreau",
    ]


def test_the_matrix_follows_the_unit_filter_and_the_scope(
    floor, org, manager, outsider, coordinator, client_for
):
    by_unit = client_for(coordinator).get(MATRIX, {"org_unit": org["a_unit"].pk})
    assert _cells(by_unit.context["matrix"]) == [("Lucas Moreau", ["expired", "missing"], 2)]
    mine = client_for(manager).get(MATRIX).context["matrix"]
    assert [str(r.person) for r in mine.rows] == ["Karim Benali", "Lucas Moreau"]
    theirs = client_for(outsider).get(MATRIX)
    assert _cells(theirs.context["matrix"]) == [("Bruno Mathieu", ["missing", "missing"], 2)]
    assert "Moreau" not in theirs.content.decode()


def test_the_matrix_workbook(floor, coordinator, client_for):
    with time_machine.travel(NOON, tick=False):
        response = client_for(coordinator).get(
            MATRIX, {"job": floor["jobs"]["a"].pk, "export": "xlsx"}
        )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="competence-matrix-2026-06-15.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Matrix", "Skills", "Gaps"]
    rows = [[c.value for c in row] for row in book["Matrix"].iter_rows()]
    assert rows == [
        ["Person", "Job title", "CACES-R489-3", "PROG-CN", "Gaps"],
        [
            "Karim Benali",
            None,
            "held at the level required · 01/10/2029",
            "below the level required · 2/3",
            1,
        ],
        ["Lucas Moreau", "Soudeur", "expired · 05/01/2026", "missing", 2],
        ["Gaps per skill", None, 1, 2, None],
        [None] * 5,
        ["Legend", None, None, None, None],
        ["held at the level required", None, None, None, None],
        ["expiring soon", None, None, None, None],
        ["below the level required", None, None, None, None],
        ["expired", None, None, None, None],
        ["missing", None, None, None, None],
    ]
    assert book["Matrix"]["D2"].fill.fgColor.rgb == "FFFECBA1"
    skills = [[c.value for c in row] for row in book["Skills"].iter_rows()]
    assert skills[1:] == [
        ["CACES-R489-3", "Skill CACES-R489-3", "Authorisation to drive or operate", 60, 1],
        ["PROG-CN", "Skill PROG-CN", "Authorisation to drive or operate", None, 2],
    ]
    gaps = [[c.value for c in row] for row in book["Gaps"].iter_rows()]
    assert gaps == [
        ["Person", "Skill", "Status", "Level required", "Level held", "Expires on", "Mandatory"],
        ["Karim Benali", "PROG-CN Skill PROG-CN", "below the level required", 3, 2, None, "Yes"],
        [
            "Lucas Moreau",
            "CACES-R489-3 Skill CACES-R489-3",
            "expired",
            None,
            None,
            dt.datetime(2026, 5, 1),
            "Yes",
        ],
        ["Lucas Moreau", "PROG-CN Skill PROG-CN", "missing", 3, None, None, "Yes"],
    ]


def test_the_reminders_go_to_the_manager_and_the_coordinators(
    floor, org, coordinator, manager, employee
):
    for user, address in (
        (coordinator, "coordinator@example.com"),
        (manager, "manager@example.com"),
    ):
        user.email, user.language = address, "en"
        user.save()
    employee.manager = manager
    employee.save()
    with time_machine.travel(NOON, tick=False):
        # Expires on 1 August 2026, within the 90-day lead time.
        caces = floor["skill"]["CACES-R489-3"]
        PersonSkill.objects.filter(person=employee, skill=caces).update(
            expires_on=dt.date(2026, 8, 1)
        )
        # Expired, but not required: nobody is told.
        _held(floor["other"], floor["skill"]["SST"], dt.date(2023, 1, 5), coordinator)
    sent = run_competence_reminders(now=NOON)
    assert sent == [
        ("coordinator@example.com", "Amelio: 2 skills or authorisations to renew"),
        ("manager@example.com", "Amelio: 1 skill or authorisation to renew"),
    ]
    lucas = PersonSkill.objects.get(person=floor["welder"])
    karim = PersonSkill.objects.get(person=employee, skill=caces)
    assert mail.outbox[0].body.splitlines() == [
        "Skills and authorisations expiring soon, or expired and still required:",
        "",
        "- Lucas Moreau — CACES-R489-3 Skill CACES-R489-3: expired on 05/01/2026 and still required",
        f"  http://127.0.0.1:8000/training/held/{lucas.pk}/",
        "- Karim Benali — CACES-R489-3 Skill CACES-R489-3: expires on 08/01/2026 (in 47 days)",
        f"  http://127.0.0.1:8000/training/held/{karim.pk}/",
        "",
        "Plan the renewal (training, test) and record it on the skill held once done.",
    ]
    assert mail.outbox[1].to == ["manager@example.com"]
    assert mail.outbox[1].body.splitlines()[2].startswith("- Karim Benali — CACES-R489-3")
    assert len(mail.outbox[1].body.splitlines()) == 6
    mail.outbox.clear()
    # On 1 March, Lucas's CACES was 61 days from lapsing and Karim's 153.
    earlier = dt.datetime(2026, 3, 1, 9, 0, tzinfo=PARIS)
    assert run_competence_reminders(now=earlier, dry_run=True) == [
        ("coordinator@example.com", "Amelio: 1 skill or authorisation to renew")
    ]
    assert mail.outbox == []


def test_the_daily_run_refreshes_the_states_then_reminds(floor, coordinator, employee):
    coordinator.email = "coordinator@example.com"
    coordinator.save()
    caces = floor["skill"]["CACES-R489-3"]
    PersonSkill.objects.filter(person=employee, skill=caces).update(expires_on=dt.date(2026, 8, 1))
    report = remind(now=NOON, dry_run=False, options={})
    assert report.data == {"skills": 1, "refreshed": 1}
    assert report.summary == "Competences: 1 reminder e-mail(s), 1 qualification(s) updated."
    assert Qualification.objects.get(person=employee, skill=caces).status == "expiring"
    assert PersonSkill.objects.get(person=employee, skill=caces).status == "expiring"


def test_site_b_gets_404_on_site_a_records(floor, org, outsider, client_for, employee):
    client = client_for(outsider)
    records = {
        "held": PersonSkill.objects.get(person=employee, skill__code="PROG-CN"),
        "qualifications": Qualification.objects.get(person=employee, skill__code="PROG-CN"),
        "jobs": floor["jobs"]["a"],
        "requirements": CompetenceRequirement.objects.get(job=floor["jobs"]["a"], min_level=3),
    }
    for slug, record in records.items():
        assert client.get(f"/training/{slug}/{record.pk}/").status_code == 404, slug
        assert client.get(f"/api/v1/training/{slug}/{record.pk}/").status_code == 404, slug
    own = Qualification.objects.get(person=floor["other"], skill__code="PROG-CN")
    assert client.get(f"/training/qualifications/{own.pk}/").status_code == 200
    assert client.get(f"/api/v1/training/qualifications/{own.pk}/").status_code == 200
    # The catalogue is the company's: read by every site, changed by the company's coordinators.
    skill = floor["skill"]["SST"]
    assert client.get(f"/training/skills/{skill.pk}/").status_code == 200
    assert client.get(f"/training/skills/{skill.pk}/edit/").status_code == 403


def test_the_detail_pages_show_holders_requirements_and_sources(
    floor, org, coordinator, employee, client_for
):
    client = client_for(coordinator)
    caces = floor["skill"]["CACES-R489-3"]
    page = client.get(f"/training/skills/{caces.pk}/")
    assert [str(h.person) for h in page.context["skill_holdings"]] == [
        "Lucas Moreau",
        "Karim Benali",
    ]
    # Expired for Lucas Moreau, missing for the cariste of site B (the coordinator sees both).
    assert page.context["skill_gaps"] == 2
    job = floor["jobs"]["a"]
    page = client.get(f"/training/jobs/{job.pk}/")
    assert [r.skill.code for r in page.context["job_requirements"]] == ["CACES-R489-3", "PROG-CN"]
    qualification = Qualification.objects.get(person=employee, skill__code="PROG-CN")
    page = client.get(f"/training/qualifications/{qualification.pk}/")
    assert [r.job for r in page.context["qualification_requirements"]] == [job]
    assert "Below the level required" in page.content.decode()


def test_the_gaps_are_a_measure_the_indicators_count(floor, org, coordinator):
    """Decision 0029: the stored qualifications are counted by a computed indicator like
    any register, per site, with the register's own filters."""
    from amelio.indicators.models import Indicator
    from amelio.indicators.sources import compute, definition_errors

    def indicator(unit, aggregation, query):
        return Indicator(
            org_unit=unit,
            name="Competence gaps",
            owner=coordinator,
            source="computed",
            source_register="training.qualification",
            aggregation=aggregation,
            source_date_field="checked_on",
            source_filter=query,
        )

    gaps = "status=missing&status=expired&status=below_level&mandatory=true"
    june, may = dt.date(2026, 6, 1), dt.date(2026, 5, 1)
    # Site A: PROG-CN below the level for Karim Benali; CACES expired and PROG-CN missing for
    # Lucas Moreau. Site B: both missing for its cariste.
    assert definition_errors(indicator(org["root"], "count", gaps)) == {}
    assert compute(indicator(org["root"], "count", gaps), june) == 5.0
    assert compute(indicator(org["a"], "count", gaps), june) == 3.0
    assert compute(indicator(org["b"], "count", gaps), june) == 2.0
    assert compute(indicator(org["root"], "count", gaps), may) == 0.0
    # Coverage: one requirement met out of six.
    coverage = indicator(org["root"], "rate", "status=held&status=expiring")
    assert compute(coverage, june) == pytest.approx(100 / 6)
