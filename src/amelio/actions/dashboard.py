"""Actions dashboard, plan progress and plan exports (XLSX, PDF).

The dashboard takes the same filters as the actions list; it reads a few columns of the
filtered actions and leaves the arithmetic to `computations`. Plan exports are scoped with
`ActionPlan.objects.for_user`, so a plan the user may not see answers 404.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any, NamedTuple

import plotly.graph_objects as go
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amelio.actions import computations as calc
from amelio.actions.models import Action, ActionLink, ActionPlan
from amelio.core.lookups import get_record_for
from amelio.core.models import OrgUnit
from amelio.core.models.organisation import PATH_SEPARATOR
from amelio.core.registry import ExtraView
from amelio.core.reports import Workbook, pdf_response
from amelio.core.views.base import RegisterView
from amelio.core.views.records import filtered_queryset

ROW_FIELDS = (
    "pk",
    "status",
    "due_date",
    "done_on",
    "created_at",
    "planned_cost",
    "actual_cost",
    "plan_id",
    "owner_id",
    "org_unit__path",
)


# Rows for the computations ------------------------------------------------------------------


def site_key(unit_path: str) -> int:
    """The id of the site a unit belongs to (the organisation itself for organisation-wide
    records): the second step of its materialised path."""
    ids = unit_path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
    return int(ids[min(1, len(ids) - 1)])


def _origins(queryset) -> dict[int, tuple[int, ...]]:
    """Content type ids of the records each action answers."""
    links = ActionLink.objects.filter(action__in=queryset.order_by().values("pk"))
    found: dict[int, set[int]] = defaultdict(set)
    for action_id, content_type_id in links.values_list("action_id", "content_type_id"):
        found[action_id].add(content_type_id)
    return {key: tuple(sorted(value)) for key, value in found.items()}


def action_rows(queryset) -> list[calc.ActionRow]:
    """The actions of `queryset` as rows for the computations, in two queries."""
    origins = _origins(queryset)
    values = queryset.prefetch_related(None).order_by().values_list(*ROW_FIELDS)
    return [
        calc.ActionRow(
            status=status,
            due_date=due,
            done_on=done_on,
            created_on=timezone.localtime(created).date(),
            planned_cost=planned,
            actual_cost=actual,
            plan=plan,
            owner=owner,
            unit=site_key(unit_path),
            origins=origins.get(pk, ()),
        )
        for pk, status, due, done_on, created, planned, actual, plan, owner, unit_path in values
    ]


def row_of(action: Action) -> calc.ActionRow:
    """One loaded action as a row for the computations."""
    return calc.ActionRow(
        status=action.status,
        due_date=action.due_date,
        done_on=action.done_on,
        created_on=timezone.localtime(action.created_at).date(),
        planned_cost=action.planned_cost,
        actual_cost=action.actual_cost,
    )


def percent(rate: float | None) -> float | None:
    return None if rate is None else rate * 100


# Dashboard ----------------------------------------------------------------------------------


def _labels(dimension: str, ids: set) -> dict:
    """Readable names of the groups of one dimension, and whether the list can filter on
    them: key -> (label, linkable)."""
    ids = {i for i in ids if i is not None}
    if dimension == "plan":
        plans = ActionPlan.objects.filter(pk__in=ids).values_list("pk", "name")
        return {pk: (name, True) for pk, name in plans}
    if dimension == "owner":
        users = get_user_model().objects.filter(pk__in=ids)
        return {user.pk: (str(user), True) for user in users}
    if dimension == "org_unit":
        units = OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name", "kind")
        # The list filter takes a unit and everything below it: only a site group matches.
        return {pk: (name, kind == OrgUnit.Kind.SITE) for pk, name, kind in units}
    models = {pk: ct.model_class() for pk, ct in ContentType.objects.in_bulk(list(ids)).items()}
    return {
        pk: (capfirst(force_str(model._meta.verbose_name_plural)), True)
        for pk, model in models.items()
        if model is not None
    }


class Dimension(NamedTuple):
    """A way of grouping the dashboard: its table, the groups of a row, the list's filter."""

    slug: str
    title: Any
    column: Any
    keys: calc.Keys
    list_filter: str


