"""Environment pages beyond the standard register: the chronological waste register in its
legal layout (page, XLSX and CSV) and the waste indicators with the Sankey chart."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from amelio.core.exports import csv_safe
from amelio.core.models import OrgUnit
from amelio.core.numbers import plain
from amelio.core.permissions import can_anywhere, units_for
from amelio.core.registry import registry
from amelio.core.reports import Workbook, file_response
from amelio.core.views.base import RegisterView
from amelio.environment import computations as calc
from amelio.environment import services
from amelio.environment.models import TreatmentMode, Unit

# The columns of the register of outgoing waste, in the order of the arrêté du 31 mai 2021
# (art. 2) as the national register (RNDTS / Trackdéchets) reads it.
REGISTER_COLUMNS = [
    ("shipped_on", gettext_lazy("Date of shipment")),
    ("name", gettext_lazy("Usual name of the waste")),
    ("code", gettext_lazy("Waste code")),
    ("hazardous", gettext_lazy("Hazardous waste")),
    ("pop", gettext_lazy("Contains POP")),
    ("basel", gettext_lazy("Basel code")),
    ("quantity", gettext_lazy("Quantity")),
    ("unit", pgettext_lazy("of a quantity", "Unit")),
    ("estimated", gettext_lazy("Estimated quantity")),
    ("producer", gettext_lazy("Producer (company name)")),
    ("producer_siret", gettext_lazy("Producer's SIRET")),
    ("producer_address", gettext_lazy("Producer's address")),
    ("pickup_address", gettext_lazy("Pick-up address")),
    ("transporter", gettext_lazy("Transporter (company name)")),
    ("transporter_siret", gettext_lazy("Transporter's SIRET")),
    ("transporter_receipt", gettext_lazy("Transporter's receipt number")),
    ("transport_mode", gettext_lazy("Transport mode")),
    ("destination", gettext_lazy("Destination facility (company name)")),
    ("destination_siret", gettext_lazy("Destination's SIRET")),
    ("destination_address", gettext_lazy("Destination's address")),
    ("intermediary_role", gettext_lazy("Broker or trader")),
    ("intermediary", gettext_lazy("Broker or trader (company name)")),
    ("intermediary_siret", gettext_lazy("Broker's or trader's SIRET")),
    ("intermediary_receipt", gettext_lazy("Broker's or trader's receipt number")),
    ("eco_organisme", gettext_lazy("Eco-organisme")),
    ("eco_organisme_siren", gettext_lazy("Eco-organisme's SIREN")),
    ("treatment", gettext_lazy("Planned treatment code")),
    ("mode", gettext_lazy("Planned treatment mode")),
    ("slip", gettext_lazy("Tracking slip number")),
    ("transboundary", gettext_lazy("Transboundary shipment number")),
    ("reference", gettext_lazy("Amelio reference")),
]


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def register_rows(movements) -> list[dict]:
    """The register's lines as the legal columns read them (a shipment's own transporter,
    destination and treatment, else its stream's)."""
    rows = []
    companies: dict[int, str] = {}
    for m in movements:
        stream = m.stream
        site = m.org_unit.site or m.org_unit
        if site.pk not in companies:
            root = site.ancestors().first()
            companies[site.pk] = root.name if root is not None else site.name
        # The national register counts in tonnes (or m³): kilograms are converted.
        quantity, unit = m.quantity, m.get_unit_display()
        if m.unit == "kg" and m.tonnes is not None:
            quantity, unit = m.tonnes, str(Unit.TONNES.label)
        treatment = m.effective_treatment
        mode = m.effective_treatment_mode
        rows.append(
            {
                "shipped_on": m.shipped_on,
                "name": stream.name,
                "code": stream.waste_code.official,
                "hazardous": _yes(stream.waste_code.hazardous),
                "pop": _yes(stream.pop),
                "basel": stream.basel_code,
                "quantity": plain(quantity),
                "unit": unit,
                "estimated": _yes(m.estimated),
                "producer": f"{companies[site.pk]} – {site.name}"
                if companies[site.pk] != site.name
                else site.name,
                "producer_siret": site.siret,
                "producer_address": " ".join(site.address.split()),
                "pickup_address": " ".join((m.org_unit.address or site.address).split()),
                "transporter": m.effective_transporter,
                "transporter_siret": m.transporter_siret or stream.collector_siret,
                "transporter_receipt": m.transporter_receipt or stream.collector_receipt,
                "transport_mode": m.get_transport_mode_display(),
                "destination": m.effective_destination,
                "destination_siret": m.destination_siret or stream.destination_siret,
                "destination_address": " ".join(
                    (
                        m.destination_address
                        or (stream.destination_address if not m.destination else "")
                    ).split()
                ),
                "intermediary_role": stream.get_intermediary_role_display(),
                "intermediary": stream.intermediary,
                "intermediary_siret": stream.intermediary_siret,
                "intermediary_receipt": stream.intermediary_receipt,
                "eco_organisme": stream.eco_organisme,
                "eco_organisme_siren": stream.eco_organisme_siren,
                "treatment": treatment.code if treatment else "",
                "mode": str(TreatmentMode(mode).label) if mode else "",
                "slip": m.slip_number,
                "transboundary": m.transboundary_number,
                "reference": m.reference,
            }
        )
    return rows


