"""State changes of health and safety across records: publishing a DUERP version, the
prevention programme of the year, stops from work, the victim's data, the cause tree,
public reports and their triage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amelio.core.models import Attachment, OrgUnit
from amelio.core.permissions import can
from amelio.safety import computations as calc
from amelio.safety.models import (
    Assessment,
    CauseFact,
    CauseLink,
    Duerp,
    DuerpVersion,
    EventType,
    LostTime,
    PublicReport,
    ReportingLink,
    SafetyEvent,
    Victim,
)
from amelio.safety.models.reference import parameter
from amelio.scoring.models import localised

# Events that may have stops from work.
WITH_STOPS = (EventType.LOST_TIME, EventType.COMMUTING, EventType.DISEASE)
PHOTO_TYPES = ("jpg", "jpeg", "png", "webp", "gif", "heic")
PHOTO_MAX_BYTES = 10 * 1024 * 1024


def _require(user, action: str, unit: OrgUnit) -> None:
    if not can(user, action, unit):
        raise PermissionDenied


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# --- DUERP --------------------------------------------------------------------------------


def duerp_lines(duerp: Duerp):
    """The active lines of a DUERP, by work unit (tree order) then criticity."""
    return (
        duerp.lines.filter(archived_at__isnull=True)
        .select_related("org_unit", "family", "matrix")
        .order_by("org_unit__path", "-gross_score", "family__order", "id")
    )


def line_actions(lines) -> dict[int, list]:
    """{line id: [actions]} for the planned measures of the lines, in one query."""
    from amelio.actions.models import ActionLink

    ct = ContentType.objects.get_for_model(Assessment)
    found: dict[int, list] = {}
    links = (
        ActionLink.objects.filter(
            content_type=ct,
            object_id__in=[line.pk for line in lines],
            action__archived_at__isnull=True,
        )
        .select_related("action", "action__owner")
        .order_by("action__due_date", "action_id")
    )
    for link in links:
        found.setdefault(link.object_id, []).append(link.action)
    return found


def snapshot(duerp: Duerp) -> dict[str, Any]:
    """The DUERP's content as it stands: the document, its site, each line with its rating
    and planned measures, as plain data with labels in the active language."""
    lines = list(duerp_lines(duerp))
    actions = line_actions(lines)
    unit = duerp.org_unit
    rows = []
    for line in lines:
        level = line.level_info("gross") or {}
        rows.append(
            {
                "reference": line.reference,
                "work_unit": line.org_unit.name,
                "work_unit_code": line.org_unit.code,
                "activity": line.activity,
                "family": line.family.name,
                "hazard": line.hazard,
                "situation": line.situation,
                "damage": line.damage,
                "existing_measures": line.existing_measures,
                "principles": line.principle_numbers(),
                "exposed": line.exposed,
                "groups": line.groups,
                "likelihood": line.gross_likelihood,
                "severity": line.gross_severity,
                "third": line.gross_third,
                "score": line.gross_score,
                "level": line.gross_level,
                "level_label": localised(level.get("label", "")),
                "level_colour": level.get("colour", ""),
                "actions": [
                    {
                        "reference": a.reference,
                        "title": a.title,
                        "owner": str(a.owner or ""),
                        "due_date": a.due_date.isoformat() if a.due_date else None,
                        "status": a.get_status_display(),
                        "planned_cost": str(a.planned_cost) if a.planned_cost is not None else None,
                        "indicator": a.effectiveness_criterion,
                    }
                    for a in actions.get(line.pk, [])
                ],
            }
        )
    return {
        "reference": duerp.reference,
        "title": duerp.title,
        "unit": unit.name,
        "address": unit.address,
        "siret": unit.siret,
        "headcount": unit.headcount,
        "method": duerp.method,
        "participants": duerp.participants,
        "cse_consulted_on": (
            duerp.cse_consulted_on.isoformat() if duerp.cse_consulted_on else None
        ),
        "company_headcount": company_headcount(unit),
        "programme": calc.prevention_programme(
            company_headcount(unit), parameter("papripact_headcount")
        ),
        "lines": rows,
    }


def render_version_pdf(data: dict, meta: dict) -> bytes:
    """The DUERP PDF of a snapshot (empty bytes when WeasyPrint cannot run here)."""
    from amelio.core.reports import PdfUnavailable, render_pdf
    from amelio.safety.models import Principle
    from amelio.safety.models.duerp import REASONS

    consulted = data.get("cse_consulted_on")
    context = {
        "data": data,
        "meta": meta,
        "reason": dict(REASONS).get(meta.get("reason") or "", ""),
        "cse_consulted_on": dt.date.fromisoformat(consulted) if consulted else None,
        "by_unit": group_lines(data["lines"]),
        "principles": Principle.choices,
    }
    try:
        return render_pdf("safety/duerp_pdf.html", context, language="fr")
    except PdfUnavailable:
        return b""


def group_lines(lines: list[dict]) -> list[tuple[str, list[dict]]]:
    grouped: dict[str, list[dict]] = {}
    for row in lines:
        grouped.setdefault(row["work_unit"], []).append(row)
    return list(grouped.items())


def version_write(*, duerp: Duerp, user, note: str) -> DuerpVersion:
    """Freeze the DUERP as it stands into a new numbered version with its PDF; called by the
    publish step of the workflow, in its transaction."""
    if not can(user, "approve", duerp.org_unit):
        raise PermissionDenied
    number = (duerp.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    reason = "first" if number == 1 else duerp.update_reason
    # A published version is a French legal document: its labels are frozen in French.
    with translation.override("fr"):
        data = snapshot(duerp)
    meta = {
        "number": number,
        "published_at": timezone.localtime(now).strftime("%d/%m/%Y %H:%M"),
        "author": _person(user),
        "reason": reason,
        "note": note,
    }
    version = DuerpVersion(
        duerp=duerp,
        org_unit=duerp.org_unit,
        number=number,
        published_at=now,
        published_by=user,
        author_name=_person(user)[:200],
        reason=reason,
        note=note,
        data=data,
        pdf=render_version_pdf(data, meta),
    )
    version.save()
    duerp.last_published_on = timezone.localdate(now)
    duerp.next_review = review_due(duerp)
    duerp.update_reason = "annual"
    return version


def version_pdf(version: DuerpVersion) -> bytes:
    """The PDF of a published version: the one written at publication, or (if WeasyPrint was
    missing then) rendered again from the frozen data."""
    if version.pdf:
        return bytes(version.pdf)
    meta = {
        "number": version.number,
        "published_at": timezone.localtime(version.published_at).strftime("%d/%m/%Y %H:%M"),
        "author": version.author_name,
        "reason": version.reason,
        "note": version.note,
    }
    return render_version_pdf(version.data, meta)


def company_headcount(unit: OrgUnit) -> int | None:
    """The headcount of the company `unit` belongs to, which the thresholds of the Code du
    travail count (PAPRIPACT from 50, L4121-3-1; yearly update from 11, R4121-2), not the
    site's: the organisation's own figure, else the sum of its sites'; None if none is known."""
    root = unit.ancestors().first() or unit
    if root.headcount is not None:
        return root.headcount
    sites = OrgUnit.objects.active().sites().below(root).exclude(headcount=None)
    counts = [count for count in sites.values_list("headcount", flat=True) if count is not None]
    return sum(counts) if counts else None