DIMENSIONS = [
    Dimension(
        "plan", gettext_lazy("By action plan"), gettext_lazy("Action plan"), calc.by_plan, "plan"
    ),
    Dimension("owner", gettext_lazy("By owner"), gettext_lazy("Owner"), calc.by_owner, "owner"),
    Dimension("org_unit", gettext_lazy("By site"), gettext_lazy("Site"), calc.by_unit, "org_unit"),
    Dimension(
        "origin",
        gettext_lazy("By origin"),
        gettext_lazy("Origin type"),
        calc.by_origin,
        "origin_type",
    ),
]
# The chart shows where the late actions are.
CHART_DIMENSION = "org_unit"
NONE_LABELS = {"plan": gettext_lazy("No plan"), "origin": gettext_lazy("No origin")}


def _list_link(request, list_url: str, name: str, value) -> str:
    """The actions list, with the dashboard's filters and the group's own filter."""
    params = request.GET.copy()
    for key in ("page", "sort", name):
        params.pop(key, None)
    params[name] = str(value)
    return f"{list_url}?{params.urlencode()}"


def group_table(request, register, rows, dimension: Dimension, today) -> dict:
    """One table of the dashboard: a row per group, sorted by name, the none group last."""
    groups = calc.summarise_by(rows, dimension.keys, today)
    labels = _labels(dimension.slug, set(groups))
    list_url = register.url("list")
    shown = []
    for key, summary in groups.items():
        label, linkable = labels.get(key, (NONE_LABELS.get(dimension.slug, "—"), False))
        link = _list_link(request, list_url, dimension.list_filter, key) if linkable else None
        shown.append(
            {
                "label": label,
                "url": link,
                "summary": summary,
                "on_time": percent(summary.on_time_rate),
                "effective": percent(summary.effectiveness_rate),
                "sort": (key is None, force_str(label).casefold()),
            }
        )
    shown.sort(key=lambda item: item["sort"])
    return {
        "slug": dimension.slug,
        "title": dimension.title,
        "column": dimension.column,
        "rows": shown,
    }


def status_chart(table: dict) -> dict:
    """A stacked bar chart of the groups of `table`: overdue, open on time, done to verify,
    effective (a Plotly figure as plain data, drawn by plotly.js)."""
    rows = list(reversed(table["rows"]))
    labels = [force_str(row["label"]) for row in rows]
    series = [
        (_("Overdue"), "#dc3545", lambda s: s.overdue),
        (_("Open, on time"), "#0d6efd", lambda s: s.open - s.overdue),
        (_("Done, to verify"), "#0dcaf0", lambda s: s.to_verify),
        (_("Effective, closed"), "#198754", lambda s: s.verified),
    ]
    figure = go.Figure(
        [
            go.Bar(
                name=name,
                y=labels,
                x=[value(row["summary"]) for row in rows],
                orientation="h",
                marker_color=colour,
            )
            for name, colour, value in series
        ]
    )
    figure.update_layout(
        barmode="stack",
        bargap=0.3,
        height=110 + 34 * len(labels),
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"},
        xaxis={"rangemode": "tozero", "gridcolor": "#e9ecef"},
        yaxis={"automargin": True},
        font={"family": "system-ui, sans-serif", "size": 12},
        plot_bgcolor="white",
    )
    return json.loads(figure.to_json())


class DashboardView(RegisterView):
    """Open, overdue, on time and effective actions, by plan, owner, site and origin."""

    def get(self, request):
        register = self.register
        filterset, queryset, _sort = filtered_queryset(register, request)
        today = timezone.localdate()
        rows = action_rows(queryset)
        summary = calc.summarise(rows, today)
        tables = [group_table(request, register, rows, dim, today) for dim in DIMENSIONS]
        by_site = next(table for table in tables if table["slug"] == CHART_DIMENSION)
        context = self.base_context(
            filterset=filterset,
            summary=summary,
            on_time=percent(summary.on_time_rate),
            effective=percent(summary.effectiveness_rate),
            tables=tables,
            chart=status_chart(by_site) if rows else None,
            today=today,
        )
        return TemplateResponse(request, "actions/dashboard.html", context)


# Plan progress and exports ------------------------------------------------------------------


def plan_actions(plan: ActionPlan, user):
    """The plan's active actions `user` may see, in due-date order, with what is shown."""
    return (
        Action.objects.for_user(user)
        .active()
        .filter(plan=plan)
        .select_related("owner", "org_unit")
        .prefetch_related("links__target")
        .order_by("due_date", "id")
    )


