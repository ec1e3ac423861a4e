"""Pages of record retention beyond the registers' own: the rule form (its start events follow
the record type chosen), the shipped rules and their sources (installed by a coordinator), the
records due on a date (the dry run, as a page and a workbook), and the detail of a hold and of
a purge run (its frozen list, then what was done to each record)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from amelio.core.lookups import get_record_for
from amelio.core.models import OrgUnit
from amelio.core.permissions import can, units_for
from amelio.core.registry import ExtraView, registry
from amelio.core.views.base import RegisterView
from amelio.documents import retention as service
from amelio.documents import retention_computations as calc

SHOWN_LIMIT = 500


# The rule form -----------------------------------------------------------------------------


def rule_form(register) -> type:
    """The register's form with the start event chosen among the dates of the record type
    (reloaded by htmx when the type changes)."""
    from amelio.core.forms import record_form_factory

    base = record_form_factory(register)

    class RuleForm(base):  # type: ignore[misc,valid-type]
        start_field = forms.ChoiceField(
            label=gettext_lazy("Start event"),
            help_text=gettext_lazy("The date of the record the duration runs from."),
        )

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            key = self["record_type"].value() or ""
            self.fields["start_field"].choices = [("", "---------"), *service.start_events(key)]
            self.fields["record_type"].widget.attrs.update(
                {
                    "hx-get": reverse("documents:retention_start_events"),
                    "hx-target": "#id_start_field",
                    "hx-swap": "innerHTML",
                }
            )

    return RuleForm


def start_events_view(request):
    """The options of the start event for the record type chosen (htmx)."""
    options = [("", "---------"), *service.start_events(request.GET.get("record_type", ""))]
    return HttpResponse(
        format_html_join("", '<option value="{}">{}</option>', options),
        headers={"Cache-Control": "private, max-age=600"},
    )


def rule_context(rule, request) -> dict:
    """An example of the rule's arithmetic, for the reader to check it."""
    today = timezone.localdate()
    return {
        "example_start": today,
        "example_due": calc.due_date(today, rule.years, rule.months),
        "start_label": rule.start_event,
        "due_url": registry.get("documents.purgerun").url("due"),
    }


# The shipped rules -------------------------------------------------------------------------


def company() -> OrgUnit | None:
    return OrgUnit.objects.active().filter(kind=OrgUnit.Kind.ORGANISATION).first()


class RulesLibraryView(RegisterView):
    """The retention rules Amelio ships, with their legal basis, source and confidence, and
    which are installed in the company; a coordinator installs the missing ones."""

    def get(self, request):
        data = service.shipped_rules()
        root = company()
        installed = set()
        if root is not None:
            installed = set(
                registry.get("documents.retentionrule")
                .queryset_for(request.user, "view")
                .filter(org_unit=root, library_key__gt="", archived_at__isnull=True)
                .values_list("library_key", flat=True)
            )
        english = (get_language() or "fr").startswith("en")
        rows = [_library_row(row, english, installed) for row in data["rules"]]
        rows.sort(key=lambda row: (row["type"].lower(), row["years"] * 12 + row["months"]))
        return TemplateResponse(
            request,
            "documents/retention/library.html",
            self.base_context(
                title=_("Shipped retention rules"),
                extra_slug="library",
                rows=rows,
                version=data["version"],
                missing=sum(1 for row in rows if not row["installed"]),
                may_install=root is not None and can(request.user, "approve", root),
            ),
        )

    def post(self, request):
        root = company()
        if root is None or not can(request.user, "approve", root):
            raise PermissionDenied
        report = service.install_rules(
            unit=root, user=request.user, language=get_language() or "fr"
        )
        messages.success(
            request,
            _("%(added)s rules added; %(present)s already installed were left as they are.")
            % {"added": report.added, "present": report.present},
        )
        return HttpResponseRedirect(self.register.url("list"))


def _library_row(row: dict, english: bool, installed: set) -> dict:
    language = "en" if english else "fr"
    return {
        **row,
        "type": service.type_label(row["record_type"]),
        "start": service.start_label(row["record_type"], row["start_field"]),
        "duration": service.duration_text(row.get("years", 0), row.get("months", 0)),
        "action_label": _action_label(row["action"]),
        "notes": row.get(f"notes_{language}", ""),
        "installed": row["key"] in installed,
        "known": service.known(row["record_type"]),
    }


def _action_label(action: str) -> str:
    from amelio.documents.models.retention import RetentionAction

    return str(RetentionAction(action).label)


# Holds -------------------------------------------------------------------------------------


def hold_context(hold, request) -> dict:
    """The held record (a link when the reader may open it) and whether the hold holds today."""
    target = None
    if hold.content_type_id and hold.object_id:
        model = hold.content_type.model_class()
        found = registry.for_model(model) if model is not None else None
        if found is not None:
            target = found.queryset_for(request.user, "view").filter(pk=hold.object_id).first()
    return {"held_record": target, "in_force": hold.in_force(timezone.localdate())}


# The records due (dry run) -----------------------------------------------------------------


def _chosen_unit(request) -> OrgUnit:
    """The unit asked for among those where the user may propose a purge (404 otherwise)."""
    units = units_for(request.user, "archive").order_by("path")
    chosen = request.GET.get("unit")
    if chosen:
        return get_record_unit(units, chosen)
    first = units.first()
    if first is None:
        raise PermissionDenied
    return first


def get_record_unit(units, chosen: str) -> OrgUnit:
    from django.http import Http404

    try:
        return units.get(pk=int(chosen))
    except (ValueError, OrgUnit.DoesNotExist):
        raise Http404 from None