def review_due(duerp: Duerp) -> dt.date | None:
    """When the DUERP must be updated, from its last version (`review_due_after`)."""
    return review_due_after(duerp, duerp.last_published_on)


def review_due_after(duerp: Duerp, published: dt.date | None) -> dt.date | None:
    """A year after the version `published` on that day in a company of 11 employees or
    more; below, the DUERP is updated on a major change or new information only (Code du
    travail R4121-2)."""
    headcount = company_headcount(duerp.org_unit)
    if headcount is not None and headcount < parameter("annual_update_headcount"):
        return None
    return calc.review_due(published, parameter("review_months"))


def review_overdue(duerp: Duerp, on: dt.date) -> bool:
    """Whether the yearly update of the DUERP was overdue on `on`: the review date that
    follows the last version published by then has passed."""
    published = [
        day
        for day in (timezone.localdate(v.published_at) for v in duerp.versions.all())
        if day <= on
    ]
    due = review_due_after(duerp, max(published, default=None))
    return due is not None and due < on


def programme_progress(lines, on: dt.date) -> tuple[int, int]:
    """(done, planned): the planned measures of the DUERP lines (their actions, each
    counted once) created by `on` and not cancelled, and those of them done by `on`
    (done or verified effective)."""
    from amelio.actions.computations import CANCELLED, DONE_STATES

    actions = {a.pk: a for found in line_actions(lines).values() for a in found}
    planned = [
        a
        for a in actions.values()
        if a.status != CANCELLED and timezone.localdate(a.created_at) <= on
    ]
    done = [a for a in planned if a.status in DONE_STATES and a.done_on and a.done_on <= on]
    return len(done), len(planned)


