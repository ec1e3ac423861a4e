"""Project pages: another site's user gets 404 on the page, its parts, its budget and the
API; the team, milestones, budget and reports are added and removed from the page by those
who may change the project; the budget workbook holds the exact totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from amelio.projects.models import Milestone, StatusReport, TeamMember
from tests.projects.conftest import budget_line

pytestmark = pytest.mark.django_db


def test_another_sites_user_gets_404_everywhere(project, outsider, client_for):
    client = client_for(outsider)
    member = TeamMember.objects.create(project=project, user=outsider)
    for url in [
        f"/projects/projects/{project.pk}/",
        f"/projects/projects/{project.pk}/budget.xlsx",
        f"/projects/projects/{project.pk}/member/add/",
        f"/projects/projects/{project.pk}/member/{member.pk}/edit/",
        f"/api/v1/projects/projects/{project.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    removal = client.post(f"/projects/projects/{project.pk}/member/{member.pk}/remove/")
    assert removal.status_code == 404
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_the_detail_page_shows_the_dashboard(project, manager, client_for):
    budget_line(project, "Échangeur", "investment", "1000", "800", "250")
    response = client_for(manager).get(f"/projects/projects/{project.pk}/")
    assert response.status_code == 200
    board = response.context["board"]
    assert (board.budget.total.actual, board.budget.total.consumed) == (
        Decimal("250.00"),
        Decimal("25.0"),
    )
    assert response.context["may_edit_parts"] is True
    assert f"/projects/projects/{project.pk}/milestone/add/" in response.content.decode()


def test_a_manager_adds_changes_and_removes_parts(project, manager, client_for, frozen):
    client = client_for(manager)
    base = f"/projects/projects/{project.pk}"
    added = client.post(
        f"{base}/milestone/add/",
        {"name": "Audit énergétique", "planned_on": "2026-07-01", "status": "planned"},
    )
    assert added.status_code == 302
    assert added["Location"] == f"{base}/#milestones"
    milestone = Milestone.objects.get(project=project)
    assert (milestone.name, milestone.status) == ("Audit énergétique", "planned")
    client.post(
        f"{base}/milestone/{milestone.pk}/edit/",
        {
            "name": "Audit énergétique",
            "planned_on": "2026-07-01",
            "achieved_on": "2026-07-03",
            "status": "planned",
        },
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.achieved_on) == ("achieved", dt.date(2026, 7, 3))
    report = {"reported_on": "2026-06-15", "weather": "at_risk", "progress": "35"}
    assert client.post(f"{base}/report/add/", report).status_code == 302
    assert StatusReport.objects.get(project=project).author == manager
    bad = client.post(f"{base}/report/add/", {**report, "progress": "120"})
    assert bad.status_code == 200 and "progress" in bad.context["form"].errors
    assert client.post(f"{base}/milestone/{milestone.pk}/remove/").status_code == 302
    assert not Milestone.objects.filter(project=project).exists()
    assert client.get(f"{base}/nothing/add/").status_code == 404


def test_a_contributor_may_not_change_the_parts(project, employee, client_for):
    client = client_for(employee)
    response = client.post(
        f"/projects/projects/{project.pk}/milestone/add/",
        {"name": "Audit", "planned_on": "2026-07-01", "status": "planned"},
    )
    assert response.status_code == 403
    assert not Milestone.objects.exists()


def test_the_budget_workbook_has_the_lines_and_totals(project, manager, client_for):
    budget_line(project, "Échangeur", "investment", "38000", "36200", "12000")
    budget_line(project, "Audit", "external", "6500", "6500", "6950.25")
    response = client_for(manager).get(f"/projects/projects/{project.pk}/budget.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Libellé", "Catégorie", "Prévu (€)"]
    assert rows[1] == ["Échangeur", "Investissement", 38000, 36200, 12000, 26000, 31.6]
    assert rows[-1] == ["Total", None, 44500, 42700, 18950.25, 25549.75, 42.6]
