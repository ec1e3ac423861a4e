"""Health and safety pages beyond the standard register: the DUERP's detail, PDF, XLSX and
versions, the prevention programme, the event's victim, stops and cause tree, the rates, the
public reporting form, the posters and the triage of reports."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from amelio.core.lookups import get_record_for
from amelio.core.models import Attachment, OrgUnit
from amelio.core.permissions import can, units_for
from amelio.core.reports import PDF_TYPE, Workbook, file_response, pdf_unavailable, qr_svg
from amelio.core.services import may_edit
from amelio.core.views.base import RegisterView
from amelio.safety import computations as calc
from amelio.safety import services
from amelio.safety.forms import (
    FactActionForm,
    FactForm,
    LinkForm,
    LostTimeForm,
    PublicReportForm,
    TriageForm,
    VictimForm,
)
from amelio.safety.models import (
    Assessment,
    BodyLocation,
    CauseFact,
    CauseLink,
    Duerp,
    DuerpVersion,
    InjuryNature,
    LostTime,
    PublicReport,
    ReportingLink,
    SafetyEvent,
)
from amelio.safety.models.reference import parameter, parameters
from amelio.scoring.models import localised


def _messages_of(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# --- DUERP --------------------------------------------------------------------------------


def _duerp(request, pk: int, action: str = "view") -> Duerp:
    duerps = Duerp.objects.select_related("org_unit", "owner")
    return get_record_for(request.user, duerps, pk, action)


def duerp_context(duerp: Duerp, user) -> dict:
    """Lines grouped by work unit with their planned measures, the levels' counts, the
    published versions, the next review and which prevention programme applies."""
    lines = list(services.duerp_lines(duerp).filter(pk__in=Assessment.objects.for_user(user)))
    actions = services.line_actions(lines)
    groups: dict[OrgUnit, list] = {}
    for line in lines:
        line.planned = actions.get(line.pk, [])
        groups.setdefault(line.org_unit, []).append(line)
    levels: dict[str, dict] = {}
    for line in lines:
        info = line.level_info("gross")
        if info:
            info = {**info, "label": localised(info.get("label", ""))}
            entry = levels.setdefault(line.gross_level, {"info": info, "count": 0})
            entry["count"] += 1
    versions = list(duerp.versions.defer("pdf", "data").select_related("published_by"))
    due = duerp.next_review
    headcount = services.company_headcount(duerp.org_unit)
    return {
        "groups": list(groups.items()),
        "line_count": len(lines),
        "levels": list(levels.values()),
        "versions": versions,
        "review_due": due,
        "review_late": due is not None and due < timezone.localdate(),
        "programme_kind": calc.prevention_programme(headcount, parameter("papripact_headcount")),
        "papripact_headcount": parameter("papripact_headcount"),
        "company_headcount": headcount,
        "retention_years": parameter("retention_years"),
        "may_change": may_edit(user, duerp) and not duerp.locks_children(),
        "may_plan": can(user, "change", duerp.org_unit),
        "this_year": timezone.localdate().year,
        "add_line_url": reverse("safety:assessment_add") + f"?duerp={duerp.pk}",
    }


def _pdf_response(pdf: bytes, name: str, fallback: str, request):
    if not pdf:
        return pdf_unavailable(request, fallback)
    return file_response(pdf, f"{slugify(name)}.pdf", PDF_TYPE, inline=True)


def duerp_pdf(request, pk: int):
    """The DUERP as it stands now (a draft unless just published), in the usual layout."""
    duerp = _duerp(request, pk)
    with translation.override("fr"):
        data = services.snapshot(duerp)
    meta = {
        "number": None,
        "published_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        "author": request.user.get_full_name() or request.user.get_username(),
        "reason": duerp.update_reason,
        "note": "",
    }
    pdf = services.render_version_pdf(data, meta)
    url = reverse("safety:duerp_detail", args=[duerp.pk])
    return _pdf_response(pdf, f"{duerp.reference}-draft", url, request)


def duerp_xlsx(request, pk: int):
    """The DUERP's lines in a workbook, one row per line, as it stands now."""
    duerp = _duerp(request, pk)
    if not can(request.user, "export", duerp.org_unit):
        raise PermissionDenied
    return _xlsx_response(services.snapshot(duerp), f"{duerp.reference}")


