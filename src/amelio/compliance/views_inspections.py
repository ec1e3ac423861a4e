"""Pages of the periodic inspections that are not generated from the registry: the
equipment's schedule on its detail page, the inspection's observations, and the year's
inspection plan (a calendar and its workbook)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from amelio.compliance import figures
from amelio.compliance import inspections as service
from amelio.core.registry import ExtraView, registry
from amelio.core.views.base import RegisterView

PLAN_LIMIT = 1000
MONTH_FORMAT = "b"


def _visible(register_key: str, user):
    from amelio.core.registry import registry

    return registry.get(register_key).queryset_for(user, "view")


def equipment_context(equipment, request) -> dict:
    """The equipment's state of service, its schedule per rule, its inspections and the
    observations still open, and a link to record an inspection."""
    from amelio.core.permissions import can

    today = timezone.localdate()
    schedule = service.rule_schedule(equipment, today)
    inspections = list(
        _visible("compliance.inspection", request.user)
        .filter(equipment=equipment)
        .select_related("rule")
        .order_by("-performed_on", "-id")
    )
    open_observations = list(
        _visible("compliance.observation", request.user)
        .filter(inspection__equipment=equipment, lifted_on__isnull=True)
        .select_related("inspection__rule")
        .order_by("inspection__performed_on", "id")
    )
    key, label = service.service_state(equipment, today)
    reason = ""
    if equipment.withdrawn:
        reason = _("Withdrawn from service by decision.")
    elif key == "stopped":
        reason = _(
            "An inspection has been overdue since %(date)s and this equipment must not be used "
            "while an inspection is overdue."
        ) % {"date": _date(equipment.next_due)}
    return {
        "in_service": service.in_service(equipment, today),
        "service_reason": reason,
        "service_key": key,
        "service_label": label,
        "schedule": schedule,
        "equipment_inspections": inspections,
        "open_observations": open_observations,
        "add_inspection_url": registry.get("compliance.inspection").add_url(
            equipment=equipment.pk, org_unit=equipment.org_unit_id
        ),
        "may_add_inspection": can(request.user, "add", equipment.org_unit)
        and not equipment.is_archived,
    }


def inspection_context(inspection, request) -> dict:
    """The inspection's observations and a link to record one."""
    from amelio.core.permissions import can

    observations = list(
        _visible("compliance.observation", request.user)
        .filter(inspection=inspection)
        .order_by("lifted_on", "id")
    )
    return {
        "inspection_observations": observations,
        "open_count": sum(1 for o in observations if o.lifted_on is None),
        "add_observation_url": registry.get("compliance.observation").add_url(
            inspection=inspection.pk, org_unit=inspection.org_unit_id
        ),
        "may_add_observation": can(request.user, "add", inspection.org_unit)
        and not inspection.is_archived,
    }


def _date(day: dt.date | None) -> str:
    from django.utils import formats

    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else "—"


# The year's plan ---------------------------------------------------------------------------


FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(request, today: dt.date) -> int:
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if FIRST_YEAR <= year <= LAST_YEAR else today.year


def _sites(units) -> dict[int, Any]:
    """Each unit's site (the unit itself for a site), in one query."""
    from amelio.core.models import OrgUnit

    ids = {int(p) for unit in units for p in unit.path.strip("/").split("/") if p}
    sites = {s.pk: s for s in OrgUnit.objects.filter(pk__in=ids, kind=OrgUnit.Kind.SITE)}
    found = {}
    for unit in units:
        path = [int(p) for p in unit.path.strip("/").split("/") if p]
        found[unit.pk] = next((sites[i] for i in reversed(path) if i in sites), unit)
    return found