def _period(request) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = dt.date(today.year, 1, 1)
    try:
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return start, max(start, end)


def _sites(user):
    return units_for(user, "view").filter(kind=OrgUnit.Kind.SITE).order_by("path")


def _movements(request, start, end):
    movements = services.shipped_between(
        registry.get("environment.wastemovement").queryset_for(request.user), start, end
    )
    site = next((s for s in _sites(request.user) if str(s.pk) == request.GET.get("site")), None)
    if site is not None:
        movements = movements.filter(org_unit__path__startswith=site.path)
    return movements, site


class LegalRegisterView(RegisterView):
    """The register of outgoing waste for a site and period, in the legal layout, with its
    XLSX and CSV exports."""

    def get(self, request):
        start, end = _period(request)
        movements, site = _movements(request, start, end)
        fmt = request.GET.get("format")
        if fmt in ("xlsx", "csv"):
            if not can_anywhere(request.user, "export"):
                raise PermissionDenied
            name = f"registre-dechets-{slugify(site.name) if site else 'tous-sites'}-{start}-{end}"
            rows = register_rows(movements)
            return _xlsx(rows, name) if fmt == "xlsx" else _csv(rows, name)
        rows = register_rows(movements[:200])
        return TemplateResponse(
            request,
            "environment/legal_register.html",
            self.base_context(
                title=_("Chronological register of outgoing waste"),
                columns=REGISTER_COLUMNS,
                rows=[[row[key] for key, _label in REGISTER_COLUMNS] for row in rows],
                count=movements.count(),
                sites=_sites(request.user),
                site=site,
                start=start,
                end=end,
            ),
        )


def _cell(value):
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


def _xlsx(rows: list[dict], name: str) -> HttpResponse:
    workbook = Workbook()
    header = [label for _key, label in REGISTER_COLUMNS]
    sheet = workbook.sheet(_("Register"), header, widths=18)
    for row in rows:
        sheet.row([row[key] for key, _label in REGISTER_COLUMNS])
    return workbook.response(f"{name}.xlsx")


def _csv(rows: list[dict], name: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(label) for _key, label in REGISTER_COLUMNS])
    for row in rows:
        writer.writerow(
            [
                row[key].isoformat() if isinstance(row[key], dt.date) else csv_safe(row[key])
                for key, _label in REGISTER_COLUMNS
            ]
        )
    # A BOM so that spreadsheet software reads the accents right.
    content = ("\ufeff" + buffer.getvalue()).encode()
    return file_response(content, f"{name}.csv", "text/csv; charset=utf-8")


class WasteIndicatorsView(RegisterView):
    """Tonnes, recovery rate and hazardous share, tonnes by stream and month, and where the
    waste goes (Sankey: site -> stream -> treatment), for a site and period."""

    def get(self, request):
        start, end = _period(request)
        movements, site = _movements(request, start, end)
        shipments = []
        flows: list[tuple[str, str, Decimal]] = []
        by_site: dict[str, list[calc.Shipment]] = {}
        for m in movements:
            shipment = services.shipment_of(m)
            shipments.append(shipment)
            owner = (m.org_unit.site or m.org_unit).name
            by_site.setdefault(owner, []).append(shipment)
        for name, items in by_site.items():
            flows += calc.flows(name, items)
        summary = calc.summarise(shipments)
        months, streams, table = calc.by_stream_and_month(shipments)
        from amelio.environment import charts

        return TemplateResponse(
            request,
            "environment/indicators.html",
            self.base_context(
                title=_("Waste indicators"),
                summary=summary,
                months=months,
                table=[
                    (name, [table[name].get(month) for month in months], sum(table[name].values()))
                    for name in streams
                ],
                sankey=charts.sankey_figure(flows) if flows else None,
                sites=_sites(request.user),
                site=site,
                start=start,
                end=end,
            ),
        )


# --- ICPE and emergency situations -----------------------------------------------------------


