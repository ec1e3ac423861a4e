"""The demo survey: two campaigns, about 200 answers over four segments, believable figures,
and the actions decided from last year's results."""

from __future__ import annotations

from amelio.actions.models import ActionLink
from amelio.customers import results_surveys
from amelio.customers.models import Campaign, Response


def test_the_demo_campaigns_give_believable_figures(demo_company, db):
    last_year, this_year = Campaign.objects.order_by("opens_on")
    assert Response.objects.count() == 200
    figures = {}
    for campaign in (last_year, this_year):
        data = results_surveys.campaign_results(campaign, "fr")
        figures[campaign.pk] = data["figures"]
        assert {str(s) for s, _f in data["segments"]} == {
            "Constructeurs automobiles",
            "Équipementiers de rang 1",
            "Machinisme agricole",
            "Distributeurs industriels",
        }
    assert (figures[last_year.pk].count, figures[last_year.pk].nps.value) == (105, 27)
    assert (figures[this_year.pk].count, figures[this_year.pk].nps.value) == (95, 34)
    assert 75 <= figures[last_year.pk].csat <= 85 and 75 <= figures[this_year.pk].csat <= 85
    assert (
        ActionLink.objects.filter(content_type__model="campaign", object_id=last_year.pk).count()
        == 2
    )
