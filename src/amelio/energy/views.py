"""Energy pages beyond the standard registers: the energy review of a site (consumption by
energy and month, cost, tCO2e, significant energy uses, the twelve months against the twelve
before) with its Excel export, the EnPI analysis (baseline model, actual against adjusted
baseline, CUSUM, savings) with its export, the factors page with the import of emission
factors, and the import of monthly values of relevant variables."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from amelio.core.imports import ImportFileError
from amelio.core.lookups import get_record_for
from amelio.core.models import OrgUnit
from amelio.core.permissions import can, can_anywhere, units_for
from amelio.core.reports import XLSX_TYPE, Workbook, file_response, template_workbook
from amelio.core.views.base import RegisterView
from amelio.energy import charts, services
from amelio.energy import computations as calc
from amelio.energy.models import (
    TOE,
    ConversionFactor,
    EmissionFactor,
    Energy,
    EnergyIndicator,
    IndicatorKind,
    Reading,
)
from amelio.energy.series import Month, analyse, consumption, readings_by_month


def _sites(user):
    return units_for(user, "view").filter(kind=OrgUnit.Kind.SITE).order_by("path")


def _month_label(month: dt.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def _end_month(request) -> dt.date:
    last = calc.add_months(calc.first_of_month(timezone.localdate()), -1)
    try:
        chosen = dt.date.fromisoformat(f"{request.GET.get('end', '')}-01")
    except ValueError:
        return last
    return min(calc.first_of_month(chosen), last)


def review_data(readings, end: dt.date) -> dict:
    """The figures of the review for the twelve months ending with `end` and the twelve
    before: the consumption of both periods (by energy, month and use) and the months."""
    start, previous_start = calc.add_months(end, -11), calc.add_months(end, -23)
    grid = readings_by_month(readings, previous_start, end)
    return {
        "months": calc.months_between(start, end),
        "current": consumption(grid, start, end),
        "previous": consumption(grid, previous_start, calc.add_months(start, -1)),
    }


def _change(current: float, previous: float) -> float | None:
    return (current - previous) / previous if previous else None


def _monthly(data: dict) -> list[tuple[dt.date, dict]]:
    """Each month of the review with its kWh, cost, kgCO2e and the kWh a year before."""
    current, previous = data["current"].by_month, data["previous"].by_month
    rows = []
    for month in data["months"]:
        cell = current.get(month, Month())
        before = previous.get(calc.add_months(month, -12), Month())
        rows.append(
            (month, {"kwh": cell.kwh, "cost": cell.cost, "kg": cell.kg, "previous": before.kwh})
        )
    return rows


def _review_tables(data: dict) -> dict:
    labels = dict(Energy.choices)
    current, previous = data["current"], data["previous"]
    rows = []
    for energy in {**previous.by_energy, **current.by_energy}:
        total = current.by_energy.get(energy, Month())
        before = previous.by_energy.get(energy, Month()).kwh
        rows.append(
            {
                "energy": labels.get(energy, energy),
                "kwh": total.kwh,
                "cost": total.cost,
                "kg": total.kg,
                "previous": before,
                "change": _change(total.kwh, before),
            }
        )
    rows.sort(key=lambda row: -row["kwh"])
    total = current.total
    grand = {"kwh": total.kwh, "cost": total.cost, "kg": total.kg}
    grand["previous"] = previous.total.kwh
    grand["change"] = _change(grand["kwh"], grand["previous"])
    kwh = grand["kwh"] or 1.0
    uses = sorted(((n, v) for n, v in current.uses.items() if n), key=lambda item: -item[1])
    others = current.uses.get("", 0.0)
    seu = [{"name": n, "kwh": v, "share": v / kwh} for n, v in uses]
    seu.append({"name": _("Other uses"), "kwh": others, "share": others / kwh})
    return {"energy_rows": rows, "grand": grand, "seu": seu, "seu_share": current.seu_share}


def _toe(kwh: float) -> float | None:
    factor = ConversionFactor.objects.filter(energy=TOE).order_by("-valid_from").first()
    return kwh / float(factor.kwh_pci_per_unit) if factor else None


class EnergyReviewView(RegisterView):
    """The energy review of a site (ISO 50001 6.3): where the energy goes month by month, what
    it costs and emits, the share of the significant energy uses, the trend over a year."""

    def get(self, request):
        end = _end_month(request)
        sites = list(_sites(request.user))
        site = next((s for s in sites if str(s.pk) == request.GET.get("site")), None)
        readings = Reading.objects.for_user(request.user).active()
        if site is not None:
            readings = readings.filter(org_unit__path__startswith=site.path)
        data = review_data(readings, end)
        tables = _review_tables(data)
        if request.GET.get("format") == "xlsx":
            if not can_anywhere(request.user, "export"):
                raise PermissionDenied
            return _review_xlsx(data, tables, site, end)
        return TemplateResponse(
            request,
            "energy/review.html",
            self.base_context(
                title=_("Energy review"),
                sites=sites,
                site=site,
                end=end,
                start=data["months"][0],
                monthly=_monthly(data),
                toe=_toe(tables["grand"]["kwh"]),
                charts=_review_charts(data, tables) if tables["grand"]["kwh"] else None,
                **tables,
            ),
        )


def _review_charts(data: dict, tables: dict) -> dict:
    labels = [_month_label(m) for m in data["months"]]
    names = dict(Energy.choices)
    series = {
        str(names.get(energy, energy)): [values.get(m, 0.0) for m in data["months"]]
        for energy, values in data["current"].by_energy_month.items()
    }
    monthly = _monthly(data)
    texts = {"current": _("Last 12 months"), "previous": _("12 months before"), "axis": "kWh"}
    return {
        "stacked": charts.stacked_figure(labels, series, "kWh"),
        "comparison": charts.comparison_figure(
            labels,
            [cell["kwh"] for _m, cell in monthly],
            [cell["previous"] for _m, cell in monthly],
            texts,
        ),
        "seu": charts.share_figure([(row["name"], row["kwh"]) for row in tables["seu"]]),
    }


def _xlsx_response(name: str, sheets: list[tuple[str, list[str], list[list]]]) -> HttpResponse:
    """A workbook of one sheet per (title, header, rows); numbers stay numbers."""
    workbook = Workbook()
    for title, header, rows in sheets:
        sheet = workbook.sheet(title, header, widths=16, number_format="#,##0.00", freeze_columns=1)
        for row in rows:
            sheet.row(row)
    return workbook.response(f"{name}.xlsx")


def _review_xlsx(data: dict, tables: dict, site, end: dt.date) -> HttpResponse:
    names = dict(Energy.choices)
    by_energy = data["current"].by_energy_month
    energies = list(by_energy)
    month_rows = [
        [
            _month_label(month),
            *[by_energy[e].get(month, 0.0) for e in energies],
            cell["kwh"],
            cell["cost"],
            cell["kg"] / 1000,
            cell["previous"],
        ]
        for month, cell in _monthly(data)
    ]
    energy_rows = [
        [r["energy"], r["kwh"], r["cost"], r["kg"] / 1000, r["previous"],
         None if r["change"] is None else r["change"] * 100]
        for r in tables["energy_rows"]
    ]  # fmt: skip
    seu_rows = [[r["name"], r["kwh"], r["share"] * 100] for r in tables["seu"]]
    sheets = [
        (
            _("By month"),
            [_("Month"), *[f"{names.get(e, e)} (kWh)" for e in energies], _("Total (kWh)"),
             _("Cost excl. VAT (€)"), "tCO2e", _("Same month a year before (kWh)")],
            month_rows,
        ),
        (
            _("By energy"),
            [_("Energy"), "kWh", _("Cost excl. VAT (€)"), "tCO2e", _("12 months before (kWh)"),
             _("Change (%)")],
            energy_rows,
        ),
        (_("Significant energy uses"), [_("Use"), "kWh", _("Share (%)")], seu_rows),
    ]  # fmt: skip
    name = f"revue-energetique-{slugify(site.name) if site else 'tous-sites'}-{end:%Y-%m}"
    return _xlsx_response(name, sheets)


# --- EnPI page -------------------------------------------------------------------------


def indicator_context(indicator: EnergyIndicator, request) -> dict:
    """The EnPI detail: baseline model, flags, monthly table, charts."""
    result = analyse(indicator, timezone.localdate())
    model = result.model
    threshold = float(indicator.r2_threshold)
    context = {
        "analysis": result,
        "variables": indicator.variables,
        "below_threshold": bool(
            model and indicator.kind == IndicatorKind.REGRESSION and (model.r2 or 0) < threshold
        ),
        "coefficients": _coefficient_rows(indicator, model) if model else [],
    }
    if result.rows:
        months = [_month_label(row["month"]) for row in result.rows]
        texts = {"actual": _("Actual consumption"), "expected": _("Adjusted baseline")}
        context["baseline_chart"] = charts.baseline_figure(
            months, [r["actual"] for r in result.rows], [r["expected"] for r in result.rows], texts
        )
        context["cusum_chart"] = charts.cusum_figure(
            months, [r["cusum"] for r in result.rows], _("CUSUM (kWh)")
        )
    return context


def _coefficient_rows(indicator: EnergyIndicator, model: calc.BaselineModel) -> list[dict]:
    if indicator.kind == IndicatorKind.RATIO:
        variable = indicator.variables[0]
        return [
            {
                "name": _("kWh per %(unit)s") % {"unit": variable.unit},
                "value": model.coefficients[1],
            }
        ]
    rows = [{"name": _("Constant β0 (kWh per month)"), "value": model.coefficients[0]}]
    for index, (variable, beta) in enumerate(
        zip(indicator.variables, model.coefficients[1:], strict=True), start=1
    ):
        rows.append(
            {
                "name": _("β%(index)s: kWh per %(unit)s of %(variable)s")
                % {"index": index, "unit": variable.unit, "variable": variable.name},
                "value": beta,
            }
        )
    return rows


def indicator_export(request, pk: int) -> HttpResponse:
    """The EnPI's baseline and reporting months as an Excel workbook."""
    indicator = get_record_for(request.user, EnergyIndicator, pk, "export")
    result = analyse(indicator, timezone.localdate())
    names = [f"{v.name} ({v.unit})" for v in indicator.variables]
    header = [_("Month"), *names, _("Actual (kWh)"), _("Adjusted baseline (kWh)")]
    baseline = [
        [_month_label(r["month"]), *r["variables"], r["actual"], r["expected"]]
        for r in result.baseline_rows
    ]
    reporting = [
        [
            _month_label(r["month"]),
            *r["variables"],
            r["actual"],
            r["expected"],
            r["savings"],
            r["cusum"],
        ]
        for r in result.rows
    ]
    sheets = [
        (_("Reporting period"), [*header, _("Savings (kWh)"), "CUSUM (kWh)"], reporting),
        (_("Baseline period"), header, baseline),
    ]
    if result.model is not None:
        rows = [[row["name"], row["value"]] for row in _coefficient_rows(indicator, result.model)]
        rows += [["R²", result.model.r2], ["CV(RMSE)", result.model.cv_rmse], ["n", result.model.n]]
        sheets.append((_("Model"), [_("Coefficient"), _("Value")], rows))
    return _xlsx_response(f"{indicator.reference}-{slugify(indicator.name)}", sheets)


