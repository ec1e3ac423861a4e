"""Process map, process sheet, its PDF, the inputs and outputs editor, and the code rule."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry

from amelio.core import services
from amelio.core.models import OrgUnit, RoleAssignment, User
from amelio.core.permissions import forget_cached_scopes
from amelio.core.registry import registry
from amelio.processes.models import Process, ProcessFlow
from tests.samples import sample_data

MAP = "/processes/map/"


@pytest.fixture(autouse=True)
def _english(client):
    """Pages in English, so that the assertions on messages do not depend on the catalogue."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _process(unit, user, code, kind="operational", order=10, **extra) -> Process:
    process = Process(
        code=code,
        name=extra.pop("name", f"Process {code}"),
        process_type=kind,
        map_order=order,
        org_unit=unit,
        owner=user,
        purpose="Why it exists",
        **extra,
    )
    return services.record_create(record=process, user=user)


def _flow(process, direction, label, other=None, text=""):
    return ProcessFlow.objects.create(
        process=process,
        direction=direction,
        label=label,
        counterpart_process=other,
        counterpart_text=text,
    )


@pytest.fixture
def chain(org, coordinator):
    """Sales (site A) feeds production (site A unit); a support process on site B feeds
    production; management review at organisation level."""
    sales = _process(org["a"], coordinator, "R-VEN", order=1, name="Sales")
    production = _process(org["a_unit"], coordinator, "R-PRD", order=2, name="Production")
    purchasing = _process(org["b"], coordinator, "S-ACH", kind="support", name="Purchasing")
    review = _process(org["root"], coordinator, "M-DIR", kind="management", name="Review")
    _flow(sales, "output", "Validated order", production)
    _flow(production, "input", "Raw material", purchasing)
    _flow(review, "output", "Objectives", sales)
    _flow(sales, "input", "Customer orders", text="Customer")
    return {"sales": sales, "production": production, "purchasing": purchasing, "review": review}


def _boxes(html: str) -> list[str]:
    return re.findall(r'data-process="(\d+)"', html)


def _arrows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-source="(\d+)" data-target="(\d+)"', html)


