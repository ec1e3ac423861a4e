"""How the customer journeys, their stages and their touchpoints appear. A journey's page is
its map: the stages left to right, the touchpoints under them and the experience curve."""

from __future__ import annotations

from amelio.core.registry import Register, registry
from amelio.customers import views_journeys
from amelio.customers.models import Journey, JourneyStage, Touchpoint


@registry.register
class JourneyRegister(Register):
    """Customer journeys, each mapped stage by stage with its touchpoints."""

    model = Journey
    slug = "journeys"
    columns = ["reference", "name", "segment", "org_unit", "owner"]
    sortable = ["reference", "name"]
    filters = ["org_unit", "segment", "owner"]
    search = ["reference", "name", "description"]
    form_fields = ["name", "org_unit", "segment", "owner", "description"]
    default_sort = "name"
    area = "performance"
    icon = "signpost-split"
    order = 562
    example = {"name": "De la demande de devis à la livraison"}

    def detail_context(self, record, request) -> dict:
        return views_journeys.journey_context(record, request)


@registry.register
class JourneyStageRegister(Register):
    """The stages of the journeys, in the order the customer goes through them."""

    model = JourneyStage
    slug = "stages"
    columns = ["reference", "order", "name", "journey"]
    sortable = ["reference", "order", "name"]
    filters = ["org_unit", "journey"]
    search = ["reference", "name", "goal"]
    form_fields = ["journey", "org_unit", "order", "name", "goal"]
    default_sort = "order"
    area = "performance"
    icon = "layout-three-columns"
    order = 563
    owner_field = None
    example = {"order": 2}

    def detail_context(self, record, request) -> dict:
        return views_journeys.stage_context(record, request)


@registry.register
class TouchpointRegister(Register):
    """The touchpoints of the journeys: channel, owner, the measure of each, the indicator
    that follows it and the experience felt."""

    model = Touchpoint
    slug = "touchpoints"
    columns = ["reference", "name", "stage", "channel", "rating", "indicator", "owner"]
    sortable = ["reference", "name", "channel", "rating"]
    filters = ["org_unit", "stage", "channel", "owner", "indicator"]
    search = ["reference", "name", "measure", "pain_points"]
    form_fields = [
        "stage",
        "org_unit",
        "name",
        "channel",
        "owner",
        "measure",
        "indicator",
        "rating",
        "pain_points",
    ]
    default_sort = "name"
    area = "performance"
    icon = "hand-index"
    order = 564
    example = {"rating": 3}

    def base_queryset(self):
        return super().base_queryset().select_related("stage__journey")

    def detail_context(self, record, request) -> dict:
        return views_journeys.touchpoint_context(record, request)