@transaction.atomic
def programme_write(*, duerp: Duerp, year: int, user):
    """The prevention programme of `year` from the DUERP: an action plan (PAPRIPACT in a
    company of 50 employees or more, else the list of prevention actions) holding the open planned measures due in
    the year or overdue, with their owner, dates, cost and indicator. Returns the plan and the
    actions that lack a cost or an indicator (a PAPRIPACT needs both)."""
    from amelio.actions.models import Action, ActionPlan

    _require(user, "change", duerp.org_unit)
    kind = calc.prevention_programme(
        company_headcount(duerp.org_unit), parameter("papripact_headcount")
    )
    label = (
        gettext_lazy("PAPRIPACT %(year)s – %(unit)s")
        if kind == "papripact"
        else gettext_lazy("Prevention actions %(year)s – %(unit)s")
    )
    with translation.override("fr"):
        name = (str(label) % {"year": year, "unit": duerp.org_unit.name})[:200]
    plan = ActionPlan.objects.filter(org_unit=duerp.org_unit, name=name).first()
    if plan is None:
        plan = ActionPlan(
            name=name,
            org_unit=duerp.org_unit,
            owner=duerp.owner or user,
            start_date=dt.date(year, 1, 1),
            end_date=dt.date(year, 12, 31),
            objective=_("Prevention measures planned in %(duerp)s.") % {"duerp": duerp.reference},
            created_by=user,
            updated_by=user,
        )
        plan.full_clean(exclude=["reference"])
        plan.save()
    lines = list(duerp_lines(duerp))
    found = line_actions(lines)
    ids = {a.pk for actions in found.values() for a in actions}
    actions = Action.objects.filter(pk__in=ids, due_date__lte=dt.date(year, 12, 31)).exclude(
        status__in=("done", "verified", "cancelled")
    )
    actions.filter(plan__isnull=True).update(plan=plan)
    incomplete = [
        a
        for a in plan.actions.filter(archived_at__isnull=True).order_by("due_date")
        if a.planned_cost is None or not a.effectiveness_criterion.strip()
    ]
    return plan, incomplete


# --- Events -------------------------------------------------------------------------------


def may_see_personal(user, event: SafetyEvent) -> bool:
    return can(user, "personal", event.org_unit)


def refresh_days_lost(event: SafetyEvent) -> int:
    """Store the days lost so far (all stops, up to today) on the event, for its list."""
    accident_day = timezone.localtime(event.occurred_at).date()
    today = timezone.localdate()
    days = calc.days_off(
        event.lost_times.values_list("start", "end"),
        accident_day=accident_day,
        start=accident_day,
        end=max(today, accident_day),
        today=today,
    )
    SafetyEvent.objects.filter(pk=event.pk).update(days_lost=days)
    event.days_lost = days
    return days