def icpe_site_context(site, request) -> dict:
    """The classification table of an ICPE site (each rubrique, the quantity summed where the
    law sums it, its regime), the obligations of each regime present, and the periodic
    control of DC installations with a link that plans it as an action."""
    from amelio.core.permissions import can
    from amelio.environment import icpe
    from amelio.environment.models import IcpeThreshold, Installation, Regime

    classes = site.classification()
    installations = {i.pk: i for i in Installation.objects.filter(site=site).active()}
    thresholds = list(IcpeThreshold.objects.filter(rubrique__in={c.rubrique for c in classes}))
    units = {(t.rubrique, t.scale): t.unit for t in thresholds}
    to_verify = {(t.rubrique, t.scale) for t in thresholds if t.to_verify}
    rows = [
        {
            "item": item,
            "label": Regime(item.regime).label,
            "unit": units.get((item.rubrique, item.scale), ""),
            "to_verify": (item.rubrique, item.scale) in to_verify,
            "installations": [
                installations[i] for i in item.installation_ids if i in installations
            ],
        }
        for item in classes
    ]
    regimes = [r for r in calc.REGIMES if any(c.regime == r for c in classes)] or ["NC"]
    obligations = [{"regime": Regime(r).label, "items": icpe.obligations(r)} for r in regimes]
    regime_set = set(regimes)
    control_needed = "DC" in regime_set and not regime_set & {"A", "E"} and not site.emas
    control_title = _("ICPE periodic control by an approved body")
    return {
        "classes": rows,
        "site_regime": Regime(site.regime).label,
        "obligations": obligations,
        "control_needed": control_needed,
        "control_late": bool(
            site.next_control_due and site.next_control_due < timezone.localdate()
        ),
        "control_years": icpe.parameters()[
            "control_years_iso14001" if site.iso14001 else "control_years"
        ],
        "plan_control_url": registry.get("actions.action").add_url(
            origin=f"environment.icpesite:{site.pk}",
            org_unit=site.org_unit_id,
            title=control_title,
            due_date=site.next_control_due.isoformat() if site.next_control_due else "",
            link_role="preventive",
            action_type="preventive",
        ),
        "add_installation_url": registry.get("environment.installation").add_url(
            site=site.pk, org_unit=site.org_unit_id
        ),
        "may_change": can(request.user, "change", site.org_unit) and not site.is_archived,
        "data_version": icpe.data_version(),
    }


def emergency_context(situation, request) -> dict:
    """The drills of an emergency situation, newest first, and a link to record one."""
    from amelio.core.permissions import can

    drills = list(situation.drills.active().order_by("-held_on"))
    return {
        "drills": drills,
        "drill_late": bool(
            situation.next_drill_due and situation.next_drill_due < timezone.localdate()
        ),
        "add_drill_url": registry.get("environment.drill").add_url(
            situation=situation.pk, org_unit=situation.org_unit_id
        ),
        "may_change": can(request.user, "change", situation.org_unit) and not situation.is_archived,
    }


# --- The environmental analysis --------------------------------------------------------------


class AspectAnalysisView(RegisterView):
    """The environmental analysis at a glance, for the filtered aspects: the matrix with the
    number of aspects in each cell (linking to the list), and the aspects by type and by
    operating condition, significant ones and regulated ones counted apart."""

    def get(self, request):
        from collections import Counter

        from amelio.core.views.records import filtered_queryset
        from amelio.environment.models import AspectType, Condition
        from amelio.scoring.heatmap import cell_links, chosen_matrix, heatmap_grid

        filterset, queryset, _sort = filtered_queryset(self.register, request)
        rows = list(
            queryset.order_by().values_list(
                "matrix",
                "likelihood",
                "severity",
                "aspect_type",
                "condition",
                "significant",
                "legal_requirement",
            )
        )
        matrix = chosen_matrix(request, queryset)
        grid = []
        if matrix is not None:
            counts = Counter((r[1], r[2]) for r in rows if r[0] == matrix.pk)
            fields = {"rating": ("likelihood", "severity")}
            link = cell_links(request, self.register.url("list"), matrix, fields)
            grid = heatmap_grid(matrix, counts, "rating", link)

        def breakdown(index: int, choices) -> list[dict]:
            found = []
            for value, label in choices:
                items = [r for r in rows if r[index] == value]
                if items:
                    found.append(
                        {
                            "label": label,
                            "value": value,
                            "total": len(items),
                            "significant": sum(1 for r in items if r[5]),
                            "legal": sum(1 for r in items if r[6]),
                        }
                    )
            return found

        return TemplateResponse(
            request,
            "environment/aspect_analysis.html",
            self.base_context(
                title=_("Environmental analysis"),
                filterset=filterset,
                matrix=matrix,
                grid=grid,
                columns=matrix.factors[1]["values"] if matrix else [],
                total=len(rows),
                significant=sum(1 for r in rows if r[5]),
                legal=sum(1 for r in rows if r[6]),
                by_type=breakdown(3, AspectType.choices),
                by_condition=breakdown(4, Condition.choices),
            ),
        )
