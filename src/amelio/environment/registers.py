"""How the environment app appears: the waste streams of each site and the chronological
register of outgoing waste, with the legal export and the waste indicators."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.core.registry import ExtraView, Register, registry
from amelio.environment import serializers, views
from amelio.environment.models import WasteMovement, WasteStream


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
    }

    def get_form_class(self):
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
        "transporter_siret": "",
        "destination_siret": "",
    }

    def get_form_class(self):
        from amelio.environment.forms import movement_form

        return movement_form(self)

    def base_queryset(self):
        return super().base_queryset().select_related("stream__waste_code", "treatment")