def _check_event_open(event: SafetyEvent, user) -> None:
    _require(user, "change", event.org_unit)
    if event.is_archived:
        raise ValidationError(_("An archived record cannot be changed."))
    if SafetyEvent.objects.get(pk=event.pk).locks_children():
        raise ValidationError(_("This event is closed: reopen it to change it."))


@transaction.atomic
def lost_time_add(*, event: SafetyEvent, user, kind: str, start, end=None, note="") -> LostTime:
    """Record a stop from work (initial, extension, relapse) and the days lost."""
    _check_event_open(event, user)
    if event.event_type not in WITH_STOPS:
        raise ValidationError(
            _("Only accidents with lost time, commuting accidents and diseases have stops.")
        )
    stop = LostTime(event=event, kind=kind, start=start, end=end, note=note)
    stop.full_clean()
    stop.save()
    refresh_days_lost(event)
    return stop


@transaction.atomic
def lost_time_end(*, stop: LostTime, user, end) -> LostTime:
    _check_event_open(stop.event, user)
    stop.end = end
    stop.full_clean()
    stop.save(update_fields=["end"])
    refresh_days_lost(stop.event)
    return stop


@transaction.atomic
def lost_time_remove(*, stop: LostTime, user) -> None:
    """Withdraw a stop entered by mistake (the event's history keeps the days it had)."""
    event = stop.event
    _check_event_open(event, user)
    stop.delete()
    refresh_days_lost(event)


@transaction.atomic
def victim_save(*, event: SafetyEvent, user, data: dict) -> Victim:
    """Create or change the victim's personal data; only for who may see it."""
    if not may_see_personal(user, event) or not can(user, "change", event.org_unit):
        raise PermissionDenied
    _check_event_open(event, user)
    victim = getattr(event, "victim", None) if hasattr(event, "victim") else None
    victim = victim or Victim(event=event)
    for name, value in data.items():
        setattr(victim, name, value)
    victim.updated_at = timezone.now()
    victim.full_clean()
    victim.save()
    return victim


# --- Cause tree ---------------------------------------------------------------------------


@transaction.atomic
def fact_add(
    *,
    event: SafetyEvent,
    user,
    text: str,
    kind: str = CauseFact.Kind.UNUSUAL,
    category: str = CauseFact.Category.TASK,
    effect: CauseFact | None = None,
) -> CauseFact:
    """Add a fact to the cause tree; the first fact is the final one (the injury); any other
    is an antecedent of `effect` (it was necessary for it)."""
    _check_event_open(event, user)
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the fact."))
    first = not event.facts.exists()
    if not first and effect is None:
        raise ValidationError(_("Say which fact this one was necessary for."))
    if effect is not None and effect.event_id != event.pk:
        raise ValidationError(_("This fact belongs to another event."))
    fact = CauseFact(event=event, text=text[:300], kind=kind, category=category, is_final=first)
    fact.full_clean()
    fact.save()
    if effect is not None:
        CauseLink.objects.create(cause=fact, effect=effect)
    return fact


def _links(event: SafetyEvent) -> list[tuple[int, int]]:
    return list(CauseLink.objects.filter(cause__event=event).values_list("cause_id", "effect_id"))


@transaction.atomic
def fact_link(*, cause: CauseFact, effect: CauseFact, user) -> CauseLink:
    """Say that `cause` was also necessary for `effect` (a conjunction or a disjunction)."""
    event = cause.event
    _check_event_open(event, user)
    if effect.event_id != event.pk:
        raise ValidationError(_("This fact belongs to another event."))
    if CauseLink.objects.filter(cause=cause, effect=effect).exists():
        raise ValidationError(_("These two facts are already linked."))
    if calc.creates_cycle(_links(event), cause.pk, effect.pk):
        raise ValidationError(_("A fact cannot be its own antecedent."))
    return CauseLink.objects.create(cause=cause, effect=effect)


@transaction.atomic
def fact_unlink(*, link: CauseLink, user) -> None:
    event = link.cause.event
    _check_event_open(event, user)
    if not link.cause.is_final and link.cause.effect_links.count() == 1:
        raise ValidationError(_("Each fact must lead to another one: remove the fact instead."))
    link.delete()


