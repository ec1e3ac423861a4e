"""The widgets of scored records that the scoring app owns: the heatmap grid and its cell
links, the level filter's choices, the matrix fields of a form."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django import forms
from django.test import RequestFactory

from amelio.scoring import services
from amelio.scoring.filters import LevelFilter, level_choices
from amelio.scoring.forms import setup_matrix_fields
from amelio.scoring.heatmap import cell_links, chosen_matrix, heatmap_grid
from amelio.scoring.models import ScoringMatrix


@pytest.fixture
def matrix(db):
    services.install_defaults()
    return ScoringMatrix.objects.get(code="PG-4x4", version=1)


def test_the_grid_puts_the_highest_likelihood_on_top_with_counts_and_links(matrix):
    rows = heatmap_grid(matrix, {(4, 1): 2}, "inherent", lambda prefix, key: f"{prefix}{key}")
    assert [row["value"]["value"] for row in rows] == [4, 3, 2, 1]
    first = rows[0]["cells"][0]
    assert (first["likelihood"], first["severity"], first["count"]) == (4, 1, 2)
    assert first["url"] == "inherent(4, 1)"
    assert first["level"] == matrix.level(matrix.evaluate([4, 1]).level)
    assert sum(cell["count"] for row in rows for cell in row["cells"]) == 2


def test_a_cell_link_keeps_the_filters_and_replaces_the_cell(matrix):
    request = RequestFactory().get("/", {"status": "open", "page": "3", "likelihood": "1"})
    link = cell_links(request, "/list/", matrix, {"rating": ("likelihood", "severity")})
    query = parse_qs(urlsplit(link("rating", (2, 3))).query)
    assert query == {
        "status": ["open"],
        "matrix": [str(matrix.pk)],
        "likelihood": ["2"],
        "severity": ["3"],
    }


def test_the_matrix_asked_for_wins(matrix):
    request = RequestFactory().get("/", {"matrix": str(matrix.pk)})
    assert chosen_matrix(request, ScoringMatrix.objects.none()) == matrix


def test_level_choices_are_the_levels_of_the_matrices_in_use(matrix):
    keys = [key for key, _label in level_choices()]
    assert {level["key"] for level in matrix.levels} <= set(keys)
    assert LevelFilter(field_name="inherent_level").extra["choices"] is level_choices


def test_the_matrix_field_offers_matrices_in_use_and_the_default(matrix):
    class Form(forms.ModelForm):
        class Meta:
            model = ScoringMatrix
            fields = ["code"]

    form = Form()
    form.fields["matrix"] = forms.ModelChoiceField(queryset=ScoringMatrix.objects.none())
    form.instance.matrix_id = None
    setup_matrix_fields(form, [], {"rating": "Rating"})
    field = form.fields["matrix"]
    assert field.initial == matrix.pk
    assert set(field.queryset) == set(ScoringMatrix.objects.filter(status="in_use"))
    assert field.widget.attrs["data-prefixes"] == '{"rating": "Rating"}'
    assert str(matrix.pk) in field.widget.attrs["data-scales"]
