"""The year's pages of training and communication: the training plan of a year (sessions,
hours, attendees, costs, each unit's budget against what its sessions cost) as a page and a
workbook, the page of one unit's training plan, and the communication plan of a year by
month."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amelio.core.permissions import can_anywhere
from amelio.core.registry import ExtraView, registry
from amelio.core.views.base import RegisterView
from amelio.training import plan

LIMIT = 2000
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(request, today: dt.date) -> int:
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if FIRST_YEAR <= year <= LAST_YEAR else today.year


def _year_range(year: int) -> dict:
    return {"gte": dt.date(year, 1, 1), "lte": dt.date(year, 12, 31)}


def _year_links(request, year: int) -> dict:
    query = request.GET.copy()
    links = {}
    for name, other in (("previous", year - 1), ("next", year + 1)):
        query["year"] = other
        links[name] = "?" + query.urlencode() if FIRST_YEAR <= other <= LAST_YEAR else ""
    query["year"] = year
    query["export"] = "xlsx"
    links["xlsx"] = "?" + query.urlencode()
    return links


def _by_month(records, field: str) -> list[dict]:
    """Records grouped by the month of their date `field`, in order."""
    groups = []
    for month, items in groupby(records, key=lambda r: getattr(r, field).replace(day=1)):
        groups.append({"month": month, "records": list(items)})
    return groups


# --- The year's training plan --------------------------------------------------------------


def year_data(register, request) -> dict:
    """The sessions of the year the user sees (filtered as the list), not cancelled, by
    month; their totals; the plans of the year with their budget against those sessions."""
    from amelio.core.views.records import filtered_queryset

    today = timezone.localdate()
    year = _year(request, today)
    filterset, queryset, _sort = filtered_queryset(register, request)
    span = _year_range(year)
    of_year = queryset.filter(start_date__gte=span["gte"], start_date__lte=span["lte"])
    sessions = list(
        of_year.exclude(status="cancelled")
        .select_related("org_unit", "trainer")
        .order_by("start_date", "id")[:LIMIT]
    )
    plans = list(
        registry.get("training.trainingplan")
        .queryset_for(request.user)
        .active()
        .filter(year=year)
        .select_related("org_unit")
        .order_by("org_unit__path")
    )
    cancelled = of_year.filter(status="cancelled").count()
    return {
        "filterset": filterset,
        "year": year,
        "sessions": sessions,
        "months": _by_month(sessions, "start_date"),
        "totals": plan.totals(sessions, cancelled),
        "budgets": plan.budget_lines(plans, sessions),
        "uncovered": plan.uncovered(plans, sessions),
        "cancelled": cancelled,
        "truncated": len(sessions) >= LIMIT,
    }


class TrainingYearView(RegisterView):
    """The training plan of a year: each session (planned, held, closed) with its hours,
    attendees and cost, month by month; each unit's budget against the cost of its sessions;
    the same as a workbook with `?export=xlsx`."""

    def get(self, request):
        data = year_data(self.register, request)
        if request.GET.get("export") == "xlsx":
            if not can_anywhere(request.user, "export"):
                raise PermissionDenied
            return year_workbook(data)
        links = _year_links(request, data["year"])
        return TemplateResponse(
            request,
            "training/trainingsession/year.html",
            self.base_context(
                title=_("Training plan %(year)d") % {"year": data["year"]},
                extra_slug="plan",
                previous_url=links["previous"],
                next_url=links["next"],
                xlsx_url=links["xlsx"],
                **data,
            ),
        )


def year_workbook(data: dict):
    """The year's plan as a workbook: the sessions, then the budgets."""
    from amelio.core.reports import Workbook

    workbook = Workbook()
    sessions = workbook.sheet(
        _("Sessions %(year)d") % {"year": data["year"]},
        [
            _("Start date"),
            _("End date"),
            _("Reference"),
            _("Topic"),
            _("Kind"),
            _("Org unit"),
            _("Trainer"),
            _("Status"),
            _("Duration (hours)"),
            _("Attendees present"),
            _("Trainee hours"),
            _("Cost excl. tax (€)"),
            _("Satisfaction (1–4)"),
            _("Effectiveness (%)"),
        ],
        widths={0: 12, 1: 12, 2: 15, 3: 40, 4: 18, 5: 24, 6: 26, 7: 12},
        freeze_columns=4,
    )
    for s in data["sessions"]:
        sessions.row(
            [
                s.start_date,
                s.end_date or s.start_date,
                s.reference,
                s.title,
                s.get_kind_display(),
                s.org_unit.name,
                s.trainer_label,
                s.get_status_display(),
                s.duration_hours,
                s.attendee_count,
                s.trainee_hours,
                s.cost,
                s.satisfaction_average,
                s.effectiveness_rate,
            ]
        )
    totals = data["totals"]
    sessions.row(
        [
            _("Total"),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            totals.hours,
            totals.attendees,
            totals.trainee_hours,
            totals.committed,
        ],
        style="bold",
    )
    sessions.autofilter()
    budgets = workbook.sheet(
        _("Budgets %(year)d") % {"year": data["year"]},
        [
            _("Org unit"),
            _("Training plan"),
            _("Budget excl. tax (€)"),
            _("Sessions"),
            _("Committed (€)"),
            _("Spent (€)"),
            _("Remaining (€)"),
        ],
        widths={0: 28, 1: 40},
    )
    for line in data["budgets"]:
        budgets.row(
            [
                line.plan.org_unit.name,
                f"{line.plan.reference} {line.plan.title}",
                line.figures.budget,
                line.sessions,
                line.figures.committed,
                line.figures.spent,
                line.figures.remaining,
            ]
        )
    return workbook.response(f"training-plan-{data['year']}.xlsx")