# --- Factors and imports -----------------------------------------------------------------


def factors(request):
    """The conversion and emission factors in the data, with their status and source; the
    coordinators of the organisation import newer emission factors here."""
    from amelio.core.registry import registry
    from amelio.energy.forms import UploadForm
    from amelio.energy.imports import emission_factor_rows

    may_import = services.may_manage_factors(request.user)
    form = UploadForm()
    errors: list[str] = []
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rows, errors = emission_factor_rows(form.cleaned_data["file"])
                if not errors:
                    count = services.emission_factors_import(user=request.user, rows=rows)
                    _recompute_after(rows)
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s emission factor imported.",
                            "%(count)s emission factors imported.",
                            count,
                        )
                        % {"count": count},
                    )
                    return redirect("energy:factors")
            except ImportFileError as error:
                errors = [str(error)]
            except ValidationError as error:
                errors = list(error.messages)
    context = {
        "register": registry.for_model(Reading),
        "title": _("Conversion and emission factors"),
        "conversion_factors": ConversionFactor.objects.all(),
        "emission_factors": EmissionFactor.objects.all(),
        "may_import": may_import,
        "form": form,
        "errors": errors,
        "columns": _factor_columns(),
    }
    return TemplateResponse(request, "energy/factors.html", context, status=200)