@transaction.atomic
def fact_remove(*, fact: CauseFact, user) -> None:
    """Remove a fact without antecedents (the tree is pruned from its leaves)."""
    _check_event_open(fact.event, user)
    if fact.cause_links.exists():
        raise ValidationError(_("Remove the facts that lead to this one first."))
    if fact.is_final and fact.event.facts.count() > 1:
        raise ValidationError(_("The final fact is removed last."))
    fact.delete()


@transaction.atomic
def fact_to_action(*, fact: CauseFact, user, title: str, owner, due_date, criterion: str):
    """A prevention measure breaking the chain at `fact`: a preventive action linked to the
    event, remembered on the fact."""
    from amelio.actions.models import Action, ActionLink

    event = fact.event
    _check_event_open(event, user)
    if fact.action_id:
        raise ValidationError(_("An action already answers this fact."))
    action = Action(
        title=(title.strip() or fact.text)[:200],
        description=_("Cause tree of %(event)s: %(fact)s") % {"event": event, "fact": fact.text},
        action_type=Action.Type.PREVENTIVE,
        org_unit=event.org_unit,
        owner=owner,
        due_date=due_date,
        effectiveness_criterion=criterion,
        created_by=user,
        updated_by=user,
    )
    action.full_clean(exclude=["reference"])
    action.save()
    ActionLink.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(SafetyEvent),
        object_id=event.pk,
        role=ActionLink.Role.PREVENTIVE,
    )
    CauseFact.objects.filter(pk=fact.pk).update(action=action)
    fact.action = action
    return action


# --- Public reporting ---------------------------------------------------------------------


def reporting_link(site: OrgUnit, user) -> ReportingLink:
    """The site's public reporting link, created on first use."""
    _require(user, "change", site)
    if site.kind != OrgUnit.Kind.SITE:
        raise ValidationError(_("Public reporting links are per site."))
    link, _created = ReportingLink.objects.get_or_create(org_unit=site)
    return link


def reporting_link_renew(*, link: ReportingLink, user) -> ReportingLink:
    """A new address for the site: posters with the old QR code stop working."""
    _require(user, "change", link.org_unit)
    from amelio.safety.models.public import new_token

    link.token = new_token()
    link.active = True
    link.save(update_fields=["token", "active"])
    return link


def validate_photo(upload) -> None:
    suffix = PurePosixPath(upload.name).suffix.lower().lstrip(".")
    if suffix not in PHOTO_TYPES:
        raise ValidationError(
            _("Send a photo (%(types)s).") % {"types": ", ".join(PHOTO_TYPES)}, code="photo"
        )
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large; the limit is %(limit)s MB.")
            % {"limit": PHOTO_MAX_BYTES // 1048576},
            code="photo",
        )


@transaction.atomic
def report_submit(*, link: ReportingLink, data: dict, photo=None) -> PublicReport:
    """Save what someone reported without an account through a site's link."""
    if not link.active:
        raise ValidationError(_("This reporting link is closed."))
    if photo is not None:
        validate_photo(photo)
    report = PublicReport(org_unit=link.org_unit, **data)
    report.full_clean(exclude=["reference"])
    report.save()
    if photo is not None:
        Attachment.objects.create(
            content_type=ContentType.objects.get_for_model(PublicReport),
            object_id=report.pk,
            file=photo,
            original_name=PurePosixPath(photo.name).name[:255],
            size=photo.size,
            description=_("Photo sent with the report"),
        )
    return report


REPORT_EVENT_TYPES = {
    PublicReport.Kind.HAZARD: EventType.DANGEROUS,
    PublicReport.Kind.NEAR_MISS: EventType.NEAR_MISS,
    PublicReport.Kind.IDEA: EventType.DANGEROUS,
}


