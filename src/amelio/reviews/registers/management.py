"""Management reviews."""

from __future__ import annotations

from amelio.core.registry import Register, registry
from amelio.reviews.models import ManagementReview


@registry.register
class ManagementReviewRegister(Register):
    """The management reviews (clause 9.3): scope, period, standards, attendees and minutes;
    the detail page is the review pack, compiled live until the review is held, then frozen."""

    model = ManagementReview
    slug = "management-reviews"
    columns = ["reference", "title", "org_unit", "period_end", "planned_on", "status", "owner"]
    sortable = ["reference", "title", "period_end", "planned_on", "status"]
    filters = ["status", "org_unit", "owner", "planned_on"]
    search = ["reference", "title", "minutes"]
    form_fields = [
        "title",
        "org_unit",
        "iso_9001",
        "iso_14001",
        "iso_45001",
        "iso_50001",
        "period_start",
        "period_end",
        "planned_on",
        "owner",
        "attendees",
        "external_attendees",
        "minutes",
    ]
    detail_fields = [
        "title",
        "org_unit",
        "iso_9001",
        "iso_14001",
        "iso_45001",
        "iso_50001",
        "period_start",
        "period_end",
        "planned_on",
        "held_on",
        "owner",
        "attendees",
        "external_attendees",
        "minutes",
    ]
    api_read_only = ["held_on"]
    default_sort = "-planned_on"
    area = "performance"
    icon = "clipboard-data"
    order = 590
    review_date_field = "planned_on"
    example = {"iso_9001": True}

    def detail_context(self, record, request) -> dict:
        from amelio.reviews import views_management

        return views_management.review_context(record, request)

    def still_open(self, queryset):
        """Reviews still to hold."""
        return queryset.filter(status="preparation")
