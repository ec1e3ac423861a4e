"""Indicator pages that are not generated from the registry: the indicator's charts and values
grid (detail context), value entry and import, the control chart, the dashboard and its PDF,
and the alerts. Every lookup is scoped with `for_user`; state changes go to the services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from amelio.core.lookups import get_record_for
from amelio.core.permissions import can
from amelio.core.reports import XLSX_TYPE, file_response, pdf_response, template_workbook
from amelio.core.views.base import RegisterView
from amelio.core.views.records import filtered_queryset
from amelio.indicators import analysis, charts, computations, services
from amelio.indicators.forms import TargetForm, ValueForm
from amelio.indicators.models import Indicator, IndicatorValue, Notification

GRID_PERIODS = 12


def _texts() -> dict[str, str]:
    return {
        "value": _("Value"),
        "target": _("Target"),
        "alert": _("Alert threshold"),
        "centre": _("Centre line"),
        "ucl": _("Upper control limit"),
        "lcl": _("Lower control limit"),
        "flagged": _("Rule broken"),
    }


def _indicator(request, pk: int, action: str = "view") -> Indicator:
    indicators = Indicator.objects.select_related("org_unit", "owner")
    return get_record_for(request.user, indicators, pk, action)


def _violation_rows(data: analysis.Series, control: analysis.ControlChart | None) -> list[dict]:
    if control is None:
        return []
    return [
        {
            "code": v.rule,
            "rule": analysis.RULE_NAMES[v.rule],
            "label": analysis.RULE_LABELS[v.rule],
            "periods": [data.periods[i] for i in v.points],
            "last": data.periods[v.last],
        }
        for v in reversed(control.violations)
    ]


def chart_context(indicator: Indicator, data: analysis.Series) -> dict:
    """Trend, control chart, violations and capability of an indicator's series."""
    targets = [indicator.target_on(p) for p in data.periods]
    trend = charts.trend_figure(
        data.periods,
        data.values,
        [t.target if t else None for t in targets],
        [t.alert if t else None for t in targets],
        _texts(),
        indicator.unit,
    )
    control = analysis.control_chart(indicator, data)
    return {
        "trend": trend if data.values else None,
        "control": control,
        "control_figure": charts.control_figure(
            data.periods, control.chart, control.violations, _texts(), control.baseline
        )
        if control
        else None,
        "violations": _violation_rows(data, control),
        "capability": analysis.capability(indicator, data),
    }


