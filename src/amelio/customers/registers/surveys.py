"""How customer surveys, their campaigns and the responses appear."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.core.registry import ExtraView, Register, registry
from amelio.customers import views_surveys
from amelio.customers.models import Campaign, Response, Survey


@registry.register
class SurveyRegister(Register):
    """Questionnaires in French and English; their questions are written on the builder."""

    model = Survey
    slug = "surveys"
    columns = ["reference", "title_fr", "org_unit", "updated_at"]
    sortable = ["reference", "title_fr"]
    filters = ["org_unit"]
    search = ["reference", "title_fr", "title_en"]
    form_fields = ["title_fr", "title_en", "org_unit", "introduction_fr", "introduction_en"]
    default_sort = "title_fr"
    area = "performance"
    icon = "ui-checks"
    order = 565
    owner_field = None

    def detail_context(self, record, request) -> dict:
        return views_surveys.survey_context(record, request)


@registry.register
class CampaignRegister(Register):
    """Each sending of a survey: its dates, segment, public link, invitations and results;
    the actions decided from the results hang on it."""

    model = Campaign
    slug = "campaigns"
    columns = ["reference", "title", "survey", "segment", "opens_on", "closes_on"]
    sortable = ["reference", "title", "opens_on", "closes_on"]
    filters = ["org_unit", "survey", "segment", "opens_on", "closes_on"]
    search = ["reference", "title"]
    form_fields = [
        "title",
        "survey",
        "org_unit",
        "segment",
        "opens_on",
        "closes_on",
        "language",
        "public_link_enabled",
    ]
    default_sort = "-opens_on"
    area = "performance"
    icon = "send"
    order = 566
    owner_field = None
    extra_views = [
        ExtraView("results", views_surveys.ResultsView, _("Survey results"), "bar-chart"),
    ]

    def detail_context(self, record, request) -> dict:
        return views_surveys.campaign_context(record, request)


@registry.register
class ResponseRegister(Register):
    """The responses, read-only: they arrive through the public pages. Their NPS, CSAT and
    CES points make the computed indicators (an average over this register)."""

    model = Response
    slug = "responses"
    columns = [
        "reference",
        "campaign",
        "segment",
        "customer",
        "language",
        "submitted_on",
        "nps_points",
        "csat_points",
        "ces_value",
    ]
    sortable = ["reference", "submitted_on", "language"]
    filters = ["org_unit", "campaign", "segment", "language", "submitted_on"]
    search = ["reference", "remark"]
    form_fields = [
        "campaign",
        "org_unit",
        "customer",
        "segment",
        "language",
        "submitted_on",
        "remark",
    ]
    detail_fields = [
        "campaign",
        "org_unit",
        "customer",
        "segment",
        "language",
        "submitted_at",
        "nps_points",
        "csat_points",
        "ces_value",
        "remark",
    ]
    api_read_only = ["nps_points", "csat_points", "ces_value"]
    default_sort = "-submitted_on"
    area = "performance"
    icon = "chat-square-text"
    order = 567
    owner_field = None
    personal_fields = ["customer"]

    def detail_context(self, record, request) -> dict:
        return views_surveys.response_context(record, request)