def plan_data(register, request) -> dict:
    """The plan of the filtered equipment for the chosen year, grouped by site and category."""
    from amelio.core.views.records import filtered_queryset

    today = timezone.localdate()
    year = _year(request, today)
    filterset, queryset, _sort = filtered_queryset(register, request)
    equipments = list(
        queryset.select_related("org_unit", "category").order_by(
            "org_unit__path", "category__order", "name", "id"
        )[:PLAN_LIMIT]
    )
    sites = _sites({e.org_unit_id: e.org_unit for e in equipments}.values())
    rows = service.year_plan(equipments, year, today)
    rows.sort(
        key=lambda r: (
            sites[r.equipment.org_unit_id].name,
            r.equipment.category.order,
            r.equipment.category.name,
            r.equipment.name,
            r.equipment.pk,
            r.rule.months,
            r.rule.key,
        )
    )
    groups: list[dict] = []
    for row in rows:
        site = sites[row.equipment.org_unit_id]
        category = row.equipment.category
        if not groups or groups[-1]["site"] != site or groups[-1]["category"] != category:
            groups.append({"site": site, "category": category, "rows": []})
        row.site = site
        groups[-1]["rows"].append(row)
    return {
        "filterset": filterset,
        "year": year,
        "today": today,
        "groups": groups,
        "rows": rows,
        "months": [dt.date(year, m, 1) for m in range(1, 13)],
        "truncated": len(equipments) >= PLAN_LIMIT,
        "counts": {
            "due": sum(1 for r in rows for ms in r.months for m in ms if m.kind == "due"),
            "overdue": sum(1 for r in rows for ms in r.months for m in ms if m.kind == "overdue"),
            "done": sum(1 for r in rows for ms in r.months for m in ms if m.kind == "done"),
            # The inspections overdue today (the measure compliance.inspections_overdue).
            "late": len(figures.overdue_rows(rows)),
        },
    }


class InspectionPlanView(RegisterView):
    """The year's inspection plan: equipment by site and category, a mark in the month each
    inspection falls due (overdue in red), the inspections done that year (in green); the
    same plan as a workbook with `?export=xlsx`."""

    def get(self, request):
        data = plan_data(self.register, request)
        if request.GET.get("export") == "xlsx":
            return plan_workbook(data)
        query = request.GET.copy()
        links = {}
        for name, year in (("previous", data["year"] - 1), ("next", data["year"] + 1)):
            # No link past the years the plan shows (it would fall back to this year).
            query["year"] = year
            links[name] = "?" + query.urlencode() if FIRST_YEAR <= year <= LAST_YEAR else ""
        query["year"] = data["year"]
        query["export"] = "xlsx"
        return TemplateResponse(
            request,
            "compliance/inspections/plan.html",
            self.base_context(
                title=_("Inspection plan %(year)d") % {"year": data["year"]},
                extra_slug="plan",
                previous_url=links["previous"],
                next_url=links["next"],
                xlsx_url="?" + query.urlencode(),
                **data,
            ),
        )


def plan_workbook(data: dict):
    """The plan as a workbook: one row per equipment and inspection, the date it falls due or
    was done in its month's column (a date), coloured like the page."""
    from django.utils import formats

    from amelio.core.reports import DATE_FORMATS, Workbook

    months = [formats.date_format(m, "F") for m in data["months"]]
    header = [
        _("Site"),
        _("Equipment category"),
        _("Reference"),
        pgettext("inspected", "Equipment"),
        _("Inspection"),
        _("Periodicity (months)"),
        _("Next due"),
        _("State"),
        *months,
    ]
    workbook = Workbook()
    sheet = workbook.sheet(
        _("Plan %(year)d") % {"year": data["year"]},
        header,
        widths={
            0: 20,
            1: 28,
            2: 14,
            3: 28,
            4: 36,
            5: 12,
            6: 12,
            7: 14,
            **{8 + i: 11 for i in range(12)},
        },
        freeze_columns=4,
    )
    colours = {
        kind: workbook.book.add_format({"num_format": DATE_FORMATS[dt.date], "bg_color": colour})
        for kind, colour in (("done", "#D1E7DD"), ("overdue", "#F8D7DA"), ("due", "#CFE2FF"))
    }
    for row in data["rows"]:
        line = sheet.count
        sheet.row(
            [
                row.site.name,
                row.equipment.category.name,
                row.equipment.reference,
                row.equipment.name,
                row.rule.name,
                row.period,
                row.next_due,
                row.state_label,
            ]
        )
        for index, mark in enumerate(row.cells):
            if mark is not None:
                sheet.sheet.write_datetime(line, 8 + index, mark.day, colours[mark.kind])
    legend = sheet.count + 1
    sheet.write(legend, 0, _("Colours: green = done, red = overdue, blue = due."))
    return workbook.response(f"inspection-plan-{data['year']}.xlsx")


EXTRA_VIEWS = [
    ExtraView("plan", InspectionPlanView, gettext_lazy("Inspection plan"), "calendar3"),
]

urlpatterns: list = []
