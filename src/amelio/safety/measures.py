"""The figures health and safety publishes (core.measures), computed by the module's own code:
the rates from `services.scope_counts`, the same counts the rates page reads for a site and
a year (`services.period_counts`), and the arithmetic of `computations.rates`; the events by
type as the rates page counts them; the DUERP's review date and planned measures."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.measures import HIGHER, LOWER, Scope, measures
from amelio.safety import computations as calc
from amelio.safety import services
from amelio.safety.models import (
    Assessment,
    Duerp,
    DuerpVersion,
    EventType,
    PublicReport,
    SafetyEvent,
)

RATES_PAGE = "safety:safetyevent_rates"
NO_RATE = _(
    "No figure without hours worked in the period; for a month or a quarter, none either "
    "when a unit entered only a yearly figure (a year's hours are not shared out between "
    "its months)."
)


def with_no_rate(description):
    """A rate's description followed by when it does not exist."""
    return format_lazy("{} {}", description, NO_RATE)


def scope_rates(scope: Scope) -> calc.Rates | None:
    """The rates of the scope as the rates page computes them for a site and a year
    (temporary workers included, days lost falling in the period); None without hours."""
    try:
        return calc.rates(services.scope_counts(scope.unit, scope.start, scope.end))
    except calc.NoHoursWorked:
        return None


def _rate(name: str, label, description) -> None:
    """Publish the rate `name` of `calc.Rates` as the measure safety.<name>."""

    def compute(scope: Scope) -> Decimal | None:
        rates = scope_rates(scope)
        return None if rates is None else getattr(rates, name)

    key = "safety." + name.rstrip("_")
    measures.measure(
        key,
        label=label,
        unit="",
        direction=LOWER,
        description=description,
        page=RATES_PAGE,
        decimals=2,
    )(compute)


_rate(
    "tf1",
    _("Frequency rate TF1"),
    with_no_rate(
        _("Lost-time accidents at work × 1,000,000 / hours worked, as on the rates page.")
    ),
)
_rate(
    "tf2",
    _("Frequency rate TF2"),
    with_no_rate(
        _("All accidents at work (with or without lost time) × 1,000,000 / hours worked.")
    ),
)
_rate(
    "tg",
    _("Severity rate TG"),
    with_no_rate(_("Calendar days lost in the period × 1,000 / hours worked.")),
)
_rate(
    "if_",
    _("Frequency index IF"),
    with_no_rate(
        _("Lost-time accidents at work × 1,000 / average headcount; no figure without a headcount.")
    ),
)
_rate(
    "ig",
    _("Severity index IG"),
    with_no_rate(_("Permanent incapacity points × 1,000,000 / hours worked.")),
)
_rate(
    "ltifr",
    _("Lost-time injury frequency rate (LTIFR)"),
    with_no_rate(_("Lost-time injuries × 1,000,000 / hours worked.")),
)
_rate(
    "trir",
    _("Total recordable incident rate (TRIR)"),
    with_no_rate(_("Recordable cases (accidents at work and diseases) × 200,000 / hours worked.")),
)


@measures.measure(
    "safety.lost_time_accidents",
    label=_("Lost-time accidents"),
    unit=pgettext_lazy("unit", "accidents"),
    direction=LOWER,
    description=_(
        "Accidents at work with at least one day off that occurred in the period, as on "
        "the rates page (commuting accidents are not counted)."
    ),
    page=RATES_PAGE,
    decimals=0,
)
def lost_time_accidents(scope: Scope) -> int:
    return services.scope_counts(scope.unit, scope.start, scope.end).lost_time


@measures.measure(
    "safety.days_lost",
    label=_("Days lost"),
    unit=pgettext_lazy("unit", "days"),
    direction=LOWER,
    description=_(
        "Calendar days off work in the period after accidents at work, including the stops "
        "of earlier accidents, as on the rates page."
    ),
    page=RATES_PAGE,
    decimals=0,
)
def days_lost(scope: Scope) -> int:
    return services.scope_counts(scope.unit, scope.start, scope.end).days_lost


@measures.measure(
    "safety.near_misses",
    label=_("Near misses"),
    unit=pgettext_lazy("unit", "events"),
    direction=HIGHER,
    description=_(
        "Near misses recorded that occurred in the period: more of them reported is a sign "
        "of a reporting culture."
    ),
    page=RATES_PAGE,
    decimals=0,
)
def near_misses(scope: Scope) -> int:
    events = SafetyEvent.objects.filter(org_unit__path__startswith=scope.path)
    return services.events_by_type(events, scope.start, scope.end).get(EventType.NEAR_MISS, 0)


@measures.measure(
    "safety.reports",
    label=_("Public reports received"),
    unit=pgettext_lazy("unit", "reports"),
    direction=HIGHER,
    description=_(
        "Hazards, near misses and ideas sent in the period through the public reporting "
        "link of the sites."
    ),
    page="safety:publicreport_list",
    decimals=0,
)
def reports(scope: Scope) -> int:
    received = PublicReport.objects.filter(org_unit__path__startswith=scope.path)
    return services.reports_received(received, scope.start, scope.end).count()


@measures.measure(
    "safety.duerp_actions_done_rate",
    label=_("DUERP planned measures done"),
    unit="%",
    direction=HIGHER,
    state=True,
    description=_(
        "Share of the prevention measures planned in the DUERP lines of the scope (their "
        "actions, not cancelled, created by the last day of the period) that were done or "
        "verified by then; no figure when no measure is planned."
    ),
    page="safety:duerp_list",
)
def duerp_actions_done_rate(scope: Scope) -> Decimal | None:
    lines = Assessment.objects.active().filter(
        org_unit__path__startswith=scope.path, duerp__archived_at__isnull=True
    )
    done, planned = services.programme_progress(list(lines), scope.as_of)
    return Decimal(100 * done) / planned if planned else None


@measures.measure(
    "safety.duerp_reviews_overdue",
    label=_("DUERPs past their yearly update"),
    unit=pgettext_lazy("unit", "DUERPs"),
    direction=LOWER,
    state=True,
    description=_(
        "DUERPs whose yearly update (a year after the last version published by then, from "
        "11 employees, Code du travail R4121-2) was overdue on the last day of the period."
    ),
    page="safety:duerp_list",
    decimals=0,
)
def duerp_reviews_overdue(scope: Scope) -> int:
    versions = Prefetch("versions", queryset=DuerpVersion.objects.only("duerp", "published_at"))
    duerps = (
        Duerp.objects.active()
        .filter(org_unit__path__startswith=scope.path)
        .select_related("org_unit")
        .prefetch_related(versions)
    )
    return sum(services.review_overdue(duerp, scope.as_of) for duerp in duerps)
