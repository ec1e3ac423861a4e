"""Scoring matrices as stored data: defaults, pages, editing rights, used matrices, versions."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from amelio.scoring import services
from amelio.scoring.models import ScoringMatrix


@pytest.fixture
def matrix(db):
    services.install_defaults()
    return ScoringMatrix.objects.get(code="PG-4x4", version=1)


def test_the_migration_ships_three_matrices_in_use(matrix):
    assert sorted(ScoringMatrix.objects.values_list("code", "version", "status")) == [
        ("AMDEC-SOD", 1, "in_use"),
        ("PG-4x4", 1, "in_use"),
        ("PG-5x5", 1, "in_use"),
    ]
    assert services.install_defaults() == 0


def test_model_evaluates_and_validates(matrix):
    assert matrix.evaluate([3, 3]).level == "high"
    matrix.definition["levels"][0]["max"] = 4
    with pytest.raises(ValidationError) as error:
        matrix.full_clean()
    assert "definition" in error.value.message_dict


def test_everyone_reads_the_grid(client_for, employee, matrix):
    response = client_for(employee).get(f"/scoring/matrices/{matrix.pk}/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["value"]["value"] for row in rows] == [4, 3, 2, 1]
    assert [c["result"].score for c in rows[0]["cells"]] == [4, 8, 12, 16]
    assert rows[0]["cells"][3]["level"]["colour"] == "#c62828"
    listing = client_for(employee).get("/scoring/matrices/")
    assert len(listing.context["matrices"]) == 3


def test_only_coordinators_and_administrators_edit(client_for, manager, coordinator, matrix):
    assert client_for(manager).get(f"/scoring/matrices/{matrix.pk}/edit/").status_code == 403
    assert (
        client_for(manager).post(f"/scoring/matrices/{matrix.pk}/new-version/").status_code == 403
    )
    assert ScoringMatrix.objects.count() == 3
    client = client_for(coordinator)
    response = client.get(f"/scoring/matrices/{matrix.pk}/edit/")
    assert response.status_code == 200


def test_an_unused_matrix_is_edited_with_validation(client_for, coordinator, matrix):
    client = client_for(coordinator)
    data = {
        "name_fr": "Grille 4x4",
        "name_en": "4x4 grid",
        "purpose_fr": "",
        "purpose_en": "",
        "source": "test",
        "status": "in_use",
        "definition": json.dumps({**matrix.definition, "levels": matrix.definition["levels"][:2]}),
    }
    refused = client.post(f"/scoring/matrices/{matrix.pk}/edit/", data)
    assert refused.status_code == 200
    assert "definition" in refused.context["form"].errors
    matrix.refresh_from_db()
    assert matrix.name_fr != "Grille 4x4"
    data["definition"] = json.dumps(matrix.definition)
    assert client.post(f"/scoring/matrices/{matrix.pk}/edit/", data).status_code == 302
    matrix.refresh_from_db()
    assert (matrix.name_fr, matrix.updated_by) == ("Grille 4x4", coordinator)


def test_new_version_copies_as_a_draft(client_for, coordinator, matrix):
    response = client_for(coordinator).post(f"/scoring/matrices/{matrix.pk}/new-version/")
    draft = ScoringMatrix.objects.get(code="PG-4x4", version=2)
    assert response.url == f"/scoring/matrices/{draft.pk}/edit/"
    assert (draft.status, draft.previous, draft.definition) == (
        "draft",
        matrix,
        matrix.definition,
    )


def test_cached_matrix_is_forgotten_on_save(matrix, django_assert_num_queries):
    services.forget_matrix()
    assert services.cached_matrix(matrix.pk) == matrix
    with django_assert_num_queries(0):
        services.cached_matrix(matrix.pk)
    matrix.save()
    with django_assert_num_queries(1):
        services.cached_matrix(matrix.pk)


def test_fmea_page_words_the_escalation_with_labels(client_for, employee, matrix):
    fmea = ScoringMatrix.objects.get(code="AMDEC-SOD")
    response = client_for(employee).get(f"/scoring/matrices/{fmea.pk}/")
    assert response.context["escalations"] == [
        {"factor": "Gravité (G)", "value": 9, "level": "Action requise"}
    ]
    assert len(response.context["rows"]) == 10


def test_a_used_matrix_can_still_be_retired(client_for, coordinator, manager, matrix):
    assert (
        client_for(manager)
        .post(f"/scoring/matrices/{matrix.pk}/status/", {"status": "retired"})
        .status_code
        == 403
    )
    client = client_for(coordinator)
    client.post(f"/scoring/matrices/{matrix.pk}/status/", {"status": "retired"})
    matrix.refresh_from_db()
    assert matrix.status == "retired"
    client.post(f"/scoring/matrices/{matrix.pk}/status/", {"status": "bogus"})
    matrix.refresh_from_db()
    assert matrix.status == "retired"


def test_api_lists_matrices_read_only(client_for, employee, matrix, client):
    api = client_for(employee)
    listed = api.get("/api/v1/scoring/matrices/", {"code": "PG-4x4"}).json()
    assert [m["reference"] for m in listed["results"]] == ["PG-4x4 v1"]
    assert listed["results"][0]["definition"]["levels"][3]["key"] == "critical"
    assert api.delete(f"/api/v1/scoring/matrices/{matrix.pk}/").status_code == 405
    client.logout()
    assert client.get("/api/v1/scoring/matrices/").status_code in (401, 403)