def _xlsx_response(data: dict, name: str) -> HttpResponse:
    headers = [
        _("Work unit"),
        _("Activity or task"),
        _("Risk family"),
        _("Hazard"),
        _("Hazardous situation"),
        _("Possible harm"),
        _("Prevention measures in place"),
        _("Principles of prevention"),
        _("People exposed"),
        _("Specific groups"),
        _("Likelihood"),
        _("Severity"),
        _("Criticity"),
        _("Level"),
        _("Planned measures"),
    ]
    widths = {0: 20, 1: 20, 2: 20, 3: 32, 4: 32, 5: 32, 6: 32, 14: 45}
    workbook = Workbook()
    sheet = workbook.sheet("DUERP", headers, widths=widths, wrap=True, freeze_columns=1)
    for row in data["lines"]:
        planned = "\n".join(
            f"{a['reference']} {a['title']} ({a['owner'] or '—'}, {a['due_date'] or '—'})"
            for a in row["actions"]
        )
        sheet.row(
            [
                row["work_unit"],
                row["activity"],
                row["family"],
                row["hazard"],
                row["situation"],
                row["damage"],
                row["existing_measures"],
                ", ".join(str(p) for p in row["principles"]),
                row["exposed"],
                ", ".join(row["groups"]),
                row["likelihood"],
                row["severity"],
                row["score"],
                row["level_label"],
                planned,
            ]
        )
    sheet.autofilter()
    return workbook.response(f"{slugify(name)}.xlsx")


def _version(request, pk: int, number: int) -> DuerpVersion:
    duerp = _duerp(request, pk)
    return get_object_or_404(duerp.versions.select_related("duerp"), number=number)


def version_download(request, pk: int, number: int, fmt: str):
    """A published version, exactly as it was published: PDF, workbook or data (JSON)."""
    version = _version(request, pk, number)
    name = f"{version.duerp.reference}-v{version.number}"
    if fmt == "pdf":
        url = reverse("safety:duerp_detail", args=[pk])
        return _pdf_response(services.version_pdf(version), name, url, request)
    if not can(request.user, "export", version.org_unit):
        raise PermissionDenied
    if fmt == "xlsx":
        return _xlsx_response(version.data, name)
    payload = {
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "author": version.author_name,
        "reason": version.reason,
        "note": version.note,
        "checksum": version.checksum,
        "content": version.data,
    }
    content = json.dumps(payload, ensure_ascii=False, indent=1).encode()
    return file_response(content, f"{slugify(name)}.json", "application/json")


@require_POST
def programme_generate(request, pk: int):
    """Gather the year's planned measures into the PAPRIPACT (or the list of actions)."""
    duerp = _duerp(request, pk, "change")
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    plan, incomplete = services.programme_write(duerp=duerp, year=year, user=request.user)
    if incomplete:
        messages.warning(
            request,
            ngettext(
                "%(count)s action of the programme has no planned cost or no indicator: "
                "a PAPRIPACT gives both for each measure.",
                "%(count)s actions of the programme have no planned cost or no indicator: "
                "a PAPRIPACT gives both for each measure.",
                len(incomplete),
            )
            % {"count": len(incomplete)},
        )
    else:
        messages.success(request, _("The programme %(name)s is up to date.") % {"name": plan})
    return redirect("actions:actionplan_detail", plan.pk)


# --- Events -------------------------------------------------------------------------------


def _event(request, pk: int, action: str = "view") -> SafetyEvent:
    events = SafetyEvent.objects.select_related("org_unit")
    return get_record_for(request.user, events, pk, action)