def test_map_draws_boxes_and_arrows(client_for, coordinator, chain):
    response = client_for(coordinator).get(MAP)
    assert response.status_code == 200
    html = response.content.decode()
    ids = {key: str(p.pk) for key, p in chain.items()}
    assert sorted(_boxes(html)) == sorted(ids.values())
    assert sorted(_arrows(html)) == sorted(
        [
            (ids["sales"], ids["production"]),
            (ids["purchasing"], ids["production"]),
            (ids["review"], ids["sales"]),
        ]
    )
    assert f'href="/processes/processes/{ids["sales"]}/"' in html
    assert "pm-arrow-chain" in html and "pm-arrow-link" in html
    # Numbers in the SVG are never localised (no decimal commas, even in French).
    french = client_for(coordinator).get(MAP, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert not re.search(r'(?:x|y|width|height)="\d+,\d', french)


def test_map_shows_only_the_processes_of_the_users_units(client_for, manager, chain):
    html = client_for(manager).get(MAP).content.decode()
    assert sorted(_boxes(html)) == sorted([str(chain["sales"].pk), str(chain["production"].pk)])
    assert _arrows(html) == [(str(chain["sales"].pk), str(chain["production"].pk))]
    assert "Purchasing" not in html and "M-DIR" not in html


def test_map_leaves_out_archived_processes(client_for, coordinator, chain):
    services.record_archive(record=chain["production"], user=coordinator)
    html = client_for(coordinator).get(MAP).content.decode()
    assert str(chain["production"].pk) not in _boxes(html)
    assert _arrows(html) == [(str(chain["review"].pk), str(chain["sales"].pk))]


def test_map_of_an_empty_organisation_explains_what_to_do(client_for, coordinator):
    response = client_for(coordinator).get(MAP)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No process yet." in html
    assert _boxes(html) == []
    assert html.count("No process in this band yet") == 3


def test_map_of_the_demo(demo_company, db, client_for):
    coordinator = User.objects.get(username="coordinator")
    html = client_for(coordinator).get(MAP).content.decode()
    assert len(_boxes(html)) == 14
    assert len(_arrows(html)) == 19
    assert html.count("pm-arrow-chain") == 5 + 1  # five arrows and the CSS rule


def test_map_needs_login(client):
    response = client.get(MAP)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_sheet_shows_flows_and_neighbours(client_for, coordinator, chain):
    response = client_for(coordinator).get(f"/processes/processes/{chain['production'].pk}/")
    assert response.status_code == 200
    context = response.context
    assert [f.label for f in context["inputs"]] == ["Raw material"]
    assert context["upstream"] == [chain["sales"], chain["purchasing"]]
    assert context["downstream"] == []
    html = response.content.decode()
    assert "Risks and opportunities" in html
    assert f"/processes/processes/{chain['production'].pk}/sheet.pdf" in html


def test_sheet_hides_neighbours_the_user_may_not_see(client_for, manager, chain):
    response = client_for(manager).get(f"/processes/processes/{chain['production'].pk}/")
    assert response.context["upstream"] == [chain["sales"]]
    assert [f.counterpart for f in response.context["inputs"]] == ["a process outside your units"]
    assert "Purchasing" not in response.content.decode()


def test_sheet_pdf(client_for, coordinator, chain):
    response = client_for(coordinator).get(f"/processes/processes/{chain['sales'].pk}/sheet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "r-ven" in response["Content-Disposition"]


def test_outsider_gets_404_on_sheet_pdf_and_flows(client_for, outsider, chain):
    client = client_for(outsider)
    pk = chain["sales"].pk
    for url in (
        f"/processes/processes/{pk}/",
        f"/processes/processes/{pk}/sheet.pdf",
        f"/processes/processes/{pk}/flows/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/processes/processes/{pk}/flows/", {}).status_code == 404


def _flows_post(process, rows, version):
    data = {
        "flows-TOTAL_FORMS": str(len(rows)),
        "flows-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "flows-MIN_NUM_FORMS": "0",
        "flows-MAX_NUM_FORMS": "1000",
        "version": str(version),
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"flows-{index}-{key}"] = value
    return data


def test_flows_editor_saves_as_one_versioned_change(client_for, manager, chain):
    production = chain["production"]
    client = client_for(manager)
    assert client.get(f"/processes/processes/{production.pk}/flows/").status_code == 200
    existing = production.flows.get()
    rows = [
        {
            "id": existing.pk,
            "direction": "input",
            "label": "Raw material",
            "position": 0,
            "DELETE": "on",
        },
        {
            "direction": "output",
            "label": "Machined parts",
            "counterpart_text": "Customer",
            "position": 1,
        },
    ]
    response = client.post(
        f"/processes/processes/{production.pk}/flows/", _flows_post(production, rows, 1)
    )
    assert response.status_code == 302
    production.refresh_from_db()
    assert production.version == 2
    assert production.updated_by == manager
    assert list(production.flows.values_list("label", "counterpart_text")) == [
        ("Machined parts", "Customer")
    ]
    entry = LogEntry.objects.get_for_object(production).filter(action=LogEntry.Action.UPDATE)
    assert entry.get().actor == manager
    # A second save from the same (now stale) page changes nothing.
    rows = [{"direction": "input", "label": "Late", "position": 0}]
    stale = client.post(
        f"/processes/processes/{production.pk}/flows/", _flows_post(production, rows, 1)
    )
    assert stale.status_code == 200
    assert stale.context["conflict"] is True
    assert not production.flows.filter(label="Late").exists()


def test_flows_editor_refuses_two_counterparts_and_a_reader(client_for, manager, reader, chain):
    sales = chain["sales"]
    rows = [
        {
            "direction": "output",
            "label": "Both",
            "counterpart_process": chain["production"].pk,
            "counterpart_text": "Customer",
            "position": 0,
        }
    ]
    url = f"/processes/processes/{sales.pk}/flows/"
    response = client_for(manager).post(url, _flows_post(sales, rows, 1))
    assert response.status_code == 200
    assert "Choose one counterpart" in response.content.decode()
    assert not sales.flows.filter(label="Both").exists()
    assert client_for(reader).get(url).status_code == 403


def test_flows_editor_offers_only_visible_processes(client_for, manager, chain):
    response = client_for(manager).get(f"/processes/processes/{chain['sales'].pk}/flows/")
    choices = response.context["formset"].forms[0].fields["counterpart_process"].queryset
    assert list(choices) == [chain["production"]]


def test_code_is_unique_among_active_processes_of_the_organisation(
    client_for, org, coordinator, chain
):
    register = registry.for_model(Process)
    data = {**sample_data(register, org["a"], coordinator), "code": "r-ven"}
    response = client_for(coordinator).post("/processes/processes/add/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Another active process of the organisation has this code."
    ]
    assert Process.objects.filter(code__iexact="r-ven").count() == 1
    # Archived processes free their code; another organisation has its own codes.
    services.record_archive(record=chain["sales"], user=coordinator)
    _process(org["a"], coordinator, "R-VEN")
    other = OrgUnit.objects.create(kind="organisation", name="Other", code="OTHER")
    RoleAssignment.objects.create(user=coordinator, org_unit=other, role="coordinator")
    forget_cached_scopes(coordinator)
    _process(other, coordinator, "R-VEN")
    assert Process.objects.filter(code="R-VEN").count() == 3


def test_api_nests_flows_read_only(client_for, coordinator, chain):
    response = client_for(coordinator).get(f"/api/v1/processes/processes/{chain['sales'].pk}/")
    flows = response.json()["flows"]
    assert [(f["direction"], f["label"], f["counterpart_label"]) for f in flows] == [
        ("input", "Customer orders", "Customer"),
        ("output", "Validated order", "R-PRD Production"),
    ]


def test_api_does_not_name_a_counterpart_out_of_scope(client_for, manager, chain):
    pk = chain["production"].pk
    flow = client_for(manager).get(f"/api/v1/processes/processes/{pk}/").json()["flows"][0]
    assert (flow["counterpart_process"], flow["counterpart_label"]) == (
        None,
        "a process outside your units",
    )


def test_demo_loads_processes_and_flows(demo_company, db):
    assert Process.objects.count() == 14
    assert ProcessFlow.objects.count() == 30
    assert ProcessFlow.objects.filter(counterpart_party__isnull=False).count() == 6
    manager = User.objects.get(username="manager")
    assert set(Process.objects.for_user(manager).values_list("org_unit__code", flat=True)) == {
        "LYO"
    }


def test_inputs_and_outputs_workbook(client_for, manager, outsider, chain):
    import io

    from openpyxl import load_workbook

    response = client_for(manager).get("/processes/flows.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Process code", "Process", "Type", "Direction", "Element")
    # In map order (sales, then production); the manager cannot see S-ACH on site B.
    assert rows[1:] == [
        ("R-VEN", "Sales", "Operational", "Input", "Customer orders", "Other", "Customer"),
        (
            "R-VEN",
            "Sales",
            "Operational",
            "Output",
            "Validated order",
            "Process",
            "R-PRD Production",
        ),
        (
            "R-PRD",
            "Production",
            "Operational",
            "Input",
            "Raw material",
            "Other",
            "a process outside your units",
        ),
    ]
    outsider_rows = load_workbook(
        io.BytesIO(client_for(outsider).get("/processes/flows.xlsx").content)
    ).active.max_row
    assert outsider_rows == 1  # the header: S-ACH, on site B, declares no flow itself


def test_map_with_many_processes_wraps_rows(client_for, org, coordinator):
    for index in range(15):
        _process(org["a"], coordinator, f"S-{index:02d}", kind="support", order=index)
    response = client_for(coordinator).get(MAP)
    layout = response.context["layout"]
    assert len(_boxes(response.content.decode())) == 15
    assert [b.row for b in layout.boxes] == [0] * 6 + [1] * 6 + [2] * 3
    assert layout.bands[2].height == 30 + 3 * 64 + 2 * 24 + 16


def test_map_takes_the_filters_of_the_list(client_for, org, coordinator, chain):
    client = client_for(coordinator)
    site_a = client.get(MAP, {"org_unit": org["a"].pk}).content.decode()
    assert sorted(_boxes(site_a)) == sorted([str(chain["sales"].pk), str(chain["production"].pk)])
    support = client.get(MAP, {"process_type": "support"}).content.decode()
    assert _boxes(support) == [str(chain["purchasing"].pk)]
    assert _arrows(support) == []
    nothing = client.get(MAP, {"owner": 999999})
    assert nothing.status_code == 200
    assert "No process matches these filters." in nothing.content.decode()


def test_map_query_count_does_not_grow_with_processes(client_for, org, coordinator, chain):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)
    client.get(MAP)
    with CaptureQueriesContext(connection) as few:
        client.get(MAP)
    for index in range(10):
        more = _process(org["a"], coordinator, f"S-{index}", kind="support")
        _flow(more, "output", "Help", chain["sales"])
    with CaptureQueriesContext(connection) as many:
        assert len(_arrows(client.get(MAP).content.decode())) == 13
    assert len(many) == len(few)


def test_history_names_the_inputs_and_outputs_change(client_for, manager, chain):
    production = chain["production"]
    client = client_for(manager)
    rows = [{"direction": "output", "label": "Parts", "counterpart_text": "Customer"}]
    client.post(f"/processes/processes/{production.pk}/flows/", _flows_post(production, rows, 1))
    rows_shown = client.get(f"/processes/processes/{production.pk}/history/").context["rows"]
    changed, created = rows_shown
    assert [str(c["label"]) for c in changed["changes"]] == ["inputs and outputs"]
    assert changed["changes"][0]["new"].endswith("→ Parts (Customer)")
    assert "flows" not in [c["label"] for c in created["changes"]]
    assert "counterpart_flows" not in [c["label"] for c in created["changes"]]


def test_flows_editor_keeps_a_counterpart_out_of_scope_without_naming_it(
    client_for, manager, chain
):
    production = chain["production"]
    client = client_for(manager)
    page = client.get(f"/processes/processes/{production.pk}/flows/")
    assert "Purchasing" not in page.content.decode()
    existing = production.flows.get()
    rows = [
        {
            "id": existing.pk,
            "direction": "input",
            "label": "Raw material and tools",
            "counterpart_process": chain["purchasing"].pk,
            "position": 0,
        }
    ]
    response = client.post(
        f"/processes/processes/{production.pk}/flows/", _flows_post(production, rows, 1)
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert (existing.label, existing.counterpart_process) == (
        "Raw material and tools",
        chain["purchasing"],
    )


def test_restore_is_refused_while_the_code_is_taken(client_for, org, coordinator, chain):
    sales = chain["sales"]
    services.record_archive(record=sales, user=coordinator)
    _process(org["a"], coordinator, "R-VEN", name="New sales")
    client = client_for(coordinator)
    response = client.post(f"/processes/processes/{sales.pk}/restore/", follow=True)
    assert "change one of the two codes" in response.content.decode()
    sales.refresh_from_db()
    assert sales.is_archived
    api = client.post(f"/api/v1/processes/processes/{sales.pk}/restore/")
    assert api.status_code == 400
    sales.refresh_from_db()
    assert sales.is_archived


@pytest.mark.parametrize(("language", "label"), [("fr", "Référence"), ("en", "Reference")])
def test_sheet_pdf_follows_the_users_language(
    client_for, coordinator, chain, monkeypatch, language, label
):
    import weasyprint

    rendered = {}

    class FakeHTML:
        def __init__(self, string, base_url=None):
            rendered["html"] = string

        def write_pdf(self):
            return b"%PDF-fake"

    monkeypatch.setattr(weasyprint, "HTML", FakeHTML)
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    client = client_for(coordinator)
    response = client.get(f"/processes/processes/{chain['sales'].pk}/sheet.pdf")
    assert response.content == b"%PDF-fake"
    assert label in rendered["html"]
    assert f'lang="{language}"' in rendered["html"]