def plan_context(training_plan, request) -> dict:
    """A unit's training plan: the sessions of its unit and below in its year (those the
    reader sees, not cancelled), their totals and the budget against them."""
    span = _year_range(training_plan.year)
    sessions = list(
        registry.get("training.trainingsession")
        .queryset_for(request.user)
        .active()
        .filter(
            org_unit__path__startswith=training_plan.org_unit.path,
            start_date__gte=span["gte"],
            start_date__lte=span["lte"],
        )
        .exclude(status="cancelled")
        .select_related("org_unit", "trainer")
        .order_by("start_date", "id")[:LIMIT]
    )
    line = plan.budget_lines([training_plan], sessions)[0]
    year_url = registry.get("training.trainingsession").url("plan")
    return {
        "plan_sessions": sessions,
        "plan_totals": plan.totals(sessions),
        "plan_budget": line.figures,
        "plan_year_url": f"{year_url}?year={training_plan.year}&org_unit={training_plan.org_unit_id}",
    }


# --- The communication plan of a year ------------------------------------------------------


class CommunicationYearView(RegisterView):
    """The communication plan of a year, month by month: each item with its audience,
    channel and owner, done, late or cancelled."""

    def get(self, request):
        from amelio.core.views.records import filtered_queryset

        today = timezone.localdate()
        year = _year(request, today)
        filterset, queryset, _sort = filtered_queryset(self.register, request)
        span = _year_range(year)
        items = list(
            queryset.filter(planned_on__gte=span["gte"], planned_on__lte=span["lte"])
            .select_related("owner", "audience_unit", "org_unit")
            .order_by("planned_on", "id")[:LIMIT]
        )
        links = _year_links(request, year)
        counts = {
            state: sum(1 for i in items if i.status == state)
            for state in ("planned", "done", "cancelled")
        }
        counts["late"] = sum(1 for i in items if i.status == "planned" and i.planned_on < today)
        return TemplateResponse(
            request,
            "training/communicationitem/year.html",
            self.base_context(
                title=_("Communication plan %(year)d") % {"year": year},
                extra_slug="year",
                filterset=filterset,
                year=year,
                today=today,
                months=_by_month(items, "planned_on"),
                counts=counts,
                previous_url=links["previous"],
                next_url=links["next"],
                truncated=len(items) >= LIMIT,
            ),
        )


SESSION_EXTRA_VIEWS = [
    ExtraView("plan", TrainingYearView, gettext_lazy("Plan of the year"), "calendar3"),
]
COMMUNICATION_EXTRA_VIEWS = [
    ExtraView("year", CommunicationYearView, gettext_lazy("Plan of the year"), "calendar3"),
]
