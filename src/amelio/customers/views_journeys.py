"""The journey map: the stages of a journey left to right, the touchpoints under their
stage with their measure and the latest value of their indicator, and the experience curve
drawn from the touchpoints' ratings; its printable PDF; the pages of a stage and of a
touchpoint, which lead back to their map."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core import services
from amelio.core.lookups import get_record_for
from amelio.core.permissions import can
from amelio.core.registry import registry
from amelio.core.reports import pdf_response
from amelio.customers import charts_customers
from amelio.customers.computations_journeys import experience_curve
from amelio.customers.models import Journey


def _visible(key: str, user):
    return registry.get(key).queryset_for(user, "view")


def journey_map(journey: Journey, user) -> dict:
    """The stages of `journey` the reader may see, in their order, each with its visible
    touchpoints, their indicator when the reader may see it, and the mean felt experience."""
    stages = list(
        _visible("customers.journeystage", user).filter(journey=journey).order_by("order", "pk")
    )
    touchpoints = list(
        _visible("customers.touchpoint", user)
        .filter(stage__in=stages)
        .select_related("indicator", "owner")
        .order_by("pk")
    )
    indicator_ids = {t.indicator_id for t in touchpoints if t.indicator_id}
    shown = set(
        _visible("indicators.indicator", user)
        .filter(pk__in=indicator_ids)
        .values_list("pk", flat=True)
    )
    by_stage: dict[int, list] = {s.pk: [] for s in stages}
    for touchpoint in touchpoints:
        touchpoint.shown_indicator = (
            touchpoint.indicator if touchpoint.indicator_id in shown else None
        )
        by_stage[touchpoint.stage_id].append(touchpoint)
    means = experience_curve([[t.rating for t in by_stage[s.pk]] for s in stages])
    return {
        "columns": [
            {"stage": stage, "touchpoints": by_stage[stage.pk], "mean": mean}
            for stage, mean in zip(stages, means, strict=True)
        ],
        "means": means,
    }


def journey_context(journey: Journey, request) -> dict:
    """The map of the journey page, the experience curve and the links to add a stage or a
    touchpoint (prefilled with the journey or the stage, and the journey's unit)."""
    user = request.user
    mapped = journey_map(journey, user)
    may_add = not journey.is_archived and can(user, "add", journey.org_unit)
    for column in mapped["columns"]:
        for touchpoint in column["touchpoints"]:
            touchpoint.may_edit = services.may_edit(user, touchpoint)
        column["add_url"] = (
            registry.get("customers.touchpoint").add_url(
                stage=column["stage"].pk, org_unit=journey.org_unit_id
            )
            if may_add
            else ""
        )
    rated = [m for m in mapped["means"] if m is not None]
    figure = None
    if rated:
        figure = charts_customers.experience_figure(
            [c["stage"].name for c in mapped["columns"]],
            mapped["means"],
            {"experience": _("Experience felt")},
        )
    next_order = max((c["stage"].order for c in mapped["columns"]), default=0) + 1
    return {
        **mapped,
        "experience_figure": figure,
        "add_stage_url": registry.get("customers.journeystage").add_url(
            journey=journey.pk, org_unit=journey.org_unit_id, order=next_order
        )
        if may_add
        else "",
    }


def stage_context(stage, request) -> dict:
    """The touchpoints of the stage the reader may see, and its journey's map."""
    touchpoints = (
        _visible("customers.touchpoint", request.user)
        .filter(stage=stage)
        .select_related("owner")
        .order_by("name")
    )
    return {"stage_touchpoints": touchpoints, "journey": stage.journey}


def touchpoint_context(touchpoint, request) -> dict:
    """The journey the touchpoint belongs to, to go back to its map."""
    return {"journey": touchpoint.stage.journey}


def journey_pdf(request, pk: int):
    """The journey map, printed on landscape A4 pages."""
    journey = get_record_for(
        request.user, Journey.objects.select_related("segment", "owner", "org_unit"), pk
    )
    context = {
        "journey": journey,
        **journey_map(journey, request.user),
        "printed_on": timezone.localdate(),
    }
    return pdf_response(
        request,
        "customers/journey/map_pdf.html",
        context,
        f"{journey.reference}.pdf",
        fallback=registry.get("customers.journey").url("detail", journey.pk),
    )


urlpatterns = [path("journeys/<int:pk>/pdf/", journey_pdf, name="journey_pdf")]
