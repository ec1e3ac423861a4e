"""The list filters that must stay light on a large organisation: people and org units."""

from __future__ import annotations

from django import forms

from amelio.context.models import ContextIssue
from amelio.core import services
from amelio.core.widgets import FastSelect, PersonInput

ISSUES = "/context/issues/"


def _issue(org, user, unit, title, owner=None):
    record = ContextIssue(
        title=title,
        org_unit=org[unit],
        origin="external",
        swot="threat",
        pestel="economic",
        impact=2,
        owner=owner,
    )
    return services.record_create(record=record, user=user)


def _titles(response) -> set[str]:
    return {r.title for r in response.context["page"].object_list}


def test_owner_filter_takes_a_username_or_an_id(client_for, org, coordinator, manager):
    _issue(org, coordinator, "a", "Owned by the manager", owner=manager)
    _issue(org, coordinator, "a", "Owned by the coordinator", owner=coordinator)
    client = client_for(coordinator)
    by_name = client.get(ISSUES, {"owner": manager.username.upper()})
    by_id = client.get(ISSUES, {"owner": str(manager.pk)})
    unknown = client.get(ISSUES, {"owner": "nobody-here"})
    assert _titles(by_name) == {"Owned by the manager"}
    assert _titles(by_id) == {"Owned by the manager"}
    assert _titles(unknown) == set()


def test_owner_filter_is_a_type_ahead_not_a_list_of_everyone(client_for, org, coordinator):
    response = client_for(coordinator).get(ISSUES, {"owner": str(coordinator.pk)})
    field = response.context["filterset"].form.fields["owner"]
    assert isinstance(field.widget, PersonInput)
    html = response.content.decode()
    # The chosen person shows by username; no <option> per person is sent with the page.
    assert f'name="owner" value="{coordinator.username}"' in html
    assert 'hx-get="/people/lookup/"' in html
    assert f">{coordinator.get_full_name()}</option>" not in html


def test_people_lookup_suggests_matching_active_people(client_for, coordinator, manager, employee):
    employee.is_active = False
    employee.save()
    client = client_for(coordinator)
    html = client.get("/people/lookup/", {"owner": manager.username[:4]}).content.decode()
    assert f'<option value="{manager.username}">' in html
    assert coordinator.username not in html
    everyone = client.get("/people/lookup/", {"owner": ""}).content.decode()
    assert f'value="{employee.username}"' not in everyone


def test_people_lookup_needs_a_login(client, coordinator):
    response = client.get("/people/lookup/", {"owner": "co"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_org_unit_filter_keeps_the_units_below(client_for, org, coordinator):
    _issue(org, coordinator, "a_unit", "In the work unit")
    _issue(org, coordinator, "a", "On site A")
    _issue(org, coordinator, "b", "On site B")
    client = client_for(coordinator)
    assert _titles(client.get(ISSUES, {"org_unit": org["a"].pk})) == {
        "In the work unit",
        "On site A",
    }
    assert _titles(client.get(ISSUES, {"org_unit": org["a_dept"].pk})) == {"In the work unit"}


def test_fast_select_renders_like_a_select():
    widget = FastSelect(attrs={"class": "form-select", "id": "id_swot"})
    widget.choices = [("", "All"), ("threat", "Threat <T>"), ("Group", [("x", "X & Y")])]
    html = widget.render("swot", "threat")
    assert html == (
        '<select class="form-select" id="id_swot" name="swot">'
        '<option value="">All</option>'
        '<option value="threat" selected>Threat &lt;T&gt;</option>'
        '<optgroup label="Group"><option value="x">X &amp; Y</option></optgroup>'
        "</select>"
    )
    assert isinstance(widget, forms.Select)