def event_context(event: SafetyEvent, request) -> dict:
    user = request.user
    personal = services.may_see_personal(user, event)
    victim = getattr(event, "victim", None) if personal and _has_victim(event) else None
    changeable = (
        can(user, "change", event.org_unit) and not event.is_archived and not event.locks_children()
    )
    stops = list(event.lost_times.all())
    if any(stop.end is None for stop in stops):
        services.refresh_days_lost(event)  # a running stop adds a day every day
    return {
        "has_stops": event.event_type in services.WITH_STOPS,
        "may_see_personal": personal,
        "victim": victim,
        "victim_form": VictimForm(instance=victim) if personal and changeable else None,
        "lost_times": stops,
        "lost_time_form": LostTimeForm() if changeable else None,
        "may_change_event": changeable,
        "fact_count": event.facts.count(),
        "declaration_due": event.declaration_due,
        "declaration_late": event.declaration_late,
    }


def _has_victim(event: SafetyEvent) -> bool:
    from amelio.safety.models import Victim

    return Victim.objects.filter(event=event).exists()


def _event_url(event: SafetyEvent, anchor: str = "") -> str:
    return reverse("safety:safetyevent_detail", args=[event.pk]) + anchor


@require_POST
def victim_edit(request, pk: int):
    event = _event(request, pk, "change")
    if not services.may_see_personal(request.user, event):
        raise PermissionDenied
    instance = event.victim if _has_victim(event) else None
    form = VictimForm(request.POST, instance=instance)
    if form.is_valid():
        services.victim_save(event=event, user=request.user, data=form.cleaned_data)
        messages.success(request, _("The victim's details are saved."))
    else:
        messages.error(
            request,
            _("Check the victim's details: %(errors)s") % {"errors": _form_errors(form)},
        )
    return redirect(_event_url(event, "#victim"))


@require_POST
def lost_time_add(request, pk: int):
    event = _event(request, pk, "change")
    form = LostTimeForm(request.POST)
    if form.is_valid():
        try:
            services.lost_time_add(event=event, user=request.user, **form.cleaned_data)
            messages.success(request, _("The stop from work is recorded."))
        except ValidationError as error:
            messages.error(request, _messages_of(error))
    else:
        messages.error(request, _form_errors(form))
    return redirect(_event_url(event, "#stops"))


@require_POST
def lost_time_change(request, pk: int, stop_pk: int):
    event = _event(request, pk, "change")
    stop = get_object_or_404(LostTime, pk=stop_pk, event=event)
    try:
        if request.POST.get("remove"):
            services.lost_time_remove(stop=stop, user=request.user)
            messages.success(request, _("The stop from work is withdrawn."))
        else:
            end = dt.date.fromisoformat(request.POST.get("end", ""))
            services.lost_time_end(stop=stop, user=request.user, end=end)
            messages.success(request, _("The end of the stop is recorded."))
    except ValueError:
        messages.error(request, _("Give the date the stop ended."))
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    return redirect(_event_url(event, "#stops"))


# --- Cause tree ---------------------------------------------------------------------------

BOX_W, BOX_H, GAP_X, GAP_Y = 200, 80, 56, 20


def tree_drawing(event: SafetyEvent) -> dict:
    """The cause tree as boxes and arrows for the SVG: final fact on the right, antecedents to
    its left; unusual facts in rectangles, permanent facts in ovals."""
    facts = list(event.facts.select_related("action"))
    links = list(CauseLink.objects.filter(cause__event=event).values_list("cause_id", "effect_id"))
    if not facts:
        return {"facts": [], "width": 0, "height": 0, "edges": []}
    layout = calc.tree_layout([f.pk for f in facts], links)
    columns = layout.columns
    boxes: dict[int, dict[str, Any]] = {}
    for fact in facts:
        place = layout.places[fact.pk]
        x = (columns - 1 - place.column) * (BOX_W + GAP_X) + 10
        y = place.row * (BOX_H + GAP_Y) + 10
        boxes[fact.pk] = {
            "fact": fact,
            "x": x,
            "y": y,
            "cx": x + BOX_W / 2,
            "cy": y + BOX_H / 2,
            "lines": _wrap(fact.text, 30)[:4],
            "number": facts.index(fact) + 1,
        }
    edges = []
    for cause, effect in links:
        a, b = boxes[cause], boxes[effect]
        edges.append({"x1": a["x"] + BOX_W, "y1": a["cy"], "x2": b["x"], "y2": b["cy"]})
    return {
        "facts": list(boxes.values()),
        "edges": edges,
        "width": columns * (BOX_W + GAP_X) - GAP_X + 20,
        "height": layout.rows * (BOX_H + GAP_Y) - GAP_Y + 20,
        "box_w": BOX_W,
        "box_h": BOX_H,
        "rx": BOX_W // 2,
        "ry": BOX_H // 2,
        "conjunctions": layout.conjunctions,
    }


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    if len(lines) > 4:
        lines = [*lines[:3], lines[3][: width - 1].rstrip() + "…"]
    return lines


