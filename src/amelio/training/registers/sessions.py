"""How the communication plan, training sessions, their attendees and the training plans
appear."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.core.registry import Register, registry
from amelio.training import forms, views_sessions
from amelio.training.models import Attendance, CommunicationItem, TrainingPlan, TrainingSession

MEASURES = [
    "attendee_count",
    "trainee_hours",
    "satisfaction_average",
    "hot_answers",
    "effectiveness_rate",
    "cold_answers",
]


@registry.register
class CommunicationItemRegister(Register):
    """The communication plan (ISO 7.4): what is said, to whom, by which channel, how often,
    by whom, planned and done; linked to the objectives and processes it serves."""

    model = CommunicationItem
    slug = "communication"
    columns = [
        "reference",
        "title",
        "audience_label",
        "channel",
        "frequency",
        "planned_on",
        "done_on",
        "owner",
        "status",
    ]
    computed_columns = {"audience_label": _("audience")}
    sortable = ["reference", "title", "channel", "frequency", "planned_on", "done_on", "status"]
    filters = [
        "org_unit",
        "status",
        "channel",
        "audience",
        "frequency",
        "planned_on",
        "done_on",
        "owner",
    ]
    search = ["reference", "title", "content", "interested_party", "outcome"]
    default_sort = "-planned_on"
    form_fields = [
        "title",
        "org_unit",
        "content",
        "audience",
        "audience_unit",
        "audience_role",
        "interested_party",
        "channel",
        "frequency",
        "owner",
        "planned_on",
        "done_on",
        "outcome",
        "objectives",
        "processes",
    ]
    api_read_only = ["status"]
    # Only the detail of the chosen audience is given (the others are refused).
    example = {
        "audience": "everyone",
        "audience_unit": "",
        "audience_role": "",
        "interested_party": "",
    }
    area = "support"
    icon = "megaphone"
    order = 750
    review_date_field = None
    extra_views = views_sessions.COMMUNICATION_EXTRA_VIEWS

    def build_form_class(self):
        return forms.communication_form(self)

    def still_open(self, queryset):
        return queryset.filter(status="planned")


@registry.register
class TrainingSessionRegister(Register):
    """Training and awareness sessions: topic, trainer, dates, duration, cost; who attended,
    the signature sheet, the satisfaction and effectiveness surveys and their results."""

    model = TrainingSession
    slug = "sessions"
    columns = [
        "reference",
        "title",
        "start_date",
        "trainer_label",
        "attendee_count",
        "satisfaction_average",
        "status",
    ]
    computed_columns = {"trainer_label": _("trainer")}
    sortable = [
        "reference",
        "title",
        "kind",
        "start_date",
        "satisfaction_average",
        "effectiveness_rate",
        "status",
    ]
    filters = [
        "org_unit",
        "status",
        "kind",
        "trainer_kind",
        "trainer",
        "start_date",
        "owner",
        "skill",
    ]
    search = ["reference", "title", "description", "audience", "training_body", "place"]
    default_sort = "-start_date"
    form_fields = [
        "title",
        "org_unit",
        "kind",
        "description",
        "audience",
        "trainer_kind",
        "trainer",
        "training_body",
        "start_date",
        "end_date",
        "duration_hours",
        "cost",
        "place",
        "owner",
        "assessed",
        "skill",
        "hot_evaluation",
        "cold_after_weeks",
    ]
    detail_fields = [*form_fields, *MEASURES]
    # A session that gives a skill is assessed.
    example = {"assessed": "on"}
    api_read_only = ["status", *MEASURES]
    area = "support"
    icon = "easel"
    order = 752
    extra_views = views_sessions.SESSION_EXTRA_VIEWS

    def detail_context(self, record, request) -> dict:
        return views_sessions.session_context(record, request)

    def still_open(self, queryset):
        return queryset.filter(status__in=["planned", "held"])


@registry.register
class AttendanceRegister(Register):
    """The attendees of the sessions: present or not, passed or not, hours attended, and the
    certificate attached. A person's own line lists the surveys they have to answer."""

    model = Attendance
    slug = "attendees"
    parent = "session"
    columns = ["reference", "person", "session", "present", "passed", "hours_attended"]
    sortable = ["reference", "present", "passed"]
    filters = ["org_unit", "session", "person", "present", "passed"]
    search = ["reference", "comment"]
    default_sort = "-created_at"
    form_fields = [
        "session",
        "org_unit",
        "person",
        "present",
        "passed",
        "hours_attended",
        "comment",
    ]
    area = "support"
    icon = "person-check"
    order = 754
    # "My items" lists a person's attendances with a survey to answer.
    owner_field = "person"

    def base_queryset(self):
        return super().base_queryset().select_related("session")

    def detail_context(self, record, request) -> dict:
        return views_sessions.attendance_context(record, request)

    def still_open(self, queryset):
        from django.utils import timezone

        from amelio.training.services import pending_in

        return queryset.filter(
            pk__in=[a.pk for a, _kind in pending_in(queryset, timezone.localdate())]
        )


@registry.register
class TrainingPlanRegister(Register):
    """The training plan of each unit for a year, with its budget; its page sets the budget
    against the cost of the unit's sessions."""

    model = TrainingPlan
    slug = "plans"
    columns = ["reference", "title", "year", "budget", "owner"]
    sortable = ["reference", "title", "year"]
    filters = ["org_unit", "year", "owner"]
    search = ["reference", "title", "notes"]
    default_sort = "-year"
    form_fields = ["title", "org_unit", "year", "budget", "owner", "notes"]
    area = "support"
    icon = "piggy-bank"
    order = 756

    def detail_context(self, record, request) -> dict:
        return views_sessions.plan_context(record, request)
