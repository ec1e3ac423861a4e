"""Project pages beyond the generated ones: the dashboard on the detail page, the forms of
its parts (team, stakeholders, milestones, budget lines, status reports), their removal, and
the budget workbook."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.actions import boards
from amelio.actions import charts as action_charts
from amelio.actions.workflows import action_workflow
from amelio.core.lookups import get_record_for
from amelio.core.permissions import can
from amelio.core.registry import registry
from amelio.core.reports import Workbook
from amelio.projects import charts, figures, services
from amelio.projects.forms import PARTS, PartKind
from amelio.projects.models import Project
from amelio.projects.workflows import OPEN_STATES


def _project(request, pk: int, action: str = "view") -> Project:
    """The project, or 404 when the user may not see it (another site's project)."""
    records = Project.objects.select_related("org_unit", "owner", "sponsor", "process")
    return get_record_for(request.user, records, pk, action)


def _short(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def project_context(project: Project, request) -> dict[str, Any]:
    """The dashboard, the parts, the linked indicators and risks, the timeline, and while
    the project is open the lessons learned from similar projects."""
    user = request.user
    today = timezone.localdate()
    board = figures.dashboard(project, today, _("Total"))
    milestones = list(project.milestones.all())
    return {
        "board": board,
        "members": list(project.members.select_related("user")),
        "stakeholders": list(project.stakeholders.select_related("interested_party")),
        "milestones": milestones,
        "reports": list(project.status_reports.select_related("author")[:10]),
        "indicator_rows": figures.indicator_rows(project, user),
        "risk_rows": figures.risk_rows(project, user),
        "meetings": figures.steering_meetings(project, user),
        "meeting_add_url": registry.get("reviews.meeting").add_url(
            title=_("Steering committee: %(project)s") % {"project": project.title},
            kind="steering",
            project=project.pk,
            org_unit=project.org_unit_id,
            process=project.process_id,
        ),
        "similar_lessons": (
            figures.similar_lessons(project, user) if project.status in OPEN_STATES else []
        ),
        "lessons": list(project.lessons.active().order_by("-recorded_on", "-id")),
        "lesson_add_url": registry.get("projects.lesson").add_url(
            project=project.pk, org_unit=project.org_unit_id, domain=project.domain
        ),
        "may_edit_parts": project.parts_editable and can(user, "change", project.org_unit),
        "timeline": _timeline(project, milestones, user, today),
        "today": today,
    }


def _timeline(project: Project, milestones, user, today) -> dict | None:
    """The Gantt chart of the project's actions the user sees, with its milestones."""
    register = registry.get("actions.action")
    actions = list(
        figures.project_actions(project)
        .filter(pk__in=register.queryset_for(user, "view").values("pk"))
        .select_related("owner", "plan")
        .prefetch_related("milestones", "depends_on")
        .order_by("start_date", "due_date", "id")[: boards.GANTT_LIMIT]
    )
    if not actions and not milestones:
        return None
    data = boards.gantt_data(register, actions)
    figure = action_charts.gantt_figure(
        data["actions"],
        milestones=data["milestones"],
        dependencies=data["dependencies"],
        states=[
            {"name": s.name, "label": str(s.label), "tone": s.tone} for s in action_workflow.states
        ],
        today=today,
        texts={key: str(text) for key, text in boards.GANTT_TEXTS.items()},
        format_date=_short,
        date_format=action_charts.d3_date_format(get_format("SHORT_DATE_FORMAT")),
    )
    rows: list[charts.ProjectMilestone] = [
        {
            "name": m.name,
            "date": m.achieved_on or m.planned_on,
            "achieved": m.status == m.Status.ACHIEVED,
            "overdue": m.is_overdue(today),
        }
        for m in milestones
        if m.status != m.Status.DROPPED
    ]
    return charts.with_milestones(
        figure,
        rows,
        _("Project milestones"),
        lambda m: f"<b>{m['name']}</b><br>{_short(m['date'])}",
    )


# --- Parts of a project --------------------------------------------------------------------


def _kind(name: str) -> PartKind:
    if name not in PARTS:
        raise Http404
    return PARTS[name]


def _detail_url(project: Project, anchor: str = "") -> str:
    return reverse("projects:project_detail", args=[project.pk]) + (f"#{anchor}" if anchor else "")


def part_edit(request, pk: int, kind: str, part_pk: int | None = None):
    """Add a part to a project, or change one."""
    project = _project(request, pk, "change")
    part_kind = _kind(kind)
    instance = _part(project, part_kind, part_pk) if part_pk else part_kind.model()
    instance.project = project
    if not project.parts_editable:
        messages.error(request, _("A closed, cancelled or archived project keeps its content."))
        return redirect(_detail_url(project, part_kind.anchor))
    data = request.POST if request.method == "POST" else None
    form = part_kind.form(data, instance=instance, user=request.user)
    if data is not None and form.is_valid():
        try:
            services.part_save(part=form.save(commit=False), user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_detail_url(project, part_kind.anchor))
    context = {
        "register": registry.get("projects.project"),
        "record": project,
        "form": form,
        "kind": part_kind,
        "title": part_kind.add_label if part_pk is None else _("Change"),
        "cancel_url": _detail_url(project, part_kind.anchor),
    }
    return TemplateResponse(request, "projects/part_form.html", context)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _part(project: Project, part_kind: PartKind, part_pk: int):
    try:
        return part_kind.model._default_manager.get(project=project, pk=part_pk)  # type: ignore[misc]
    except part_kind.model.DoesNotExist:
        raise Http404 from None


@require_POST
def part_remove(request, pk: int, kind: str, part_pk: int):
    """Remove a part of a project."""
    project = _project(request, pk, "change")
    part_kind = _kind(kind)
    part = _part(project, part_kind, part_pk)
    try:
        services.part_remove(part=part, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Removed."))
    return redirect(_detail_url(project, part_kind.anchor))


# --- Budget workbook -----------------------------------------------------------------------


def budget_xlsx(request, pk: int):
    """The budget of a project as a workbook: its lines, then the totals per category and
    overall, with the variance and the share consumed."""
    project = _project(request, pk, "export")
    budget = figures.budget(project.budget_lines.all(), _("Total"))
    header = [
        _("Label"),
        _("Category"),
        _("Planned (€)"),
        _("Committed (€)"),
        _("Actual (€)"),
        _("Variance (€)"),
        _("Consumed (%)"),
    ]
    workbook = Workbook()
    sheet = workbook.sheet(_("Budget"), header, widths=18, number_format="#,##0.00")
    for line in budget.lines:
        row = figures.BudgetRow("", line.planned, line.committed, line.actual)
        sheet.row([line.label, line.get_category_display(), *_amounts(row)])
    for total in [*budget.categories, budget.total]:
        sheet.row([total.label, "", *_amounts(total)], style="bold")
    name = slugify(f"{project.reference} {_('budget')}")
    return workbook.response(f"{name}.xlsx")


def _amounts(row: figures.BudgetRow) -> list:
    consumed = row.consumed
    return [row.planned, row.committed, row.actual, row.variance, consumed]


urlpatterns = [
    path("projects/<int:pk>/budget.xlsx", budget_xlsx, name="project_budget_xlsx"),
    path("projects/<int:pk>/<str:kind>/add/", part_edit, name="project_part_add"),
    path("projects/<int:pk>/<str:kind>/<int:part_pk>/edit/", part_edit, name="project_part_edit"),
    path(
        "projects/<int:pk>/<str:kind>/<int:part_pk>/remove/",
        part_remove,
        name="project_part_remove",
    ),
]
