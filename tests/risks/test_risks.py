"""Risks and opportunities: stored scores, rules by type, reviews, heatmap, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from amelio.core import services
from amelio.risks import services as risk_services
from amelio.risks.models import Risk, RiskReview
from amelio.scoring.models import ScoringMatrix
from amelio.scoring.services import install_defaults


@pytest.fixture
def grid(db):
    install_defaults()
    return ScoringMatrix.objects.get(code="PG-4x4", version=1)


@pytest.fixture
def fmea(db):
    install_defaults()
    return ScoringMatrix.objects.get(code="AMDEC-SOD", version=1)


def make_risk(user, unit, matrix, **fields) -> Risk:
    values = {
        "title": "Fumées de soudage",
        "event": "Inhalation",
        "inherent_likelihood": 4,
        "inherent_severity": 3,
        "treatment": "reduce",
        **fields,
    }
    return services.record_create(record=Risk(org_unit=unit, matrix=matrix, **values), user=user)


def test_scores_and_levels_are_stored(org, manager, grid):
    risk = make_risk(manager, org["a"], grid, residual_likelihood=2, residual_severity=3)
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.inherent_score, stored.inherent_level) == (12, "critical")
    assert (stored.residual_score, stored.residual_level) == (6, "medium")
    assert stored.level_info("residual")["colour"] == "#f9a825"
    with translation.override("fr"):
        badge = str(stored.inherent)
    assert badge == (
        '<span class="badge amelio-level" style="background-color: #c62828">12 · Critique</span>'
    )


def test_a_third_factor_is_ignored_on_a_two_factor_matrix(org, manager, grid):
    risk = make_risk(manager, org["a"], grid, inherent_third=7)
    assert (risk.inherent_third, risk.inherent_score) == (None, 12)


def test_fmea_uses_the_third_factor_and_escalates(org, manager, fmea):
    risk = make_risk(
        manager, org["a"], fmea, inherent_likelihood=9, inherent_severity=2, inherent_third=3
    )
    assert (risk.inherent_score, risk.inherent_level) == (54, "action")


def test_out_of_scale_and_incomplete_values_are_refused(org, manager, grid):
    with pytest.raises(ValidationError) as error:
        make_risk(manager, org["a"], grid, inherent_likelihood=5)
    assert list(error.value.message_dict) == ["inherent_likelihood"]
    with pytest.raises(ValidationError) as error:
        make_risk(manager, org["a"], grid, residual_likelihood=2)
    assert list(error.value.message_dict) == ["residual_likelihood"]
    assert Risk.objects.count() == 0


def test_treatment_options_follow_the_type(org, manager, grid):
    with pytest.raises(ValidationError) as error:
        make_risk(manager, org["a"], grid, risk_type="opportunity", treatment="reduce")
    assert list(error.value.message_dict) == ["treatment"]
    with pytest.raises(ValidationError) as error:
        make_risk(manager, org["a"], grid, treatment="exploit")
    assert list(error.value.message_dict) == ["treatment"]
    with pytest.raises(ValidationError) as error:
        make_risk(manager, org["a"], grid, treatment="accept")
    assert list(error.value.message_dict) == ["accepted_by"]
    opportunity = make_risk(
        manager, org["a"], grid, risk_type="opportunity", treatment="exploit",
        residual_likelihood=4, residual_severity=4,
    )  # fmt: skip
    assert opportunity.residual_score == 16


def test_residual_risk_cannot_exceed_inherent(org, manager, grid):
    with pytest.raises(ValidationError) as error:
        make_risk(manager, org["a"], grid, residual_likelihood=4, residual_severity=4)
    assert list(error.value.message_dict) == ["residual_likelihood"]


def test_a_used_matrix_cannot_be_edited(client_for, org, coordinator, manager, grid):
    make_risk(manager, org["a"], grid)
    assert grid.is_used
    client = client_for(coordinator)
    response = client.get(f"/scoring/matrices/{grid.pk}/edit/")
    assert response.status_code == 302
    page = client.get(f"/scoring/matrices/{grid.pk}/")
    assert "used-notice" in page.content.decode()
    with pytest.raises(ValidationError):
        from amelio.scoring.services import matrix_update

        matrix_update(matrix=grid, user=coordinator)


def test_review_logs_scores_and_sets_next_date(org, manager, grid):
    risk = make_risk(manager, org["a"], grid, residual_likelihood=2, residual_severity=2)
    review = risk_services.risk_review(
        risk=risk, user=manager, comment="RAS", next_review=dt.date(2027, 3, 1)
    )
    assert (review.inherent_score, review.residual_score, review.reviewer) == (12, 4, manager)
    risk.refresh_from_db()
    assert (risk.review_date, risk.version) == (dt.date(2027, 3, 1), 2)


def test_review_needs_the_right_to_change(org, manager, employee, grid):
    risk = make_risk(manager, org["a"], grid)
    with pytest.raises(PermissionDenied):
        risk_services.risk_review(risk=risk, user=employee)
    assert RiskReview.objects.count() == 0


def test_detail_shows_the_evolution_chart(client_for, org, manager, grid):
    risk = make_risk(manager, org["a"], grid, residual_likelihood=2, residual_severity=2)
    client = client_for(manager)
    client.post(f"/risks/risks/{risk.pk}/review/", {"comment": "Revue", "next_review": ""})
    response = client.get(f"/risks/risks/{risk.pk}/")
    figure = response.context["evolution"]
    assert [trace["y"] for trace in figure["data"]] == [[12], [4]]


def test_heatmap_counts_cells_and_links_to_the_list(client_for, org, manager, grid):
    make_risk(manager, org["a"], grid, residual_likelihood=2, residual_severity=3)
    make_risk(manager, org["a_unit"], grid, title="Bruit")
    make_risk(manager, org["a"], grid, title="Autre", inherent_severity=1)
    response = client_for(manager).get("/risks/risks/heatmap/")
    inherent, residual = response.context["grids"]
    cells = {(c["likelihood"], c["severity"]): c for row in inherent["rows"] for c in row["cells"]}
    assert (cells[(4, 3)]["count"], cells[(4, 1)]["count"], inherent["total"]) == (2, 1, 3)
    assert residual["total"] == 1
    listed = client_for(manager).get(cells[(4, 3)]["url"])
    assert sorted(r.title for r in listed.context["page"].object_list) == [
        "Bruit",
        "Fumées de soudage",
    ]
    top = list(response.context["top"])
    assert [r.title for r in top] == ["Bruit", "Fumées de soudage", "Autre"]
    make_risk(manager, org["a"], grid, title="Cobot", risk_type="opportunity", treatment="exploit")
    again = client_for(manager).get("/risks/risks/heatmap/")
    assert "Cobot" not in [r.title for r in again.context["top"]]
    chances = client_for(manager).get("/risks/risks/heatmap/", {"risk_type": "opportunity"})
    assert [r.title for r in chances.context["top"]] == ["Cobot"]


def test_outsider_gets_404_on_review_and_sees_an_empty_heatmap(
    client_for, org, manager, outsider, grid
):
    risk = make_risk(manager, org["a"], grid)
    client = client_for(outsider)
    assert client.post(f"/risks/risks/{risk.pk}/review/", {}).status_code == 404
    assert RiskReview.objects.count() == 0
    response = client.get("/risks/risks/heatmap/")
    assert response.context["grids"] == []
    assert list(response.context["top"]) == []


def test_process_sheet_lists_its_risks(client_for, org, manager, grid):
    from amelio.processes.models import Process

    process = services.record_create(
        record=Process(
            org_unit=org["a"], code="P-SOU", name="Soudage", process_type="operational",
            purpose="Souder", owner=manager,
        ),
        user=manager,
    )  # fmt: skip
    make_risk(manager, org["a"], grid, process=process)
    response = client_for(manager).get(f"/processes/processes/{process.pk}/")
    assert "Fumées de soudage" in response.content.decode()


def test_demo_loads_forty_risks_and_opportunities(demo_company, db):
    assert Risk.objects.count() == 40
    assert Risk.objects.filter(risk_type="opportunity").count() == 8
    assert Risk.objects.filter(residual_score__isnull=False).count() == 31
    assert RiskReview.objects.count() == 102


def test_a_new_risk_needs_a_matrix_in_use(org, manager, grid):
    grid.status = "retired"
    grid.save()
    with pytest.raises(ValidationError) as error:
        make_risk(manager, org["a"], grid)
    assert list(error.value.message_dict) == ["matrix"]


def test_heatmap_draws_the_trend_of_reviews_per_quarter(client_for, org, manager, grid):
    risk = make_risk(manager, org["a"], grid, residual_likelihood=2, residual_severity=2)
    other = make_risk(manager, org["a"], grid, title="Bruit", inherent_severity=1)
    risk_services.risk_review(risk=risk, user=manager, reviewed_on=dt.date(2026, 2, 10))
    risk_services.risk_review(risk=other, user=manager, reviewed_on=dt.date(2026, 3, 30))
    risk_services.risk_review(risk=risk, user=manager, reviewed_on=dt.date(2026, 4, 1))
    assert risk_services.review_trend(Risk.objects.all()) == [
        {"date": dt.date(2026, 1, 1), "inherent": 8.0, "residual": 4.0},
        {"date": dt.date(2026, 4, 1), "inherent": 12.0, "residual": 4.0},
    ]
    figure = client_for(manager).get("/risks/risks/heatmap/").context["trend"]
    assert figure["data"][0]["y"] == [8.0, 12.0]


def test_heatmap_and_detail_queries_do_not_grow_with_rows(client_for, org, manager, grid):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manager)
    first = make_risk(manager, org["a"], grid, residual_likelihood=2, residual_severity=2)
    risk_services.risk_review(risk=first, user=manager)
    client.get("/risks/risks/heatmap/")
    with CaptureQueriesContext(connection) as one:
        client.get("/risks/risks/heatmap/")
    for index in range(10):
        risk = make_risk(manager, org["a"], grid, title=f"Risque {index}", inherent_severity=2)
        risk_services.risk_review(risk=risk, user=manager)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/risks/risks/heatmap/").status_code == 200
    # 16: the count of threats above tolerance is one query of its own.
    assert len(many) == len(one) <= 16


def test_lists_filter_on_levels_and_sort_by_criticity(client_for, org, manager, grid):
    make_risk(manager, org["a"], grid, title="Bas", inherent_likelihood=1, inherent_severity=1)
    make_risk(manager, org["a"], grid, title="Haut")
    make_risk(manager, org["a"], grid, title="Moyen", inherent_likelihood=2, inherent_severity=2)
    client = client_for(manager)
    ordered = client.get("/risks/risks/").context["page"].object_list
    assert [r.title for r in ordered] == ["Haut", "Moyen", "Bas"]
    critical = client.get("/risks/risks/", {"inherent_level": "critical"})
    assert [r.title for r in critical.context["page"].object_list] == ["Haut"]
    choices = dict(critical.context["filterset"].form.fields["inherent_level"].choices)
    assert choices["high"] == "Important / Élevé"
    api = client.get("/api/v1/risks/risks/", {"residual_level": "low"}).json()
    assert api["count"] == 0


def test_api_scores_and_refuses_values_off_the_scale(client_for, org, manager, grid):
    client = client_for(manager)
    payload = {
        "title": "Bruit",
        "org_unit": "A",
        "risk_type": "risk",
        "source": "process",
        "event": "Exposition",
        "matrix": grid.pk,
        "inherent_likelihood": 3,
        "inherent_severity": 3,
        "treatment": "reduce",
    }
    created = client.post("/api/v1/risks/risks/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert (created.json()["inherent_score"], created.json()["inherent_level"]) == (9, "high")
    refused = client.post(
        "/api/v1/risks/risks/",
        {**payload, "inherent_likelihood": 7},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "inherent_likelihood" in refused.json()
    assert Risk.objects.count() == 1


def test_a_plain_save_keeps_scores_in_step(org, manager, grid):
    risk = make_risk(manager, org["a"], grid)
    risk.inherent_likelihood = 1
    risk.save()
    risk.refresh_from_db()
    assert (risk.inherent_score, risk.inherent_level) == (3, "low")
