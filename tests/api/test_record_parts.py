"""A part of a record picked by id (a clause of an audit programme, chosen by an audit) is
picked through its record: a clause of a programme the user cannot see "cannot be found",
like a clause that does not exist, in the API and in the form."""

from __future__ import annotations

from amelio.audits.models import AuditProgramme, ProgrammeClause
from amelio.core.registry import registry
from tests.api.payloads import api_payload, api_url

AUDITS = registry.get("audits.audit")


def _clause(unit, coordinator, clause: str) -> ProgrammeClause:
    programme = AuditProgramme.objects.create(
        title=f"Programme {unit.code}", org_unit=unit, start_year=2026, end_year=2027
    )
    return ProgrammeClause.objects.create(programme=programme, standard="ISO 9001", clause=clause)


def test_an_audit_cannot_take_a_clause_of_a_programme_out_of_sight(
    client_for, org, coordinator, manager
):
    theirs = _clause(org["b"], coordinator, "8.4")
    missing = theirs.pk + 1000
    client = client_for(manager)

    def post(pk):
        payload = {**api_payload(AUDITS, org["a"], manager), "clauses": [pk]}
        return client.post(
            api_url(AUDITS), payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )

    outsider, absent = post(theirs.pk), post(missing)
    assert outsider.status_code == absent.status_code == 400
    assert outsider.json() == absent.json()
    assert outsider.json()["clauses"] == ["This record cannot be found."]
    assert not AUDITS.model.objects.exists()


def test_the_audit_form_offers_the_clauses_of_visible_programmes_only(
    client_for, org, coordinator, manager
):
    ours = _clause(org["a"], coordinator, "9.2")
    theirs = _clause(org["b"], coordinator, "8.4")
    form = client_for(manager).get(AUDITS.url("add")).context["form"]
    offered = set(form.fields["clauses"].queryset.values_list("pk", flat=True))
    assert ours.pk in offered
    assert theirs.pk not in offered