def _chosen_day(request, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return today
    return min(day, today)


class DueView(RegisterView):
    """The dry run: the records due on a date in a unit and below, what a purge would do to
    each and under which rule, the records it cannot touch yet and why; as a workbook with
    `?export=xlsx`; and the button that proposes the purge of exactly this list."""

    def get(self, request):
        unit = _chosen_unit(request)
        today = timezone.localdate()
        on = _chosen_day(request, today)
        due = service.due_list(unit=unit, on=on, user=request.user)
        if request.GET.get("export") == "xlsx":
            return due_workbook(due)
        title = _("Purge of %(date)s") % {"date": date_format(on, "SHORT_DATE_FORMAT")}
        return TemplateResponse(
            request,
            "documents/retention/due.html",
            self.base_context(
                title=_("Records due (dry run)"),
                extra_slug="due",
                due=due,
                shown=due.items[:SHOWN_LIMIT],
                truncated=len(due.items) > SHOWN_LIMIT,
                units=[
                    (u.pk, "\u2003" * u.depth + u.name)
                    for u in units_for(request.user, "archive").order_by("path")
                ],
                unit=unit,
                on=on,
                today=today,
                xlsx_url=f"?unit={unit.pk}&on={on.isoformat()}&export=xlsx",
                propose_url=self.register.add_url(
                    org_unit=unit.pk, as_of=on.isoformat(), title=title
                ),
                may_propose=can(request.user, "archive", unit),
                open_runs=open_runs(request.user, unit),
            ),
        )


def open_runs(user, unit: OrgUnit) -> list:
    """The purge runs not yet carried out that overlap `unit` (its unit, above or below): the
    records they list are not listed again, so the dry run names them."""
    runs = (
        registry.get("documents.purgerun")
        .queryset_for(user, "view")
        .filter(status__in=service.OPEN_RUNS)
        .select_related("org_unit")
        .order_by("as_of", "pk")
    )
    return [
        run
        for run in runs
        if run.org_unit.path.startswith(unit.path) or unit.path.startswith(run.org_unit.path)
    ]


def due_workbook(due: service.DueList) -> HttpResponse:
    """The dry run as a workbook: one row per record, then the records blocked."""
    from amelio.core.reports import Workbook

    header = [
        _("Record type"),
        _("Reference"),
        _("Org unit"),
        _("Action"),
        _("Start event"),
        pgettext("retention", "Start"),
        _("Due on"),
        _("Rule"),
        _("Legal reference"),
        _("Cannot be done because"),
    ]
    workbook = Workbook()
    sheet = workbook.sheet(
        _("Due on %(date)s") % {"date": due.on.isoformat()},
        header,
        widths={0: 28, 1: 18, 2: 24, 3: 20, 4: 22, 5: 12, 6: 12, 7: 14, 8: 36, 9: 40},
    )
    for item in [*due.items, *due.blocked]:
        sheet.row(
            [
                service.type_label(item.register.key),
                item.record.reference,
                item.record.org_unit.name,
                item.action_label,
                item.rule.start_event,
                item.start,
                item.due,
                item.rule.reference,
                item.rule.citation,
                item.blocked,
            ]
        )
    sheet.autofilter()
    return workbook.response(f"records-due-{due.on.isoformat()}.xlsx")


# Purge runs --------------------------------------------------------------------------------


def run_context(run, request) -> dict:
    """The run's records (frozen list, then outcomes), with a link to each record that still
    exists and that the reader may open."""
    items = list(run.items.select_related("org_unit", "done_by").order_by("id")[:SHOWN_LIMIT])
    user = request.user
    for item in items:
        item.type_label = service.type_label(item.record_type)
        gone = item.action == "destroy" and item.outcome == "done"
        item.url = ""
        if not gone and service.known(item.record_type) and can(user, "view", item.org_unit):
            item.url = registry.get(item.record_type).url("detail", item.object_id)
    return {
        "items": items,
        "items_truncated": run.planned_count > SHOWN_LIMIT,
        "items_xlsx_url": reverse("documents:purgerun_items", args=[run.pk]),
    }


def run_items_workbook(request, pk: int) -> HttpResponse:
    """The log of a purge run as a workbook (what was listed, then done, skipped or failed)."""
    from amelio.core.reports import Workbook
    from amelio.documents.models.retention import PurgeRun

    run = get_record_for(request.user, PurgeRun, pk)
    header = [
        _("Record type"),
        _("Reference"),
        _("Org unit"),
        _("Action"),
        pgettext("retention", "Start"),
        _("Due on"),
        _("Rule"),
        _("Outcome"),
        _("Detail"),
        pgettext("purge log", "When"),
        _("By"),
    ]
    workbook = Workbook()
    sheet = workbook.sheet(run.reference, header, widths=18)
    for item in run.items.select_related("org_unit", "done_by").order_by("id"):
        sheet.row(
            [
                service.type_label(item.record_type),
                item.reference,
                item.org_unit.name,
                item.get_action_display(),
                item.start_date,
                item.due_date,
                item.rule_summary,
                item.get_outcome_display(),
                item.detail,
                timezone.localtime(item.done_at).replace(tzinfo=None) if item.done_at else None,
                str(item.done_by) if item.done_by else "",
            ]
        )
    sheet.autofilter()
    return workbook.response(f"{run.reference}.xlsx")


RULE_VIEWS = [
    ExtraView("library", RulesLibraryView, gettext_lazy("Shipped rules and sources"), "book")
]
RUN_VIEWS = [ExtraView("due", DueView, gettext_lazy("Records due (dry run)"), "list-check")]

urlpatterns = [
    path(
        "retention-rules/start-events/",
        start_events_view,
        name="retention_start_events",
    ),
    path("purge-runs/<int:pk>/items.xlsx", run_items_workbook, name="purgerun_items"),
]
