"""How projects and lessons learned appear: the project register (its page is the project
dashboard) and the lessons-learned library, searchable."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from amelio.core.registry import Register, registry
from amelio.projects import figures, views
from amelio.projects.models import Lesson, Project
from amelio.projects.workflows import NOT_FINAL

PROJECT_FIELDS = [
    "title",
    "org_unit",
    "domain",
    "process",
    "objective",
    "expected_results",
    "sponsor",
    "owner",
    "start_date",
    "planned_end",
    "actual_end",
    "results_achieved",
    "indicators",
    "risks",
]


class RunningOnFilter(django_filters.DateFilter):
    """The projects running on a day (the same figure as the measure projects.running)."""

    def filter(self, qs, value):
        return figures.running_on(qs, value) if value else qs


@registry.register
class ProjectRegister(Register):
    """QSSE projects, from the proposal to the closure with the results achieved."""

    model = Project
    slug = "projects"
    columns = ["reference", "title", "domain", "status", "owner", "start_date", "planned_end"]
    sortable = ["reference", "title", "domain", "status", "start_date", "planned_end"]
    filters = ["org_unit", "status", "domain", "process", "owner", "sponsor", "planned_end"]
    extra_filters = {
        "running_on": RunningOnFilter(
            label=_("Running on"),
            widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
        ),
    }
    search = ["reference", "title", "objective", "expected_results"]
    form_fields = PROJECT_FIELDS
    detail_fields = [
        name for name in PROJECT_FIELDS if name not in ("indicators", "risks", "title")
    ] + ["closed_on", "hold_reason", "cancel_reason"]
    api_read_only = ["status", "closed_on", "hold_reason", "cancel_reason"]
    default_sort = "-created_at"
    review_date_field = "planned_end"
    area = "planning"
    icon = "kanban"
    order = 290
    example = {"title": "Certification ISO 45001", "objective": "Être certifié fin 2026"}

    def base_queryset(self):
        return super().base_queryset().select_related("sponsor")

    def still_open(self, queryset):
        return queryset.filter(status__in=NOT_FINAL)

    def detail_context(self, record, request) -> dict:
        return views.project_context(record, request)


@registry.register
class LessonRegister(Register):
    """The lessons-learned library: what worked, what did not and what to do next time,
    from projects and from elsewhere, searched by every new project."""

    model = Lesson
    slug = "lessons"
    columns = ["reference", "title", "domain", "project", "recorded_on", "keywords"]
    sortable = ["reference", "title", "domain", "recorded_on"]
    filters = ["org_unit", "domain", "project", "recorded_on"]
    search = [
        "reference",
        "title",
        "keywords",
        "context",
        "what_worked",
        "what_did_not",
        "recommendation",
    ]
    form_fields = [
        "title",
        "org_unit",
        "project",
        "domain",
        "recorded_on",
        "context",
        "what_worked",
        "what_did_not",
        "recommendation",
        "keywords",
    ]
    default_sort = "-recorded_on"
    event_date_field = "recorded_on"
    owner_field = None
    area = "improvement"
    icon = "lightbulb"
    order = 470
    example = {"recommendation": "Associer le CSE dès le lancement"}