def _grid(indicator: Indicator, data: analysis.Series, today: dt.date) -> list[dict]:
    """The last periods up to today with their value (or none yet), newest first."""
    period = services.period_start(today, indicator.frequency)
    by_period = dict(zip(data.periods, data.values, strict=True))
    step = {"monthly": 1, "quarterly": 3, "yearly": 12}[indicator.frequency]
    rows = []
    for _i in range(GRID_PERIODS):
        value = by_period.get(period)
        rows.append(
            {
                "period": period,
                "value": value,
                "shown": "" if value is None else f"{value:.{indicator.decimals}f}",
                "status": indicator.status_of(value, period) if value is not None else "",
            }
        )
        month = period.month - 1 - step
        period = dt.date(period.year + month // 12, month % 12 + 1, 1)
    return rows


def indicator_context(indicator: Indicator, request) -> dict:
    may_change = can(request.user, "change", indicator.org_unit) and not indicator.is_archived
    values = list(indicator.values.select_related("entered_by").order_by("period"))
    data = analysis.series(indicator, values)
    return {
        **chart_context(indicator, data),
        "values": list(reversed(values)),
        "grid": _grid(indicator, data, timezone.localdate()),
        "targets": indicator.all_targets(),
        "value_form": ValueForm(),
        "may_enter": may_change and not indicator.is_computed,
        "may_recompute": may_change and indicator.is_computed,
        "measure": indicator.measure,
        "origin": f"indicators.indicator:{indicator.pk}",
    }


@require_POST
def value_add(request, pk: int):
    """Save one value typed on the indicator page (a value of the same period is replaced)."""
    indicator = _indicator(request, pk, "change")
    form = ValueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The value is not valid: check the period and the number."))
        return redirect("indicators:indicator_detail", pk=pk)
    try:
        services.values_save(indicator=indicator, user=request.user, rows=[form.cleaned_data])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The value is saved."))
    return redirect("indicators:indicator_detail", pk=pk)


@require_POST
def target_add(request, pk: int):
    """Set a target (and alert threshold) from a date; the same date replaces it."""
    indicator = _indicator(request, pk, "change")
    form = TargetForm(request.POST)
    if form.is_valid():
        services.target_set(indicator=indicator, user=request.user, **form.cleaned_data)
        messages.success(request, _("The target is set."))
    else:
        messages.error(request, _("The target is not valid: check the date and the numbers."))
    return redirect("indicators:indicator_detail", pk=pk)


@require_POST
def values_grid(request, pk: int):
    """Save the values typed in the grid of periods; empty cells are left as they are."""
    indicator = _indicator(request, pk, "change")
    rows, errors = [], []
    for key, raw in request.POST.items():
        if not key.startswith("value-") or not raw.strip():
            continue
        try:
            period = dt.date.fromisoformat(key.removeprefix("value-"))
            rows.append({"period": period, "value": float(raw.replace(",", "."))})
        except ValueError:
            errors.append(raw)
    if errors:
        messages.error(request, _("Not a number: %(values)s") % {"values": ", ".join(errors)})
        return redirect("indicators:indicator_detail", pk=pk)
    try:
        services.values_save(indicator=indicator, user=request.user, rows=rows)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The values are saved."))
    return redirect("indicators:indicator_detail", pk=pk)


@require_POST
def recompute(request, pk: int):
    """Compute the values of a computed indicator for the periods of the grid."""
    indicator = _indicator(request, pk, "change")
    periods = [row["period"] for row in _grid(indicator, analysis.Series(), timezone.localdate())]
    try:
        saved = services.indicator_recompute(
            indicator=indicator, user=request.user, periods=periods
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext("%(count)s value computed.", "%(count)s values computed.", len(saved))
            % {"count": len(saved)},
        )
    return redirect("indicators:indicator_detail", pk=pk)


def control_chart(request, pk: int):
    """The control chart with limits from the baseline chosen in the query string (or the
    indicator's own), the violations listed, and the capability."""
    indicator = _indicator(request, pk)
    for name in ("baseline_start", "baseline_end"):
        try:
            if request.GET.get(name):
                setattr(indicator, name, dt.date.fromisoformat(request.GET[name]))
        except ValueError:
            messages.error(request, _("The baseline dates are not valid."))
    data = analysis.series(indicator)
    from amelio.core.registry import registry

    context = {
        "record": indicator,
        "register": registry.for_model(Indicator),
        "data": data,
        "origin": f"indicators.indicator:{indicator.pk}",
        **chart_context(indicator, data),
    }
    return TemplateResponse(request, "indicators/control_chart.html", context)


def values_import(request, pk: int):
    """Import values from an XLSX file (period, value, numerator, denominator, comment): a bad
    row is reported with its number and nothing is saved."""
    from amelio.indicators.imports import ImportError_, read_values

    indicator = _indicator(request, pk, "change")
    if request.method == "POST" and request.FILES.get("file"):
        try:
            rows = read_values(request.FILES["file"])
            services.values_save(indicator=indicator, user=request.user, rows=rows)
        except (ImportError_, ValidationError) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
            return redirect("indicators:indicator_values_import", pk=pk)
        count = len(rows)
        messages.success(
            request,
            ngettext("%(count)s value imported.", "%(count)s values imported.", count)
            % {"count": count},
        )
        return redirect("indicators:indicator_detail", pk=pk)
    from amelio.core.registry import registry

    context = {"record": indicator, "register": registry.for_model(Indicator)}
    return TemplateResponse(request, "indicators/values_import.html", context)


def values_template(request, pk: int):
    """An XLSX file with the column headings of a values import."""
    from amelio.indicators.imports import COLUMNS

    indicator = _indicator(request, pk)
    content = template_workbook(COLUMNS.values())
    return file_response(content, f"{indicator.reference}-values.xlsx", XLSX_TYPE)


class DashboardView(RegisterView):
    """Tiles of the filtered indicators: latest value, status, sparkline of the last values."""

    def get(self, request):
        filterset, queryset, _sort = filtered_queryset(self.register, request)
        context = self.base_context(filterset=filterset, tiles=dashboard_tiles(queryset))
        if request.GET.get("format") == "pdf":
            return _dashboard_pdf(request, context)
        return TemplateResponse(request, "indicators/dashboard.html", context)


def dashboard_tiles(queryset, last: int = 12) -> list[dict]:
    """One tile per indicator, with two queries for any number of indicators."""
    indicators = list(queryset.select_related("process").order_by("name")[:200])
    recent: dict[int, list[float]] = {}
    values = IndicatorValue.objects.filter(indicator__in=[i.pk for i in indicators]).order_by(
        "indicator_id", "period"
    )
    for indicator_id, value in values.values_list("indicator_id", "value"):
        recent.setdefault(indicator_id, []).append(value)
    tiles = []
    for indicator in indicators:
        series = recent.get(indicator.pk, [])[-last:]
        target = indicator.target_on(indicator.latest_period) if indicator.latest_period else None
        tiles.append(
            {
                "indicator": indicator,
                "spark": charts.sparkline_points(series),
                "target": indicator.format(target.target) if target else "—",
                "status": indicator.latest_status,
            }
        )
    return tiles


def _dashboard_pdf(request, context):
    name = slugify(_("indicators-dashboard"))
    return pdf_response(
        request,
        "indicators/dashboard_pdf.html",
        context,
        f"{name}.pdf",
        fallback="indicators:indicator_dashboard",
    )


def notifications(request):
    """The current user's indicator alerts; POST marks them read."""
    mine = Notification.objects.filter(recipient=request.user).select_related("indicator")
    if request.method == "POST":
        services.notifications_read(user=request.user)
        return redirect("indicators:notifications")
    visible = set(Indicator.objects.for_user(request.user).values_list("pk", flat=True))
    items = [n for n in mine[:100] if n.indicator_id in visible]
    context = {"notifications": items, "statuses": computations}
    return TemplateResponse(request, "indicators/notifications.html", context)


def pareto(request, pk: int):
    """Pareto of the records behind a computed indicator over the last twelve months (this one included), by a
    category of the source register (?by=<field>)."""
    from amelio.core.registry import registry
    from amelio.indicators import sources

    indicator = _indicator(request, pk)
    if indicator.source != Indicator.Source.COMPUTED:
        raise Http404
    fields = sources.category_fields(registry.get(indicator.source_register))
    chosen = request.GET.get("by") or (fields[0][0] if fields else "")
    current = services.period_start(timezone.localdate(), "monthly")
    end = sources.period_end(current, "monthly")
    start = dt.date(end.year - 1, end.month, 1)
    rows = []
    if chosen:
        try:
            counts = sources.category_counts(indicator, chosen, start, end)
        except ValidationError as error:
            raise Http404 from error
        rows = computations.pareto(counts)
    texts = {"count": _("Records"), "cumulative": _("Cumulative share")}
    context = {
        "record": indicator,
        "register": registry.for_model(Indicator),
        "fields": fields,
        "chosen": chosen,
        "rows": rows,
        "start": start,
        "end": end,
        "figure": charts.pareto_figure(rows, texts) if rows else None,
        "vital_few": computations.vital_few(rows),
    }
    return TemplateResponse(request, "indicators/pareto.html", context)