def plan_context(plan: ActionPlan, user) -> dict:
    """Progress, cost totals and actions of a plan, for its detail page and its PDF."""
    actions = list(plan_actions(plan, user))
    today = timezone.localdate()
    progress = calc.summarise((row_of(a) for a in actions), today)
    return {
        "plan_actions": actions,
        "progress": progress,
        "done_pct": percent(progress.share_done),
        "late_pct": percent(progress.share_late),
        "budget_pct": percent(calc.budget_use(progress.actual_cost, plan.budget)),
        "planned_budget_pct": percent(calc.budget_use(progress.planned_cost, plan.budget)),
        "today": today,
    }


def _plan(request, pk: int) -> ActionPlan:
    plans = ActionPlan.objects.select_related("owner", "org_unit")
    return get_record_for(request.user, plans, pk, "export")


def field_label(model, name: str) -> str:
    """The capitalised verbose name of a model field, in the active language."""
    return capfirst(force_str(getattr(model._meta.get_field(name), "verbose_name", name)))


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


PLAN_COLUMNS = [
    ("reference", lambda a: a.reference),
    ("title", lambda a: a.title),
    ("status", lambda a: force_str(a.get_status_display())),
    ("owner", lambda a: str(a.owner)),
    ("org_unit", lambda a: a.org_unit.name),
    ("due_date", lambda a: a.due_date),
    ("done_on", lambda a: a.done_on),
    ("progress", lambda a: a.progress),
    ("origin", lambda a: "" if a.origins == "—" else a.origins),
    ("planned_cost", lambda a: _money(a.planned_cost)),
    ("actual_cost", lambda a: _money(a.actual_cost)),
]


def plan_header() -> list[str]:
    """Column titles of the plan's actions sheet, in the active language."""
    return [
        capfirst(_("origin")) if name == "origin" else field_label(Action, name)
        for name, _get in PLAN_COLUMNS
    ]


def plan_workbook(plan: ActionPlan, context: dict) -> Workbook:
    """The plan as XLSX: its actions (header + one row each), then a summary sheet."""
    workbook = Workbook()
    sheet = workbook.sheet(_("Actions"), plan_header())
    for action in context["plan_actions"]:
        sheet.row([get(action) for _name, get in PLAN_COLUMNS])
    summary = workbook.sheet(_("Summary"), widths={0: 30, 1: 30})
    for label, value in _summary_lines(plan, context):
        summary.row([label, value], labels=1)
    return workbook


def _summary_lines(plan: ActionPlan, context: dict) -> list[tuple[str, object]]:
    progress = context["progress"]
    plan_fields = [
        ("name", plan.name),
        ("reference", plan.reference),
        ("org_unit", plan.org_unit.name),
        ("owner", str(plan.owner or "")),
        ("start_date", plan.start_date),
        ("end_date", plan.end_date),
        ("objective", plan.objective),
        ("budget", _money(plan.budget)),
    ]
    return [
        *((field_label(ActionPlan, name), value) for name, value in plan_fields),
        (_("Actions"), progress.total),
        (_("Done (%)"), context["done_pct"]),
        (_("Overdue (%)"), context["late_pct"]),
        (_("Total planned cost (€)"), float(progress.planned_cost)),
        (_("Total actual cost (€)"), float(progress.actual_cost)),
    ]


def _filename(plan: ActionPlan, suffix: str) -> str:
    return f"{plan.reference}-{timezone.localdate():%Y%m%d}.{suffix}"


def plan_export_xlsx(request, pk: int):
    """The plan and its actions as an Excel workbook."""
    plan = _plan(request, pk)
    workbook = plan_workbook(plan, plan_context(plan, request.user))
    return workbook.response(_filename(plan, "xlsx"))


def plan_export_pdf(request, pk: int):
    """The plan and its actions as a PDF (A4 landscape), or a message if PDF is unavailable."""
    plan = _plan(request, pk)
    context = {**plan_context(plan, request.user), "plan": plan, "printed": timezone.now()}
    return pdf_response(
        request,
        "actions/plan_pdf.html",
        context,
        _filename(plan, "pdf"),
        fallback=reverse("actions:actionplan_detail", args=[plan.pk]),
    )


# URL patterns added under /actions/ and extra views of the actions register.
urlpatterns: list = [
    path("plans/<int:pk>/export.xlsx", plan_export_xlsx, name="actionplan_export_xlsx"),
    path("plans/<int:pk>/export.pdf", plan_export_pdf, name="actionplan_export_pdf"),
]
EXTRA_VIEWS: list = [
    ExtraView("dashboard", DashboardView, gettext_lazy("Dashboard"), "speedometer2"),
]