def _recompute_after(rows) -> None:
    earliest: dict[str, dt.date] = {}
    for _number, factor in rows:
        earliest[factor.energy] = min(
            factor.valid_from, earliest.get(factor.energy, factor.valid_from)
        )
    for energy, since in earliest.items():
        services.readings_recompute(energy=energy, since=since)


def _factor_columns() -> list[str]:
    from amelio.energy.imports import FACTOR_COLUMNS

    fields = {field.name: field for field in EmissionFactor._meta.fields}
    return [str(fields[name].verbose_name) for name in FACTOR_COLUMNS]


def factors_template(request):
    """An empty workbook with the columns of an import of emission factors."""
    content = template_workbook(_factor_columns())
    return file_response(content, "emission-factors-import.xlsx", XLSX_TYPE)


class VariableValuesImportView(RegisterView):
    """Import the monthly values of relevant variables (variable reference, month, value):
    a bad row is reported with its number and nothing is saved."""

    def get(self, request):
        from amelio.energy.forms import UploadForm, ValueRow
        from amelio.energy.imports import VALUE_COLUMNS

        self.require_anywhere("import")
        if request.GET.get("template"):
            labels = [str(ValueRow.base_fields[name].label) for name in VALUE_COLUMNS]
            content = template_workbook(labels)
            return file_response(content, "variable-values-import.xlsx", XLSX_TYPE)
        return self.render(UploadForm(), [])

    def post(self, request):
        from amelio.energy.forms import UploadForm
        from amelio.energy.imports import variable_value_rows

        self.require_anywhere("import")
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, [])
        try:
            rows, errors = variable_value_rows(form.cleaned_data["file"], request.user)
            if not errors:
                count = services.variable_values_import(user=request.user, rows=rows)
                messages.success(
                    request,
                    ngettext("%(count)s value imported.", "%(count)s values imported.", count)
                    % {"count": count},
                )
                return redirect(self.register.url("list"))
        except ImportFileError as error:
            errors = [str(error)]
        except ValidationError as error:
            errors = list(error.messages)
        return self.render(form, errors)

    def render(self, form, errors):
        context = self.base_context(title=_("Import monthly values"), form=form, errors=errors)
        return TemplateResponse(self.request, "energy/values_import.html", context)


