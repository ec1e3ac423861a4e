"""The OpenAPI schema: reading it changes nothing for anybody, and no request it describes
makes the server fail (schemathesis, as the coordinator of a small organisation)."""

from __future__ import annotations

import json
from urllib.parse import urlencode, urlsplit

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from tests.api.payloads import API_REGISTERS, api_url
from tests.samples import also_coordinating, make_record

SCHEMA = "/api/v1/schema/?format=json"


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_reading_the_schema_leaves_the_org_unit_filter_to_each_user(
    client_for, org, coordinator, manager, outsider
):
    """The org-unit filter offers each user their own units, built per request: the schema,
    which reads the filters of every list, must not freeze them for everybody."""
    # Each site's records made by its own manager, whose samples pick records of that site.
    also_coordinating(manager, org["a"])
    also_coordinating(outsider, org["b"])
    ours = {reg.key: make_record(reg, org["a"], manager, "Ours") for reg in API_REGISTERS}
    theirs = {reg.key: make_record(reg, org["b"], outsider, "Theirs") for reg in API_REGISTERS}
    assert client_for(coordinator).get(SCHEMA).status_code == 200
    for user, unit, expected, hidden in (
        (coordinator, org["a"], ours, theirs),
        (outsider, org["b"], theirs, ours),
    ):
        client = client_for(user)
        for reg in API_REGISTERS:
            wanted, other = expected[reg.key].pk, hidden[reg.key].pk
            listed = client.get(api_url(reg), {"org_unit": unit.pk})
            assert listed.status_code == 200, (reg.key, listed.content)
            assert wanted in _ids(listed) and other not in _ids(listed), reg.key
            page = client.get(reg.url("list"), {"org_unit": unit.pk})
            shown = {r.pk for r in page.context["page"].object_list}
            assert wanted in shown and other not in shown, reg.key
            export = client.get(reg.url("export", "csv"), {"org_unit": unit.pk})
            text = b"".join(export.streaming_content).decode("utf-8-sig")
            assert expected[reg.key].reference in text, reg.key
    # The outsider is still refused a unit they do not see.
    refused = client_for(outsider).get(api_url(API_REGISTERS[0]), {"org_unit": org["a"].pk})
    assert refused.status_code == 400


# Examples per operation: the whole schema (some two hundred operations) in under a minute.
EXAMPLES = 2


def _operations(schema_dict) -> list:
    schema = schemathesis.openapi.from_dict(schema_dict)
    return [result.ok() for result in schema.get_all_operations()]


def _send(client, case):
    """The case through Django's test client (same database transaction as the test)."""
    request = case.as_transport_kwargs(base_url="http://testserver")
    query = urlencode(request.get("params") or {}, doseq=True)
    path = urlsplit(request["url"]).path + (f"?{query}" if query else "")
    body = json.dumps(request["json"]) if "json" in request else request.get("data") or ""
    return client.generic(request["method"], path, body, content_type="application/json")


def test_no_request_of_the_schema_makes_the_server_fail(client_for, org, coordinator):
    # A record of each register, that the operations on one record work on (a random id
    # would only meet 404s, which tests/api/test_lookups.py covers).
    records = {api_url(reg): make_record(reg, org["a"], coordinator).pk for reg in API_REGISTERS}
    client = client_for(coordinator)
    operations = _operations(client.get(SCHEMA).json())
    assert len(operations) > 100
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            if "id" in (case.path_parameters or {}):
                list_path = case.operation.path.split("{id}")[0]
                case.path_parameters["id"] = records.get(list_path, 1)
            response = _send(client, case)
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, case.body, case.query))

        check()
    assert failures == [], failures[:10]
