"""Pages of nonconformities: the toolbox, the PDFs, the analysis page; another site's user
gets 404 on all of them and in the API."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from amelio.core import services
from amelio.nonconformities.models import EightD, IshikawaCause, Nonconformity, WhyStep

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def nc(org, coordinator):
    record = Nonconformity(
        title="Scratches on flange B-12",
        org_unit=org["a"],
        nc_type="customer",
        detected_on=TODAY,
        product="Flange B-12",
        defect_type="Scratch",
        third_party="Alpha Pompes",
        containment="Sorting of the stock: 40 parts blocked",
        cost_scrap=Decimal("100"),
    )
    return services.record_create(record=record, user=coordinator)


def urls(nc):
    return [
        reverse("nonconformities:nonconformity_detail", args=[nc.pk]),
        reverse("nonconformities:nc_whys", args=[nc.pk]),
        reverse("nonconformities:nc_ishikawa", args=[nc.pk]),
        reverse("nonconformities:nc_eight_d", args=[nc.pk]),
        reverse("nonconformities:nc_eight_d_pdf", args=[nc.pk]),
        reverse("nonconformities:nc_letter_pdf", args=[nc.pk, "acknowledgement"]),
        reverse("nonconformities:nc_letter_pdf", args=[nc.pk, "response"]),
        reverse("nonconformities:nc_a3_pdf", args=[nc.pk]),
        f"/api/v1/nonconformities/nonconformities/{nc.pk}/",
    ]


def test_outsider_gets_404_everywhere(nc, outsider, client_for):
    client = client_for(outsider)
    for url in urls(nc):
        assert client.get(url).status_code == 404, url


def test_coordinator_sees_every_page(nc, coordinator, client_for):
    client = client_for(coordinator)
    for url in urls(nc):
        response = client.get(url)
        assert response.status_code == 200, url
    for pdf in (urls(nc)[4], urls(nc)[-2]):
        assert client.get(pdf)["Content-Type"] == "application/pdf"


def test_reader_may_not_edit_tools(nc, reader, client_for):
    client = client_for(reader)
    assert client.get(urls(nc)[0]).status_code == 200
    assert client.get(urls(nc)[1]).status_code == 403
    assert client.post(urls(nc)[1], {"question_1": "Why?", "answer_1": "x"}).status_code == 403
    assert not WhyStep.objects.exists()


def test_five_whys_fill_the_root_cause(nc, coordinator, client_for):
    client = client_for(coordinator)
    data = {
        "question_1": "Why are flanges scratched?",
        "answer_1": "They rub in the crate",
        "question_2": "Why do they rub?",
        "answer_2": "No separator in the crate",
    }
    response = client.post(urls(nc)[1], data)
    assert response.status_code == 302
    assert list(WhyStep.objects.values_list("position", "answer")) == [
        (1, "They rub in the crate"),
        (2, "No separator in the crate"),
    ]
    nc.refresh_from_db()
    assert (nc.root_cause, nc.version) == ("No separator in the crate", 2)


def test_a_why_without_answer_is_refused(nc, coordinator, client_for):
    response = client_for(coordinator).post(urls(nc)[1], {"question_1": "Why?"})
    assert response.status_code == 200
    assert not WhyStep.objects.exists()
    assert Nonconformity.objects.get(pk=nc.pk).root_cause == ""


def test_ishikawa_is_saved_and_drawn(nc, coordinator, client_for):
    client = client_for(coordinator)
    data = {"variant": "5M", "causes_method": "No separator\nCrates reused", "causes_machine": ""}
    assert client.post(urls(nc)[2], data).status_code == 302
    assert list(IshikawaCause.objects.values_list("category", "text")) == [
        ("method", "No separator"),
        ("method", "Crates reused"),
    ]
    page = client.get(urls(nc)[0]).content.decode()
    assert "nc-fishbone" in page and "Crates reused" in page


def test_eight_d_is_started_from_the_nc(nc, coordinator, client_for):
    client = client_for(coordinator)
    page = client.get(urls(nc)[3]).content.decode()
    assert "Sorting of the stock" in page
    data = {"opened_on": "2026-03-11", "d1_team": "Claire\nJulien", "d4_root_cause": "No separator"}
    assert client.post(urls(nc)[3], data).status_code == 302
    report = EightD.objects.get(nonconformity=nc)
    assert report.team() == ["Claire", "Julien"]
    assert Nonconformity.objects.get(pk=nc.pk).root_cause == "No separator"


def test_letters_only_for_complaints(nc, coordinator, client_for):
    Nonconformity.objects.filter(pk=nc.pk).update(nc_type="internal")
    assert client_for(coordinator).get(urls(nc)[5]).status_code == 403


def test_analysis_page(nc, coordinator, client_for, org):
    later = Nonconformity(
        title="Scratch again",
        org_unit=org["a"],
        detected_on=TODAY + dt.timedelta(days=12),
        product="flange b-12",
        defect_type="scratch",
        cause_category="method",
    )
    services.record_create(record=later, user=coordinator)
    client = client_for(coordinator)
    response = client.get(
        reverse("nonconformities:nonconformity_analysis"),
        {"measure": "cost"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert [r.label for r in response.context["pareto"]] == ["Not given"]
    assert response.context["recurrence_count"] == 1
    assert response.context["total_cost"] == Decimal("100")
    detail = client.get(reverse("nonconformities:nonconformity_detail", args=[later.pk]))
    assert [o.pk for o in detail.context["earlier"]] == [nc.pk]
    assert detail.context["similar"][0][0].pk == nc.pk


def test_cross_table_by_cause_and_quarter_with_its_excel_file(nc, coordinator, client_for, org):
    for day, cause, scrap in [
        (dt.date(2026, 4, 2), "method", "40.50"),
        (dt.date(2026, 5, 20), "method", "9.50"),
        (dt.date(2025, 12, 1), "machine", "12"),
    ]:
        record = Nonconformity(
            title="Bavure",
            org_unit=org["a"],
            detected_on=day,
            cause_category=cause,
            cost_scrap=Decimal(scrap),
        )
        services.record_create(record=record, user=coordinator)
    client = client_for(coordinator)
    url = reverse("nonconformities:nonconformity_analysis")
    with translation.override("en"):
        response = client.get(
            url, {"rows": "cause_category", "cols": "quarter"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        pivot = response.context["pivot"]
        assert pivot["headings"] == ["Q4 2025", "Q1 2026", "Q2 2026"]
        assert pivot["table"].lines() == [
            ("Method", [0, 0, 2], 2),
            ("Machine", [1, 0, 0], 1),
            ("Not given", [0, 1, 0], 1),
        ]
        costs = client.get(
            url,
            {"rows": "cause_category", "cols": "year", "measure": "cost", "export": "pivot"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert costs["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(costs.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Cause category", "2025", "2026", "Total"],
        ["Not given", 0, 100, 100],
        ["Method", 0, 50, 50],
        ["Machine", 12, 0, 12],
        ["Total", 12, 150, 162],
    ]
    # An unknown choice falls back to the default table instead of failing.
    response = client.get(url, {"rows": "secret", "cols": "owner__password"})
    assert (response.context["pivot"]["rows"], response.context["pivot"]["cols"]) == (
        "cause_category",
        "quarter",
    )


def test_outsider_does_not_see_it_in_analysis(nc, outsider, client_for):
    response = client_for(outsider).get(reverse("nonconformities:nonconformity_analysis"))
    assert response.context["total"] == 0


def test_api_creates_with_a_stored_total_and_scopes_lists(client_for, org, manager, outsider):
    client = client_for(manager)
    payload = {
        "title": "Porosité soudure",
        "org_unit": "A",
        "nc_type": "internal",
        "severity": "major",
        "cost_scrap": "10.50",
        "cost_rework": "4.25",
        "status": "closed",
        "cost_total": "999",
    }
    url = "/api/v1/nonconformities/nonconformities/"
    created = client.post(url, payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["cost_total"]) == ("draft", "14.75")
    refused = client.post(
        url,
        {**payload, "quantity_checked": 5, "quantity_nonconforming": 6},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert Nonconformity.objects.count() == 1
    assert client_for(outsider).get(url).json()["count"] == 0