@transaction.atomic
def report_triage(
    *, report: PublicReport, user, event_type: str, title: str, org_unit: OrgUnit
) -> SafetyEvent:
    """Turn a public report into a safety event (the photo goes with it) and file it."""
    from amelio.core.services import record_create

    report = PublicReport.objects.select_for_update().get(pk=report.pk)
    _require(user, "change", report.org_unit)
    if report.status != "new":
        raise ValidationError(_("This report has already been triaged."))
    if not org_unit.path.startswith(report.org_unit.path):
        raise ValidationError(_("Choose a unit of the report's site."))
    reporter = report.reporter_name or _("anonymous")
    event = SafetyEvent(
        title=title.strip()[:200] or report.description[:80],
        event_type=event_type,
        occurred_at=report.created_at,
        place=report.place,
        description=report.description,
        org_unit=org_unit,
        witnesses=_("Reported by %(name)s through the public form (%(ref)s).")
        % {"name": reporter, "ref": report.reference},
    )
    record_create(record=event, user=user)
    ct = ContentType.objects.get_for_model(PublicReport)
    for photo in Attachment.objects.filter(content_type=ct, object_id=report.pk):
        Attachment.objects.create(
            content_type=ContentType.objects.get_for_model(SafetyEvent),
            object_id=event.pk,
            file=photo.file.name,
            original_name=photo.original_name,
            size=photo.size,
            description=photo.description,
            uploaded_by=None,
        )
    report.event = event
    report.status = "triaged"
    report.updated_by = user
    report.updated_at = timezone.now()
    report.version += 1
    report.save()
    from amelio.core.models import TransitionLog

    TransitionLog.objects.create(
        target=report,
        transition="triage",
        source="new",
        target_state="triaged",
        user=user,
        comment=event.reference,
    )
    return event


# --- Rates --------------------------------------------------------------------------------

# Events the rates count: accidents at work and occupational diseases (TRIR, DART).
RATE_TYPES = (EventType.LOST_TIME, EventType.NO_LOST_TIME, EventType.DISEASE)
HOURS_FIELDS = ("id", "org_unit__path", "year", "month", "hours", "headcount", "temporary_hours")
ONE_DAY = dt.timedelta(days=1)


def site_of(unit_path: str, sites: dict[str, OrgUnit]) -> OrgUnit | None:
    for path, site in sites.items():
        if unit_path.startswith(path):
            return site
    return None


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def rate_events(events, start: dt.date, end: dt.date, *, by_accident_year: bool = False):
    """Of `events`, those the rates of the days `start` <= day < `end` read: the accidents
    and diseases that occurred then and, unless days lost go to the accident's year, those
    with a stop from work in the period (an earlier accident's stop or relapse)."""
    during = Q(occurred_at__gte=_aware(start), occurred_at__lt=_aware(end))
    if not by_accident_year:
        stopped = LostTime.objects.filter(start__lt=end).filter(
            Q(end__isnull=True) | Q(end__gte=start)
        )
        during |= Q(pk__in=stopped.values("event_id"))
    return (
        events.active()
        .filter(during, event_type__in=RATE_TYPES)
        .select_related("org_unit")
        .prefetch_related("lost_times")
    )


def period_counts(
    events,
    hours: list[dict],
    start: dt.date,
    end: dt.date,
    *,
    include_temporary: bool = True,
    by_accident_year: bool = False,
) -> calc.Counts:
    """What the rates of the days `start` <= day < `end` are computed from, given the events
    (`rate_events`) and the hours-worked rows (HOURS_FIELDS) of one site or unit subtree.
    Commuting accidents are left out; temporary workers' accidents and hours are in unless
    `include_temporary` is off; days lost are the days off in the period, or with
    `by_accident_year` all the days of the accidents of the period."""
    tally = _tally(events, start, end, include_temporary, by_accident_year)
    worked, headcount = _period_hours(hours, start, end, include_temporary)
    return calc.Counts(
        hours=worked,
        lost_time=tally["lost_time"],
        no_lost_time=tally["no_lost_time"],
        days_lost=tally["days"],
        ip_points=tally["ip"],
        headcount=headcount,
        recordable=tally["rec"],
        dart=tally["dart"],
    )