def cause_tree(request, pk: int):
    """The cause tree editor: facts from the injury backwards, links, the drawing, and the
    prevention actions taken on facts."""
    event = _event(request, pk)
    changeable = (
        can(request.user, "change", event.org_unit)
        and not event.is_archived
        and not event.locks_children()
    )
    facts = list(event.facts.select_related("action").prefetch_related("cause_links"))
    links = list(CauseLink.objects.filter(cause__event=event).select_related("cause", "effect"))
    context = {
        "event": event,
        "register": _register(SafetyEvent),
        "facts": facts,
        "links": links,
        "drawing": tree_drawing(event),
        "may_change": changeable,
        "fact_form": FactForm(event=event) if changeable else None,
        "link_form": LinkForm(event=event) if changeable and len(facts) > 2 else None,
        "action_form": FactActionForm(
            initial={"due_date": timezone.localdate() + dt.timedelta(days=60)},
            unit=event.org_unit,
        )
        if changeable
        else None,
        "print": request.GET.get("print") == "1",
    }
    return TemplateResponse(request, "safety/cause_tree.html", context)


def _register(model):
    from amelio.core.registry import registry

    return registry.for_model(model)


def _tree_url(event: SafetyEvent) -> str:
    return reverse("safety:cause_tree", args=[event.pk])


