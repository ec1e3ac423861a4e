"""The risk form: matrix scales for the factor fields, htmx partial on errors."""

from __future__ import annotations

import json

from amelio.scoring.models import ScoringMatrix
from amelio.scoring.services import install_defaults


def test_form_carries_the_scales_and_keeps_its_partial_on_errors(client_for, org, manager):
    install_defaults()
    client = client_for(manager)
    page = client.get("/risks/risks/add/")
    attrs = page.context["form"].fields["matrix"].widget.attrs
    grid = ScoringMatrix.objects.get(code="PG-4x4")
    scales = json.loads(attrs["data-scales"])
    assert [f["label"] for f in scales[str(grid.pk)]] == ["Probabilité / fréquence", "Gravité"]
    assert scales[str(grid.pk)][1]["values"][3] == [4, "Très grave"]
    assert "amelio/scored.js" in page.content.decode()
    response = client.post(
        "/risks/risks/add/",
        {"title": "x", "org_unit": org["a"].pk, "matrix": grid.pk, "inherent_likelihood": 9},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="record-form"')
    assert "inherent_likelihood_error" in body