def scope_counts(
    unit: OrgUnit,
    start: dt.date,
    end: dt.date,
    *,
    include_temporary: bool = True,
    by_accident_year: bool = False,
) -> calc.Counts:
    """The counts of `unit` and every unit below it over [start, end), for the measures
    (the system computes them, for no user in particular)."""
    from amelio.safety.models import HoursWorked

    below = Q(org_unit__path__startswith=unit.path)
    events = rate_events(
        SafetyEvent.objects.filter(below), start, end, by_accident_year=by_accident_year
    )
    hours = (
        HoursWorked.objects.active()
        .filter(below, year__gte=start.year, year__lte=(end - ONE_DAY).year)
        .values(*HOURS_FIELDS)
    )
    return period_counts(
        list(events),
        list(hours),
        start,
        end,
        include_temporary=include_temporary,
        by_accident_year=by_accident_year,
    )


def rate_counts(
    *,
    user,
    years: list[int],
    include_temporary: bool = True,
    by_accident_year: bool = False,
) -> dict[tuple[int, int], calc.Counts]:
    """{(site id, year): Counts} over the sites the user sees, from the events and the hours
    worked (`period_counts` for each site and year)."""
    from amelio.core.registry import registry

    sites = {
        s.path: s
        for s in OrgUnit.objects.active().sites().filter(pk__in=_visible_units(user).values("pk"))
    }
    hours: dict[int, list[dict]] = {}
    for row in (
        registry.get("safety.hoursworked")
        .queryset_for(user)
        .active()
        .filter(year__in=years)
        .values(*HOURS_FIELDS)
    ):
        site = site_of(row["org_unit__path"], sites)
        if site is not None:
            hours.setdefault(site.pk, []).append(row)
    first, end = dt.date(min(years), 1, 1), dt.date(max(years) + 1, 1, 1)
    events: dict[int, list] = {}
    for event in rate_events(
        registry.get("safety.safetyevent").queryset_for(user),
        first,
        end,
        by_accident_year=by_accident_year,
    ):
        site = site_of(event.org_unit.path, sites)
        if site is not None:
            events.setdefault(site.pk, []).append(event)
    return {
        (site.pk, year): period_counts(
            events.get(site.pk, []),
            hours.get(site.pk, []),
            dt.date(year, 1, 1),
            dt.date(year + 1, 1, 1),
            include_temporary=include_temporary,
            by_accident_year=by_accident_year,
        )
        for site in sites.values()
        for year in years
    }