@require_POST
def fact_add(request, pk: int):
    event = _event(request, pk, "change")
    form = FactForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.fact_add(event=event, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
    else:
        messages.error(request, _form_errors(form))
    return redirect(_tree_url(event))


@require_POST
def fact_link(request, pk: int):
    event = _event(request, pk, "change")
    form = LinkForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.fact_link(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
    else:
        messages.error(request, _("Choose two facts."))
    return redirect(_tree_url(event))


@require_POST
def fact_change(request, pk: int, fact_pk: int):
    """Remove a fact, remove one of its links, or answer it with a prevention action."""
    event = _event(request, pk, "change")
    fact = get_object_or_404(CauseFact, pk=fact_pk, event=event)
    try:
        if request.POST.get("remove"):
            services.fact_remove(fact=fact, user=request.user)
        elif request.POST.get("unlink"):
            link = get_object_or_404(CauseLink, pk=request.POST["unlink"], cause=fact)
            services.fact_unlink(link=link, user=request.user)
        else:
            form = FactActionForm(request.POST, unit=event.org_unit)
            if not form.is_valid():
                messages.error(request, _form_errors(form))
                return redirect(_tree_url(event))
            action = services.fact_to_action(fact=fact, user=request.user, **form.cleaned_data)
            messages.success(request, _("Action %(ref)s is created.") % {"ref": action.reference})
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    return redirect(_tree_url(event))


# --- Rates --------------------------------------------------------------------------------


RATE_NAMES = ["tf1", "tf2", "tg", "if_", "ig", "ltir", "trir", "dart"]


class RatesView(RegisterView):
    """TF1, TF2, TG, IF, IG, LTIR, TRIR and DART per site and year, with the trend and the
    body locations of injuries, over the sites the user sees."""

    def get(self, request):
        user = request.user
        this_year = timezone.localdate().year
        try:
            last = int(request.GET.get("year") or this_year)
        except ValueError:
            last = this_year
        years = [last - 2, last - 1, last]
        include_temporary = request.GET.get("temporary", "1") != "0"
        by_accident = request.GET.get("days") == "accident"
        counts = services.rate_counts(
            user=user,
            years=years,
            include_temporary=include_temporary,
            by_accident_year=by_accident,
        )
        sites = {s.pk: s for s in OrgUnit.objects.filter(pk__in={k[0] for k in counts})}
        rows = []
        for site_id in sorted(sites, key=lambda pk: sites[pk].path):
            for year in years:
                rows.append(_rate_row(sites[site_id].name, year, counts[(site_id, year)]))
        totals = [
            _rate_row(
                _("All sites"),
                year,
                calc.add_counts(c for (s, y), c in counts.items() if y == year),
            )
            for year in years
        ]
        overall = _rate_row(_("All sites, 3 years"), None, calc.add_counts(counts.values()))
        events = SafetyEvent.objects.for_user(user).active()
        injuries = events.filter(occurred_at__year__in=years).exclude(body_location="")
        bodies = calc.share_by(
            injuries.values_list("body_location", flat=True), dict(BodyLocation.choices)
        )
        natures = calc.share_by(
            injuries.exclude(injury_nature="").values_list("injury_nature", flat=True),
            dict(InjuryNature.choices),
        )
        by_type = services.events_by_type(events, dt.date(years[0], 1, 1), dt.date(last + 1, 1, 1))
        from amelio.safety import charts

        context = self.base_context(
            years=years,
            year=last,
            include_temporary=include_temporary,
            by_accident=by_accident,
            rows=rows,
            totals=totals,
            overall=overall,
            bodies=bodies,
            natures=natures,
            type_counts=_type_counts(by_type),
            trend_figure=charts.trend_figure(totals, {"tf1": "TF1", "tg": "TG", "year": _("Year")}),
            body_figure=charts.bar_figure(bodies, _("Injuries")) if bodies else None,
            parameters=parameters(),
            title=_("Frequency and severity rates"),
        )
        return TemplateResponse(request, "safety/rates.html", context)


def _type_counts(found: dict[str, int]) -> list[tuple[str, int]]:
    from amelio.safety.models import EventType

    return [(str(label), found.get(value, 0)) for value, label in EventType.choices]


def _rate_row(label: str, year: int | None, counts: calc.Counts) -> dict:
    """One row of the rates table: the counts and each rate, or why it cannot be computed."""
    row: dict = {"label": label, "year": year, "counts": counts, "missing_hours": False}
    try:
        rates = calc.rates(counts)
    except calc.NoHoursWorked:
        row["missing_hours"] = True
        row["rates"] = {}
        return row
    row["rates"] = {name: getattr(rates, name) for name in RATE_NAMES}
    return row


# --- Public reporting ---------------------------------------------------------------------


def _client_address(request) -> str:
    """The device's address: behind a reverse proxy (AMELIO_BEHIND_PROXY), the last entry of
    X-Forwarded-For, the one our proxy added (earlier entries come from the client and may be
    forged to dodge the limit)."""
    if settings.AMELIO_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _limited(request, token: str) -> bool:
    key = f"safety-public:{token}:{_client_address(request)}"
    count = cache.get(key, 0)
    return count >= settings.AMELIO_PUBLIC_REPORTS_PER_HOUR


def _count(request, token: str) -> None:
    key = f"safety-public:{token}:{_client_address(request)}"
    if cache.add(key, 1, timeout=3600):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)


@login_not_required
def public_report(request, token: str):
    """The no-login form of a site: a hazard, a near miss or an idea in a minute, from a
    phone. Limited to a few reports per hour and address."""
    link = ReportingLink.objects.select_related("org_unit").filter(token=token).first()
    if link is None or not link.active or link.org_unit.archived_at is not None:
        raise Http404
    form = PublicReportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if _limited(request, token):
            form.add_error(
                None,
                _("Too many reports from this device in the last hour. Please try again later."),
            )
            status = 429
        elif form.is_valid() and not form.cleaned_data.get("website"):
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("photo", "website")}
            try:
                report = services.report_submit(
                    link=link, data=data, photo=form.cleaned_data.get("photo")
                )
            except ValidationError as error:
                form.add_error("photo" if getattr(error, "code", None) == "photo" else None, error)
            else:
                _count(request, token)
                return render(
                    request,
                    "safety/public_thanks.html",
                    {"site": link.org_unit, "report": report, "token": token},
                )
        elif form.is_valid():
            # A robot filled the hidden field: answer as if it worked, keep nothing.
            return render(
                request, "safety/public_thanks.html", {"site": link.org_unit, "token": token}
            )
    return render(
        request,
        "safety/public_form.html",
        {"form": form, "site": link.org_unit, "token": token},
        status=status,
    )


