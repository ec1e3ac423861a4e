"""The figures the projects app publishes (../shared/DESIGN.md, core.measures): the projects
running on the period's last day, and the lessons learned recorded in the period. Both come
from `projects.figures`, the code the projects list filters with."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.measures import HIGHER, Scope, measures
from amelio.projects import figures
from amelio.projects.models import Lesson, Project


@measures.measure(
    "projects.running",
    label=_("Projects running"),
    unit=pgettext_lazy("unit", "projects"),
    direction=HIGHER,
    description=_(
        "QSSE projects running on the last day of the period (today while it runs): started "
        "on or before that day and not ended before it; a project on hold or cancelled does "
        "not count. The projects list gives the same count with its filter “Running on”."
    ),
    page="projects:project_list",
    state=True,
    decimals=0,
)
def running(scope: Scope) -> int:
    projects = Project.objects.active().filter(org_unit__path__startswith=scope.path)
    return figures.running_on(projects, scope.as_of).count()


@measures.measure(
    "projects.lessons",
    label=_("Lessons learned recorded"),
    unit=pgettext_lazy("unit", "lessons"),
    direction=HIGHER,
    description=_(
        "Lessons learned recorded in the period (by their date of record), from projects or "
        "from elsewhere, as the lessons-learned library lists them filtered on that date."
    ),
    page="projects:lesson_list",
    decimals=0,
)
def lessons(scope: Scope) -> int:
    recorded = Lesson.objects.active().filter(org_unit__path__startswith=scope.path)
    return figures.lessons_recorded(recorded, scope.start, scope.end).count()
