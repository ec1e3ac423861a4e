"""A NUL character is refused with 400 before it reaches a query (PostgreSQL stores none in
text: a search or a lookup on one failed with a server error); uploaded files keep theirs."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile


def test_a_nul_in_the_query_string_is_refused(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get("/compliance/texts/?q=a%00b").status_code == 400
    assert client.get("/api/v1/compliance/texts/?search=%00").status_code == 400
    assert client.get("/compliance/texts/?q=ab").status_code == 200


def test_a_nul_in_a_form_or_json_body_is_refused(client_for, coordinator, org):
    from amelio.compliance.models import DeclaredFact

    client = client_for(coordinator)
    encoded = client.post(
        "/compliance/facts/add/",
        f"fact=night_work&org_unit={org['a'].pk}&note=a%00b",
        content_type="application/x-www-form-urlencoded",
    )
    assert encoded.status_code == 400
    # A multipart form reaches the form, whose text fields refuse NUL on the field.
    posted = client.post(
        "/compliance/facts/add/", {"fact": "night_work", "org_unit": org["a"].pk, "note": "a\x00b"}
    )
    assert posted.status_code == 200
    assert "note" in posted.context["form"].errors
    api = client.post(
        "/api/v1/energy/variables/",
        json.dumps({"name": "x", "org_unit": "A\u0000"}),
        content_type="application/json",
    )
    assert api.status_code == 400
    assert not DeclaredFact.objects.exists()


def test_an_uploaded_file_may_hold_nul_bytes(client_for, coordinator):
    upload = SimpleUploadedFile("data.xlsx", b"PK\x00\x00not really a workbook")
    response = client_for(coordinator).post("/compliance/texts/import/", {"file": upload})
    assert response.status_code == 200
    assert response.context["error"]