def _public_url(request, link: ReportingLink) -> str:
    return request.build_absolute_uri(reverse("safety:public_report", args=[link.token]))


def _sites_to_post(user):
    return units_for(user, "change").filter(kind=OrgUnit.Kind.SITE).order_by("path")


class PostersView(RegisterView):
    """Each site's public reporting link with its QR code, to print and post in workshops."""

    def get(self, request):
        user = request.user
        sites = list(_sites_to_post(user))
        if not sites:
            raise PermissionDenied
        links = {
            link.org_unit_id: link for link in ReportingLink.objects.filter(org_unit__in=sites)
        }
        entries = []
        for site in sites:
            link = links.get(site.pk)
            url = _public_url(request, link) if link else None
            entries.append(
                {"site": site, "link": link, "url": url, "qr": qr_svg(url, scale=6) if url else ""}
            )
        return TemplateResponse(
            request,
            "safety/posters.html",
            self.base_context(entries=entries, title=_("Reporting posters (QR codes)")),
        )


def _site_link(request, site_pk: int) -> tuple[OrgUnit, ReportingLink | None]:
    site = get_object_or_404(_sites_to_post(request.user), pk=site_pk)
    return site, ReportingLink.objects.filter(org_unit=site).first()


@require_POST
def link_manage(request, site_pk: int):
    """Open the site's link, give it a new address, or close it."""
    site, link = _site_link(request, site_pk)
    what = request.POST.get("do")
    if link is None or what == "open":
        link = services.reporting_link(site, request.user)
        if not link.active:
            link.active = True
            link.save(update_fields=["active"])
        messages.success(request, _("The reporting link of %(site)s is open.") % {"site": site})
    elif what == "renew":
        services.reporting_link_renew(link=link, user=request.user)
        messages.success(
            request, _("%(site)s has a new link: print its poster again.") % {"site": site}
        )
    elif what == "close":
        link.active = False
        link.save(update_fields=["active"])
        messages.success(request, _("The reporting link of %(site)s is closed.") % {"site": site})
    return redirect("safety:publicreport_posters")


def poster(request, site_pk: int):
    """A printable A4 poster: what to report, the QR code and the address."""
    site, link = _site_link(request, site_pk)
    if link is None or not link.active:
        raise Http404
    url = _public_url(request, link)
    language = request.GET.get("lang")
    context = {"site": site, "url": url, "qr": qr_svg(url, scale=6)}
    if language in ("fr", "en"):
        with translation.override(language):
            return HttpResponse(render_to_string("safety/poster.html", context, request=request))
    return TemplateResponse(request, "safety/poster.html", context)


def report_context(report: PublicReport, request) -> dict:
    user = request.user
    photos = list(
        Attachment.objects.filter(
            content_type__app_label="safety",
            content_type__model="publicreport",
            object_id=report.pk,
            archived_at__isnull=True,
        )
    )
    may_triage = report.status == "new" and can(user, "change", report.org_unit)
    form = None
    if may_triage:
        units = units_for(user, "add").filter(path__startswith=report.org_unit.path)
        form = TriageForm(
            initial={
                "title": report.description[:80],
                "event_type": services.REPORT_EVENT_TYPES[PublicReport.Kind(report.kind)],
                "org_unit": report.org_unit.pk,
            },
            units=units.order_by("path"),
        )
    return {"photos": photos, "triage_form": form}


@require_POST
def report_triage(request, pk: int):
    reports = PublicReport.objects.select_related("org_unit")
    report = get_record_for(request.user, reports, pk, "change")
    units = units_for(request.user, "add").filter(path__startswith=report.org_unit.path)
    form = TriageForm(request.POST, units=units)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("safety:publicreport_detail", report.pk)
    try:
        event = services.report_triage(report=report, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect("safety:publicreport_detail", report.pk)
    messages.success(request, _("Event %(ref)s is created.") % {"ref": event.reference})
    return redirect("safety:safetyevent_detail", event.pk)