def events_by_type(events, start: dt.date, end: dt.date) -> dict[str, int]:
    """{event type: number} of the active `events` that occurred on the days
    `start` <= day < `end` (near misses, dangerous situations, accidents…)."""
    rows = (
        events.active()
        .filter(occurred_at__gte=_aware(start), occurred_at__lt=_aware(end))
        .values_list("event_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def reports_received(reports, start: dt.date, end: dt.date):
    """The active public `reports` sent on the days `start` <= day < `end`."""
    return reports.active().filter(created_at__gte=_aware(start), created_at__lt=_aware(end))


def _tally(events, start, end, include_temporary: bool, by_accident_year: bool) -> dict:
    """The cases, days lost and incapacity points of the events over [start, end)."""
    today = timezone.localdate()
    tally: dict[str, Any] = {
        "lost_time": 0,
        "no_lost_time": 0,
        "days": 0,
        "ip": Decimal(0),
        "rec": 0,
        "dart": 0,
    }
    for event in events:
        if not include_temporary and event.victim_status == "temporary":
            continue
        day = timezone.localtime(event.occurred_at).date()
        stops = [(s.start, s.end) for s in event.lost_times.all()]
        accident = event.event_type != EventType.DISEASE
        if start <= day < end:
            _count_case(tally, event, stops)
            if accident:  # TF, TG, IF, IG are rates of accidents at work
                tally["ip"] += event.ip_rate or Decimal(0)
            if accident and by_accident_year:
                tally["days"] += calc.days_off(
                    stops, accident_day=day, start=day, end=max(today, day), today=today
                )
        if accident and not by_accident_year:
            tally["days"] += calc.days_off(
                stops, accident_day=day, start=start, end=end - ONE_DAY, today=today
            )
    return tally


def _count_case(tally: dict, event: SafetyEvent, stops: list) -> None:
    """Count one accident or disease in the frequency figures: recordable (TRIR), days away,
    restricted or transferred (DART), with or without lost time (TF1, TF2)."""
    if event.event_type == EventType.LOST_TIME:
        tally["lost_time"] += 1
        tally["dart"] += 1
    elif event.event_type == EventType.NO_LOST_TIME:
        tally["no_lost_time"] += 1
        tally["dart"] += 1 if event.restricted_work else 0
    elif stops or event.restricted_work:  # an occupational disease with days away
        tally["dart"] += 1
    tally["rec"] += 1


def _period_hours(
    rows: list[dict], start: dt.date, end: dt.date, include_temporary: bool
) -> tuple[Decimal, Decimal | None]:
    """Hours worked and average headcount over [start, end). A whole year counts, for each
    unit, its yearly figure or the sum of its months; part of a year counts the months that
    begin in it, and its hours are unknown (0, no rate) when a unit entered only a yearly
    figure for that year: a year's hours are not shared out between its months."""
    hours, headcounts = Decimal(0), []
    for year in range(start.year, (end - ONE_DAY).year + 1):
        chosen: list[dict] | None = [r for r in rows if r["year"] == year]
        if not start <= dt.date(year, 1, 1) < dt.date(year + 1, 1, 1) <= end:
            chosen = _months_in(chosen or [], start, end)
            if chosen is None:
                return Decimal(0), None
        hours += _hours_of(chosen or [], include_temporary)
        headcounts.append(_headcount_of(chosen or []))
    known = [h for h in headcounts if h is not None]
    return hours, sum(known, Decimal(0)) if known and len(known) == len(headcounts) else None


def _months_in(rows: list[dict], start: dt.date, end: dt.date) -> list[dict] | None:
    """The monthly rows of months beginning in [start, end); None when a unit of `rows`
    has no monthly row (only its yearly figure)."""
    monthly = [r for r in rows if r["month"] is not None]
    if {r["org_unit__path"] for r in rows} - {r["org_unit__path"] for r in monthly}:
        return None
    return [r for r in monthly if start <= dt.date(r["year"], r["month"], 1) < end]


def _by_unit(rows: list[dict]) -> list[list[dict]]:
    """The rows of each unit: its yearly figure if entered, else its months; of several
    entries for one period, the latest."""
    latest: dict[tuple[str, int | None], dict] = {}
    for row in sorted(rows, key=lambda r: r["id"]):
        latest[(row["org_unit__path"], row["month"])] = row
    units: dict[str, list[dict]] = {}
    for (path, _month), row in latest.items():
        units.setdefault(path, []).append(row)
    chosen = []
    for unit_rows in units.values():
        yearly = [r for r in unit_rows if r["month"] is None]
        chosen.append(yearly or unit_rows)
    return chosen


def _hours_of(rows: list[dict], include_temporary: bool) -> Decimal:
    """Hours of a site's year: for each unit, its yearly figure or the sum of its months."""
    total = Decimal(0)
    for unit_rows in _by_unit(rows):
        for row in unit_rows:
            total += row["hours"] - (Decimal(0) if include_temporary else row["temporary_hours"])
    return total


def _headcount_of(rows: list[dict]) -> Decimal | None:
    """Average headcount of a site's year: for each unit, its yearly figure or the mean of its
    months, added up; None when no headcount is entered."""
    total, known = Decimal(0), False
    for unit_rows in _by_unit(rows):
        values = [r["headcount"] for r in unit_rows if r["headcount"] is not None]
        if values:
            total += sum(values, Decimal(0)) / len(values)
            known = True
    return total if known else None


def _visible_units(user):
    from amelio.core.permissions import units_for

    return units_for(user, "view")
