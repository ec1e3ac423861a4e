"""A nonconformity reported from another record keeps it as its source; each page shows the
other, within what the user may see."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from amelio.context.models import ContextIssue
from amelio.core import services
from amelio.nonconformities.models import Nonconformity


def _issue(org, user, unit="a") -> ContextIssue:
    record = ContextIssue(
        title="Compresseur vieillissant", org_unit=org[unit], origin="internal", swot="weakness"
    )
    return services.record_create(record=record, user=user)


def _report(client, org, source: str):
    return client.post(
        reverse("nonconformities:nonconformity_add"),
        {
            "title": "Fuite d'air au compresseur",
            "org_unit": org["a"].pk,
            "nc_type": "internal",
            "severity": "minor",
            "detected_on": "2026-03-10",
            "ishikawa_variant": "6M",
            "source": source,
        },
    )


def test_report_from_a_record_links_both_pages(client_for, org, coordinator):
    issue = _issue(org, coordinator)
    client = client_for(coordinator)
    page = client.get(reverse("context:contextissue_detail", args=[issue.pk]))
    add_url = reverse("nonconformities:nonconformity_add")
    assert f"{add_url}?source=context.contextissue%3A{issue.pk}&org_unit={org['a'].pk}" in (
        page.content.decode()
    )
    form = client.get(add_url, {"source": f"context.contextissue:{issue.pk}"})
    assert form.context["form"]["source"].value() == f"context.contextissue:{issue.pk}"
    response = _report(client, org, f"context.contextissue:{issue.pk}")
    assert response.status_code == 302
    nc = Nonconformity.objects.get()
    assert nc.source_record == issue
    assert nc.source_content_type == ContentType.objects.get_for_model(ContextIssue)
    detail = client.get(reverse("nonconformities:nonconformity_detail", args=[nc.pk]))
    source = next(p for p in detail.context["panels"] if "source" in p["template"])
    assert source["context"]["record"] == issue
    page = client.get(reverse("context:contextissue_detail", args=[issue.pk]))
    raised = next(p for p in page.context["panels"] if "raised" in p["template"])
    assert [n.pk for n in raised["context"]["raised"]] == [nc.pk]


def test_a_source_out_of_scope_is_refused_and_nothing_is_saved(client_for, org, outsider):
    hidden = _issue(org, outsider, unit="b")
    hidden.org_unit = org["a"]
    hidden.save(update_fields=["org_unit"])  # now on site A, which the outsider cannot see
    client = client_for(outsider)
    response = client.post(
        reverse("nonconformities:nonconformity_add"),
        {
            "title": "x",
            "org_unit": org["b"].pk,
            "nc_type": "internal",
            "severity": "minor",
            "detected_on": "2026-03-10",
            "ishikawa_variant": "6M",
            "source": f"context.contextissue:{hidden.pk}",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["source"] == [
        "The record this nonconformity comes from cannot be found."
    ]
    for token in ["nonsense", "context.contextissue:999999", "nonconformities.nonconformity:1"]:
        response = _report(client_for(outsider), org, token)
        assert "source" in response.context["form"].errors
    assert not Nonconformity.objects.exists()


def test_the_source_is_hidden_from_who_may_not_see_it(client_for, org, coordinator, outsider):
    issue = _issue(org, coordinator)
    nc = Nonconformity(title="Fuite", org_unit=org["b"], source_record=issue)
    services.record_create(record=nc, user=coordinator)
    detail = client_for(outsider).get(reverse("nonconformities:nonconformity_detail", args=[nc.pk]))
    source = next(p for p in detail.context["panels"] if "source" in p["template"])
    assert source["context"]["record"] is None
    assert str(issue.title) not in detail.content.decode()
