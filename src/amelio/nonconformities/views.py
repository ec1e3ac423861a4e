"""Nonconformity pages beyond the standard register: the analysis page (Pareto, cross table,
cost of nonquality, recurrences), the root-cause tools (5 whys, Ishikawa, QQOQCCP, 8D), the 8D
PDF and the customer letters."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amelio.core.forms import DateInput
from amelio.core.lookups import get_record_for
from amelio.core.reports import Workbook, pdf_response
from amelio.core.services import may_edit
from amelio.core.similarity import ranked
from amelio.core.views.base import RegisterView
from amelio.core.views.records import filtered_queryset
from amelio.nonconformities import charts, figures, services
from amelio.nonconformities import computations as calc
from amelio.nonconformities.models import (
    ISHIKAWA_VARIANTS,
    CauseCategory,
    EightD,
    Nonconformity,
)

RECURRENCE_DAYS = 90
SIMILAR_LIMIT = 5
SIMILAR_POOL = 500
QQOQCCP = [
    "qqoqccp_who",
    "qqoqccp_what",
    "qqoqccp_where",
    "qqoqccp_when",
    "qqoqccp_how",
    "qqoqccp_how_many",
    "qqoqccp_why",
]
DIMENSIONS = {
    "cause_category": gettext_lazy("Cause category"),
    "process": gettext_lazy("Process"),
    "defect_type": gettext_lazy("Defect type"),
    "product": gettext_lazy("Product"),
    "third_party": gettext_lazy("Customer or supplier"),
    "nc_type": gettext_lazy("Type"),
}
PERIODS = {
    "month": gettext_lazy("Month"),
    "quarter": gettext_lazy("Quarter"),
    "year": gettext_lazy("Year"),
}


def _nc(request, pk: int) -> Nonconformity:
    """The nonconformity, or 404 when the user may not see it (another site's record)."""
    nonconformities = Nonconformity.objects.select_related("org_unit", "owner")
    return get_record_for(request.user, nonconformities, pk)


def _text(nc: Nonconformity) -> str:
    return " ".join([nc.title, nc.product, nc.defect_type, nc.description])


def similar_ncs(nc: Nonconformity, user) -> list[tuple[Nonconformity, int]]:
    """Past nonconformities the user may see whose words are closest to this one's, with
    their similarity in percent."""
    pool = list(
        Nonconformity.objects.for_user(user)
        .active()
        .exclude(pk=nc.pk)
        .filter(detected_on__lte=nc.detected_on)
        .only("pk", "reference", "title", "product", "defect_type", "description", "status")
        .order_by("-detected_on", "-id")[:SIMILAR_POOL]
    )
    return ranked(_text(nc), pool, _text, SIMILAR_LIMIT)


def earlier_occurrences(nc: Nonconformity, user) -> list[Nonconformity]:
    """Same product and defect within the recurrence window before this one."""
    if not (nc.product.strip() and nc.defect_type.strip()):
        return []
    since = nc.detected_on - dt.timedelta(days=RECURRENCE_DAYS)
    return list(
        Nonconformity.objects.for_user(user)
        .active()
        .exclude(pk=nc.pk)
        .filter(
            product__iexact=nc.product.strip(),
            defect_type__iexact=nc.defect_type.strip(),
            detected_on__range=(since, nc.detected_on),
        )
        .order_by("-detected_on")[:10]
    )


def fishbone(nc: Nonconformity) -> calc.Fishbone:
    """The Ishikawa layout of `nc`: the families of its variant with their causes."""
    causes: dict[str, list[str]] = {key: [] for key, _label in nc.ishikawa_categories()}
    for cause in nc.ishikawa_causes.all():
        causes.setdefault(cause.category, []).append(cause.text)
    labels = dict(CauseCategory.choices)
    return calc.fishbone_layout([(str(labels[key]), texts) for key, texts in causes.items()])


def detail_context(nc: Nonconformity, user) -> dict:
    """The toolbox, recurrences and similar past cases shown on the detail page."""
    return {
        "whys": list(nc.whys.all()),
        "fishbone": fishbone(nc),
        "has_causes": nc.ishikawa_causes.exists(),
        "eight_d": EightD.objects.filter(nonconformity=nc).first(),
        "similar": similar_ncs(nc, user),
        "earlier": earlier_occurrences(nc, user),
        "recurrence_days": RECURRENCE_DAYS,
        "may_edit_tools": may_edit(user, nc),
        "qqoqccp_fields": QQOQCCP,
    }


def _require_edit(request, nc: Nonconformity) -> None:
    if not may_edit(request.user, nc):
        raise PermissionDenied


def whys_edit(request, pk: int):
    """Edit the 5 whys of a nonconformity."""
    nc = _nc(request, pk)
    _require_edit(request, nc)
    steps = [(w.question, w.answer) for w in nc.whys.all()]
    if request.method == "POST":
        posted = [
            (request.POST.get(f"question_{n}", ""), request.POST.get(f"answer_{n}", ""))
            for n in range(1, services.MAX_WHYS + 1)
        ]
        try:
            services.whys_save(nc=nc, user=request.user, steps=posted)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            steps = posted
        else:
            messages.success(request, _("The 5 whys were saved."))
            return redirect("nonconformities:nonconformity_detail", nc.pk)
    rows = steps + [("", "")] * (max(5, len(steps) + 1) - len(steps))
    context = {"record": nc, "rows": rows[: services.MAX_WHYS]}
    return TemplateResponse(request, "nonconformities/whys_form.html", context)


def ishikawa_edit(request, pk: int):
    """Edit the Ishikawa causes of a nonconformity (one cause per line and family)."""
    nc = _nc(request, pk)
    _require_edit(request, nc)
    if request.method == "POST":
        causes = {
            key: request.POST.get(f"causes_{key}", "").splitlines()
            for key, _label in CauseCategory.choices
        }
        try:
            services.ishikawa_save(
                nc=nc, user=request.user, variant=request.POST.get("variant", "6M"), causes=causes
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The Ishikawa diagram was saved."))
            return redirect("nonconformities:nonconformity_detail", nc.pk)
    existing: dict[str, list[str]] = {}
    for cause in nc.ishikawa_causes.all():
        existing.setdefault(cause.category, []).append(cause.text)
    families = [
        (key, label, "\n".join(existing.get(key, []))) for key, label in CauseCategory.choices
    ]
    context = {
        "record": nc,
        "families": families,
        "fishbone": fishbone(nc),
        "variants": list(ISHIKAWA_VARIANTS),
    }
    return TemplateResponse(request, "nonconformities/ishikawa_form.html", context)


D_FIELDS = [
    "d0_preparation",
    "d1_team",
    "d2_problem",
    "d3_containment",
    "d4_root_cause",
    "d5_corrective",
    "d6_validation",
    "d7_prevention",
    "d8_congratulations",
]


class EightDForm(forms.ModelForm):
    class Meta:
        model = EightD
        fields = ["opened_on", "target_on", *D_FIELDS, "closed_on"]
        widgets = {
            "opened_on": DateInput(),
            "target_on": DateInput(),
            "closed_on": DateInput(),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in D_FIELDS},
        }


def _initial_eight_d(nc: Nonconformity) -> EightD:
    """A new 8D report pre-filled from what the nonconformity already says."""
    return EightD(
        nonconformity=nc,
        d2_problem=nc.description or nc.qqoqccp_what,
        d3_containment=nc.containment,
        d4_root_cause=nc.root_cause,
    )


def eight_d_edit(request, pk: int):
    """Edit (or start) the 8D report of a nonconformity."""
    nc = _nc(request, pk)
    _require_edit(request, nc)
    report = EightD.objects.filter(nonconformity=nc).first() or _initial_eight_d(nc)
    form = EightDForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.eight_d_save(report=form.save(commit=False), user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The 8D report was saved."))
            return redirect("nonconformities:nonconformity_detail", nc.pk)
    context = {"record": nc, "form": form}
    return TemplateResponse(request, "nonconformities/eight_d_form.html", context)


def _linked_actions(nc: Nonconformity, user):
    from amelio.actions.services import actions_for

    return list(actions_for(nc, user))


def eight_d_pdf(request, pk: int):
    """The 8D report as a PDF (A4), in the user's language."""
    nc = _nc(request, pk)
    report = EightD.objects.filter(nonconformity=nc).first() or _initial_eight_d(nc)
    context = {"record": nc, "report": report, "actions": _linked_actions(nc, request.user)}
    name = slugify(f"8d-{nc.reference}")
    return _pdf(request, "nonconformities/eight_d_pdf.html", context, name, nc)


def a3_pdf(request, pk: int):
    """The A3 summary (problem, containment, 5 whys, Ishikawa, actions, results) as a PDF."""
    nc = _nc(request, pk)
    context = {
        "record": nc,
        "whys": list(nc.whys.all()),
        "fishbone": fishbone(nc),
        "actions": _linked_actions(nc, request.user),
    }
    name = slugify(f"a3-{nc.reference}")
    return _pdf(request, "nonconformities/a3_pdf.html", context, name, nc)


def _pdf(request, template: str, context: dict, name: str, nc: Nonconformity):
    return pdf_response(request, template, context, f"{name}.pdf", fallback=nc_url(nc))


def nc_url(nc: Nonconformity) -> str:
    from django.urls import reverse

    return reverse("nonconformities:nonconformity_detail", args=[nc.pk])


LETTERS = {"acknowledgement": gettext_lazy("acknowledgement"), "response": gettext_lazy("response")}


def letter_pdf(request, pk: int, kind: str):
    """The acknowledgement or response letter to the customer of a complaint, as a PDF."""
    nc = _nc(request, pk)
    if kind not in LETTERS or not nc.is_complaint:
        raise PermissionDenied
    context = {
        "record": nc,
        "kind": kind,
        "site": nc.org_unit,
        "actions": _linked_actions(nc, request.user),
        "today": timezone.localdate(),
    }
    name = slugify(f"{LETTERS[kind]}-{nc.reference}")
    return _pdf(request, "nonconformities/letter_pdf.html", context, name, nc)


def _group_value(nc: dict, dimension: str, labels: dict) -> str:
    value = nc.get(dimension)
    if dimension in labels:
        return str(labels[dimension].get(value, value or "")) or str(_("Not given"))
    return (value or "").strip() or str(_("Not given"))


class AnalysisView(RegisterView):
    """Pareto of the filtered nonconformities by a chosen dimension (count or cost), the cost
    of nonquality per month and the recurrences."""

    def get(self, request):
        filterset, queryset, _sort = filtered_queryset(self.register, request)
        dimension = request.GET.get("by", "cause_category")
        dimension = dimension if dimension in DIMENSIONS else "cause_category"
        measure = "cost" if request.GET.get("measure") == "cost" else "count"
        window = _int(request.GET.get("window"), RECURRENCE_DAYS)
        rows = figures.analysis_rows(queryset)
        pareto = calc.pareto(_totals(rows, dimension, measure))
        months = figures.cost_by_month(rows)
        by_pk = {r["pk"]: r for r in rows}
        found = calc.recurrences(
            (
                calc.Occurrence(r["pk"], r["detected_on"], r["product"], r["defect_type"])
                for r in rows
            ),
            window,
        )
        recurrences = [(by_pk[f.later], by_pk[f.earlier], f) for f in reversed(found)]
        pivot = _pivot(request, rows, measure)
        if request.GET.get("export") == "pivot":
            return _pivot_xlsx(pivot, measure)
        texts = {"count": str(_("Number")), "cumulative": str(_("Cumulative share"))}
        if measure == "cost":
            texts["count"] = str(_("Cost (€)"))
        cost_texts = {
            "scrap": str(_("Scrap")),
            "rework": str(_("Rework")),
            "handling": str(_("Handling")),
            "penalties": str(_("Penalties")),
            "euros": "€",
        }
        context = self.base_context(
            filterset=filterset,
            total=len(rows),
            dimension=dimension,
            dimensions=DIMENSIONS.items(),
            measure=measure,
            window=window,
            pareto=pareto,
            pareto_figure=charts.pareto_figure(pareto, texts) if pareto else None,
            months=months,
            total_cost=calc.total_of(months),
            cost_figure=charts.cost_figure(months, cost_texts) if months else None,
            recurrences=recurrences[:50],
            recurrence_count=len(recurrences),
            pivot=pivot,
            pivot_dimensions=DIMENSIONS.items(),
            pivot_columns=[*PERIODS.items(), *DIMENSIONS.items()],
        )
        return TemplateResponse(request, "nonconformities/analysis.html", context)


def _totals(rows: list[dict], dimension: str, measure: str) -> Counter:
    labels = {
        "cause_category": dict(CauseCategory.choices),
        "nc_type": dict(Nonconformity.Type.choices),
    }
    totals: Counter = Counter()
    for row in rows:
        key = _group_value(row, dimension, labels)
        totals[key] += row["cost_total"] if measure == "cost" else 1
    return totals


def _pivot(request, rows: list[dict], measure: str) -> dict:
    """The cross table chosen in the query string (`rows`, `cols`), its labels ready to show."""
    line_key = request.GET.get("rows")
    line_key = line_key if line_key in DIMENSIONS else "cause_category"
    column_key = request.GET.get("cols")
    column_key = column_key if column_key in DIMENSIONS or column_key in PERIODS else "quarter"
    labels = {
        "cause_category": dict(CauseCategory.choices),
        "nc_type": dict(Nonconformity.Type.choices),
    }
    periods = column_key in PERIODS
    table = calc.crosstab(
        (
            (
                _group_value(row, line_key, labels),
                calc.period_start(row["detected_on"], column_key)
                if periods
                else _group_value(row, column_key, labels),
                (row["cost_total"] or 0) if measure == "cost" else 1,
            )
            for row in rows
        ),
        columns_in_key_order=periods,
    )
    headings = [_period_label(c, column_key) if periods else c for c in table.columns]
    return {
        "rows": line_key,
        "cols": column_key,
        "row_label": DIMENSIONS[line_key],
        "table": table,
        "headings": headings,
        "totals": [table.column_totals[c] for c in table.columns],
    }


def _period_label(start: dt.date, period: str) -> str:
    if period == "year":
        return str(start.year)
    if period == "quarter":
        return _("Q%(quarter)s %(year)s") % {
            "quarter": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    return date_format(start, "YEAR_MONTH_FORMAT")


def _pivot_xlsx(pivot: dict, measure: str) -> HttpResponse:
    """The cross table as an Excel sheet: numbers stay numbers, totals on the last line and column."""
    table = pivot["table"]
    header = [pivot["row_label"], *pivot["headings"], _("Total")]
    number = "#,##0.00" if measure == "cost" else "0"
    workbook = Workbook()
    sheet = workbook.sheet(
        _("Cross table"),
        header,
        widths={0: 30} | dict.fromkeys(range(1, len(header)), 12),
        number_format=number,
        freeze_columns=1,
    )
    for row, amounts, total in table.lines():
        sheet.row([str(row), *amounts])
        sheet.write(sheet.count - 1, len(header) - 1, total, "bold")
    sheet.row([_("Total"), *pivot["totals"], table.total], style="bold", labels=1)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return workbook.response(f"nonconformities-{pivot['rows']}-{pivot['cols']}-{stamp}.xlsx")


def _int(value, default: int) -> int:
    try:
        return max(1, min(int(value), 3650))
    except (TypeError, ValueError):
        return default