def variable_context(variable, request) -> dict:
    """The variable's values, newest first (three years at most), and the form that records
    one month's value for those who may change the variable."""
    from amelio.energy.forms import MonthValueForm

    may_change = can(request.user, "change", variable.org_unit) and not variable.is_archived
    latest = variable.values.order_by("-month").first()
    initial = {"month": f"{calc.add_months(latest.month, 1):%Y-%m}"} if latest else {}
    return {
        "values": list(variable.values.order_by("-month")[:36]),
        "value_form": MonthValueForm(initial=initial) if may_change else None,
    }


@require_POST
def variable_value(request, pk: int) -> HttpResponse:
    """Record one month's value of a variable from its page."""
    from amelio.core.registry import registry
    from amelio.energy.forms import MonthValueForm

    register = registry.get("energy.variable")
    variable = get_record_for(request.user, register.model._default_manager.all(), pk)
    form = MonthValueForm(request.POST)
    detail = register.url("detail", variable.pk)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(f"{detail}#values")
    month, value = form.cleaned_data["month"], form.cleaned_data["value"]
    replaced = services.variable_value_set(
        user=request.user, variable=variable, month=month, value=value
    )
    text = _("Value of %(month)s replaced.") if replaced else _("Value of %(month)s recorded.")
    messages.success(request, text % {"month": formats.date_format(month, "YEAR_MONTH_FORMAT")})
    return redirect(f"{detail}#values")
