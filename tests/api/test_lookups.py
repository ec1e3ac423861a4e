"""An id that is not a number, or too large for any record, is no record: 404, never a
crash, on every route of every register that takes an id."""

from __future__ import annotations

import pytest

from tests.api.payloads import API_REGISTERS, api_url

pytestmark = pytest.mark.parametrize("reg", API_REGISTERS, ids=[r.key for r in API_REGISTERS])

BAD_IDS = ["abc", "1.5", "99999999999999999999999"]


def test_a_bad_id_is_404_on_every_route(reg, client_for, org, coordinator):
    client = client_for(coordinator)
    for pk in BAD_IDS:
        assert client.get(api_url(reg, pk)).status_code == 404, pk
        assert client.post(api_url(reg, pk, "restore")).status_code == 404, pk
        patch = client.patch(api_url(reg, pk), {}, content_type="application/json")
        assert patch.status_code == 404, pk
        assert client.delete(api_url(reg, pk)).status_code == 404, pk
