"""How the environment app appears: the environmental aspects, the waste streams of each site
and the chronological register of outgoing waste (with the legal export and the waste
indicators), the ICPE sites and their classified installations, the emergency situations and
their drills."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.core.registry import ExtraView, Register, registry
from amelio.environment import serializers, views
from amelio.environment.models import (
    Aspect,
    Drill,
    EmergencySituation,
    IcpeSite,
    Installation,
    WasteMovement,
    WasteStream,
)
from amelio.scoring.filters import LevelFilter

ASPECT_FIELDS = [
    "activity",
    "org_unit",
    "process",
    "aspect_type",
    "aspect",
    "impact",
    "condition",
    "stage",
    "control",
    "legal_requirement",
    "legal_reference",
    "existing_controls",
    "owner",
    "matrix",
    "likelihood",
    "severity",
    "third",
]


@registry.register
class AspectRegister(Register):
    """The environmental analysis: aspects and impacts per activity, rated on a matrix; the
    significant ones are those the site must control first (ISO 14001 6.1.2)."""

    model = Aspect
    slug = "aspects"
    columns = [
        "reference",
        "aspect",
        "activity",
        "aspect_type",
        "condition",
        "rating",
        "significant",
    ]
    computed_columns = {
        "rating": _("rating"),
        "significance_reason": _("why it is significant"),
    }
    sortable = ["reference", "aspect", "activity", "aspect_type", "rating_score", "significant"]
    filters = [
        "org_unit",
        "aspect_type",
        "condition",
        "stage",
        "significant",
        "legal_requirement",
        "process",
        "owner",
        # The cells of the analysis matrix link to the list filtered on both factors.
        "matrix",
        "likelihood",
        "severity",
    ]
    search = ["reference", "aspect", "activity", "impact"]
    default_sort = "-rating_score"
    form_fields = ASPECT_FIELDS
    detail_fields = [*ASPECT_FIELDS, "rating_score", "significant", "significance_reason"]
    api_read_only = ["rating_score", "rating_level", "significant"]
    area = "planning"
    icon = "tree"
    order = 590
    example = {"likelihood": 2, "severity": 3}
    extra_views = [
        ExtraView("analysis", views.AspectAnalysisView, _("Environmental analysis"), "grid-3x3-gap")
    ]
    extra_filters = {
        "rating_level": LevelFilter(
            field_name="rating_level", label=_("level"), empty_label=_("All")
        ),
    }

    def build_form_class(self):
        from amelio.environment.forms import aspect_form

        return aspect_form(self)

    def base_queryset(self):
        return super().base_queryset().select_related("matrix")


@registry.register
class WasteStreamRegister(Register):
    """Waste streams: code of the European List of Waste, category, sorting flow, collector,
    destination and planned treatment."""

    model = WasteStream
    slug = "streams"
    columns = ["reference", "name", "waste_code", "category", "sorting_stream", "org_unit"]
    sortable = ["reference", "name", "category", "sorting_stream"]
    filters = ["org_unit", "category", "sorting_stream", "waste_code"]
    search = ["reference", "name", "collector", "destination"]
    default_sort = "name"
    form_fields = [
        "name",
        "org_unit",
        "waste_code",
        "category",
        "sorting_stream",
        "pop",
        "container",
        "density",
        "collector",
        "collector_siret",
        "collector_receipt",
        "destination",
        "destination_siret",
        "destination_address",
        "treatment",
        "basel_code",
        "intermediary_role",
        "intermediary",
        "intermediary_siret",
        "intermediary_receipt",
        "eco_organisme",
        "eco_organisme_siren",
    ]
    serializer_class = serializers.WasteStreamSerializer
    area = "operation"
    icon = "recycle"
    order = 600
    owner_field = None
    example = {
        "category": "DND",
        "collector_siret": "",
        "destination_siret": "",
        "intermediary_siret": "",
        "eco_organisme_siren": "",
    }

    def build_form_class(self):
        from amelio.environment.forms import stream_form

        return stream_form(self)


@registry.register
class WasteMovementRegister(Register):
    """The chronological register of outgoing waste (C. env. R541-43, arrêté du 31 mai 2021)."""

    model = WasteMovement
    slug = "register"
    columns = ["reference", "shipped_on", "stream", "quantity", "unit", "treatment", "slip_number"]
    sortable = ["reference", "shipped_on", "quantity"]
    filters = ["org_unit", "stream", "shipped_on", "treatment"]
    search = ["reference", "slip_number", "transporter", "destination"]
    default_sort = "-shipped_on"
    form_fields = [
        "stream",
        "org_unit",
        "shipped_on",
        "quantity",
        "unit",
        "estimated",
        "slip_number",
        "transporter",
        "transporter_siret",
        "transporter_receipt",
        "destination",
        "destination_siret",
        "destination_address",
        "treatment",
        "treatment_mode",
        "transport_mode",
        "transboundary_number",
    ]
    detail_fields = [*form_fields, "tonnes"]
    serializer_class = serializers.WasteMovementSerializer
    area = "operation"
    icon = "truck"
    order = 610
    owner_field = None
    extra_views = [
        ExtraView(
            "legal", views.LegalRegisterView, _("Legal register (export)"), "file-earmark-ruled"
        ),
        ExtraView("indicators", views.WasteIndicatorsView, _("Waste indicators"), "bar-chart"),
    ]
    example = {
        "unit": "t",
        "slip_number": "BSD-20260615-0001",
        "treatment_mode": "",
        "transporter_siret": "",
        "destination_siret": "",
    }

    def build_form_class(self):
        from amelio.environment.forms import movement_form

        return movement_form(self)

    def base_queryset(self):
        return super().base_queryset().select_related("stream__waste_code", "treatment")


@registry.register
class IcpeSiteRegister(Register):
    """The ICPE file of each site: its classified installations, the regime that results,
    the obligations of that regime and the periodic control due."""

    model = IcpeSite
    slug = "icpe"
    columns = ["reference", "name", "org_unit", "regime", "next_control_due"]
    sortable = ["reference", "name", "regime", "next_control_due"]
    filters = ["org_unit", "regime"]
    search = ["reference", "name", "aiot_code"]
    default_sort = "name"
    form_fields = [
        "name",
        "org_unit",
        "aiot_code",
        "owner",
        "iso14001",
        "emas",
        "last_control_on",
        "prefecture_acts",
    ]
    detail_fields = [*form_fields, "regime", "next_control_due"]
    api_read_only = ["regime", "next_control_due"]
    area = "planning"
    icon = "building-exclamation"
    order = 620
    review_date_field = "next_control_due"

    def detail_context(self, record, request) -> dict:
        return views.icpe_site_context(record, request)


@registry.register
class InstallationRegister(Register):
    """Classified installations: rubrique, quantity of the characteristic measure, regime."""

    model = Installation
    slug = "installations"
    columns = ["reference", "name", "site", "code", "quantity", "unit", "regime"]
    computed_columns = {"code": _("rubrique and alinéa")}
    sortable = ["reference", "name", "rubrique", "quantity", "regime"]
    filters = ["org_unit", "site", "rubrique", "regime"]
    search = ["reference", "name", "rubrique", "notes"]
    default_sort = "rubrique"
    form_fields = [
        "site",
        "org_unit",
        "name",
        "rubrique",
        "scale",
        "alinea",
        "quantity",
        "commissioned_on",
        "notes",
    ]
    detail_fields = [*form_fields, "unit", "regime"]
    api_read_only = ["unit", "regime"]
    area = "planning"
    icon = "gear-wide-connected"
    order = 625
    owner_field = None
    example = {"rubrique": "2560", "scale": "", "alinea": "", "quantity": 400}

    def build_form_class(self):
        from amelio.environment.forms import installation_form

        return installation_form(self)


@registry.register
class EmergencySituationRegister(Register):
    """Potential emergency situations, their prevention and response, and the drills due."""

    model = EmergencySituation
    slug = "emergencies"
    columns = ["reference", "title", "phenomenon", "org_unit", "last_drill_on", "next_drill_due"]
    sortable = ["reference", "title", "phenomenon", "last_drill_on", "next_drill_due"]
    filters = ["org_unit", "phenomenon", "owner"]
    search = ["reference", "title", "location", "causes"]
    default_sort = "next_drill_due"
    form_fields = [
        "title",
        "org_unit",
        "phenomenon",
        "location",
        "causes",
        "consequences",
        "prevention",
        "protection",
        "response_plan",
        "plan_document",
        "owner",
        "drill_every_months",
    ]
    detail_fields = [*form_fields, "last_drill_on", "next_drill_due"]
    api_read_only = ["last_drill_on", "next_drill_due"]
    area = "operation"
    icon = "fire"
    order = 630
    review_date_field = "next_drill_due"

    def detail_context(self, record, request) -> dict:
        return views.emergency_context(record, request)


@registry.register
class DrillRegister(Register):
    """Drills of the emergency situations: scenario, participants, time, outcome, findings."""

    model = Drill
    slug = "drills"
    columns = ["reference", "situation", "held_on", "outcome", "participants", "org_unit"]
    sortable = ["reference", "held_on", "outcome", "participants"]
    filters = ["org_unit", "situation", "outcome", "held_on"]
    search = ["reference", "scenario", "findings"]
    default_sort = "-held_on"
    form_fields = [
        "situation",
        "org_unit",
        "held_on",
        "scenario",
        "participants",
        "external_services",
        "response_minutes",
        "outcome",
        "findings",
    ]
    area = "operation"
    icon = "stopwatch"
    order = 635
    owner_field = None
    example = {"outcome": "satisfactory"}
