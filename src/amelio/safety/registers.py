"""How health and safety appears: the DUERP and its lines, accidents and incidents (with the
rates page), the hours worked, and the inbox of public reports (with the posters)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.registry import ExtraView, Register, registry
from amelio.safety import serializers, views
from amelio.safety.models import Assessment, Duerp, HoursWorked, PublicReport, SafetyEvent

# What the declaration deadline of an accident is worked out from.
DEADLINE_FIELDS = ["event_type", "occurred_at", "known_at", "victim_status"]

EVENT_FIELDS = [
    "title",
    "event_type",
    "org_unit",
    "occurred_at",
    "known_at",
    "place",
    "description",
    "immediate_measures",
    "witnesses",
    "victim_status",
    "injury_nature",
    "body_location",
    "restricted_work",
    "ip_rate",
    "declared_on",
    "owner",
]


@registry.register
class DuerpRegister(Register):
    """The single risk-assessment document of each site, its versions and its programme."""

    model = Duerp
    slug = "duerp"
    columns = ["reference", "title", "org_unit", "status", "last_published_on", "next_review"]
    sortable = ["reference", "title", "status", "last_published_on", "next_review"]
    filters = ["org_unit", "status"]
    search = ["reference", "title", "method"]
    form_fields = [
        "title",
        "org_unit",
        "owner",
        "update_reason",
        "method",
        "participants",
        "cse_consulted_on",
    ]
    api_read_only = ["status", "last_published_on"]
    area = "planning"
    icon = "shield-check"
    order = 400
    review_date_field = "next_review"

    def detail_context(self, record, request) -> dict:
        return views.duerp_context(record, request.user)


@registry.register
class AssessmentRegister(Register):
    """The lines of the DUERPs: hazards per work unit, rated on the matrix."""

    model = Assessment
    slug = "duerp-lines"
    columns = ["reference", "hazard", "org_unit", "family", "criticity", "duerp"]
    computed_columns = {"criticity": _("criticity")}
    sortable = ["reference", "hazard", "gross_score"]
    filters = ["org_unit", "duerp", "family", "gross_level"]
    search = ["reference", "hazard", "activity", "situation"]
    default_sort = "-gross_score"
    form_fields = [
        "duerp",
        "org_unit",
        "activity",
        "family",
        "hazard",
        "situation",
        "damage",
        "existing_measures",
        "exposed",
        "pregnant_workers",
        "young_workers",
        "temporary_workers",
        "matrix",
        "gross_likelihood",
        "gross_severity",
        "gross_third",
    ]
    detail_fields = [*form_fields[:8], "principles", *form_fields[8:], "gross_score"]
    serializer_class = serializers.AssessmentSerializer
    area = "planning"
    icon = "exclamation-triangle"
    order = 410
    owner_field = None
    example = {"gross_likelihood": 2, "gross_severity": 3}
    parent = "duerp"

    def build_form_class(self):
        from amelio.safety.forms import assessment_form

        return assessment_form(self)

    def base_queryset(self):
        return super().base_queryset().select_related("matrix", "family")


@registry.register
class SafetyEventRegister(Register):
    """Accidents, diseases, incidents, near misses, dangerous situations, first-aid cases."""

    model = SafetyEvent
    slug = "events"
    columns = ["reference", "title", "event_type", "occurred_at", "org_unit", "status", "days_lost"]
    sortable = ["reference", "title", "event_type", "occurred_at", "status"]
    filters = ["org_unit", "event_type", "status", "body_location", "owner"]
    search = ["reference", "title", "description", "place"]
    default_sort = "-occurred_at"
    event_date_field = "occurred_at"
    form_fields = EVENT_FIELDS
    detail_fields = EVENT_FIELDS
    api_read_only = ["status", "days_lost"]
    area = "operation"
    icon = "bandaid"
    order = 420
    extra_views = [
        ExtraView("rates", views.RatesView, _("Frequency and severity rates"), "graph-down")
    ]
    example = {"event_type": "lost_time", "ip_rate": ""}
    personal_fields = [
        "witnesses",
        "victim.name",
        "victim.person",
        "victim.job_title",
        "victim.birth_date",
        "victim.hired_on",
        "victim.contract",
        "victim.medical_notes",
    ]

    def build_form_class(self):
        from amelio.safety.forms import event_form

        return event_form(self)

    def still_open(self, queryset):
        return queryset.exclude(status="closed")

    def due(self, queryset, until):
        """The accidents whose declaration (48 hours, or 24 for the temporary work agency) is
        due on or before `until` and not made yet."""
        from amelio.safety.reminders import undeclared

        end = timezone.make_aware(dt.datetime.combine(until, dt.time.max))
        candidates = undeclared(queryset, end).select_related(None).only("pk", *DEADLINE_FIELDS)
        due = [e.pk for e in candidates if (day := self.due_on(e)) is not None and day <= until]
        return undeclared(queryset, end).filter(pk__in=due)

    def due_on(self, record):
        deadline = record.declaration_due
        return timezone.localdate(deadline) if deadline is not None else None

    def detail_context(self, record, request) -> dict:
        return views.event_context(record, request)


@registry.register
class HoursWorkedRegister(Register):
    """Hours worked and headcount per site and month or year: what the rates divide by."""

    model = HoursWorked
    slug = "hours"
    columns = ["reference", "org_unit", "year", "month", "hours", "headcount"]
    sortable = ["reference", "year", "month", "hours"]
    filters = ["org_unit", "year", "month"]
    search = ["reference"]
    default_sort = "-year"
    form_fields = ["org_unit", "year", "month", "hours", "headcount", "temporary_hours"]
    area = "operation"
    icon = "clock-history"
    order = 430
    owner_field = None
    example = {"year": 2026, "hours": 12000}


@registry.register
class PublicReportRegister(Register):
    """The inbox of what people reported through the public link of their site."""

    model = PublicReport
    slug = "reports"
    columns = ["reference", "kind", "title", "place", "org_unit", "status", "created_at"]
    computed_columns = {"title": _("description")}
    sortable = ["reference", "kind", "status", "created_at"]
    filters = ["org_unit", "kind", "status"]
    search = ["reference", "description", "place", "reporter_name"]
    form_fields = ["kind", "org_unit", "place", "description", "reporter_name", "reporter_contact"]
    detail_fields = [*form_fields, "event"]
    api_read_only = ["status", "event"]
    area = "operation"
    icon = "megaphone"
    order = 440
    owner_field = None
    personal_fields = ["reporter_name", "reporter_contact"]
    extra_views = [
        ExtraView("posters", views.PostersView, _("Reporting posters (QR codes)"), "qr-code")
    ]

    def still_open(self, queryset):
        return queryset.filter(status="new")

    def detail_context(self, record, request) -> dict:
        return views.report_context(record, request)
