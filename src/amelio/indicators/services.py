"""State changes of indicators: save values (one, a grid, an import), recompute a computed
indicator (on request, or every night for all of them), keep the latest value and status on the
indicator, and notify its owner when a new value is off target or breaks a control rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core.measures import period_start
from amelio.core.permissions import can
from amelio.indicators import analysis, computations, sources
from amelio.indicators.models import Indicator, IndicatorTarget, IndicatorValue, Notification


def _require_change(user, indicator: Indicator) -> None:
    if not can(user, "change", indicator.org_unit) or indicator.is_archived:
        raise PermissionDenied(_("You are not allowed to do this on this record."))


def values_save(
    *, indicator: Indicator, user, rows: Iterable[dict], notify: bool = True
) -> list[IndicatorValue]:
    """Save values given as dicts (period, value, optional numerator, denominator, comment):
    a value of an existing period replaces it. All or nothing; then alerts for the newest."""
    _require_change(user, indicator)
    if indicator.is_computed:
        raise ValidationError(_("The values of this indicator are computed: they cannot be typed."))
    return _store(indicator, user, list(rows), notify)


@transaction.atomic
def _store(indicator: Indicator, user, rows: list[dict], notify) -> list[IndicatorValue]:
    """Save the rows as `user` (None: the nightly job) and refresh the indicator; `notify` is
    True (alert on every saved period), False, or the set of periods to alert on."""
    saved = []
    for row in rows:
        period = period_start(row["period"], indicator.frequency)
        value, _created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            period=period,
            defaults={
                "value": row["value"],
                "numerator": row.get("numerator"),
                "denominator": row.get("denominator"),
                "comment": row.get("comment", ""),
                "entered_by": user,
                "entered_at": timezone.now(),
            },
        )
        saved.append(value)
    if saved:
        periods = {v.period for v in saved} if notify is True else set(notify or ())
        refresh(indicator, notify_periods=periods)
    return saved


@transaction.atomic
def target_set(
    *, indicator: Indicator, user, valid_from: dt.date, target: float, alert: float | None
) -> IndicatorTarget:
    """Set the target in force from `valid_from` (a target of the same date is replaced) and
    recompute the status of the latest value."""
    _require_change(user, indicator)
    row, _created = IndicatorTarget.objects.update_or_create(
        indicator=indicator, valid_from=valid_from, defaults={"target": target, "alert": alert}
    )
    if hasattr(indicator, "_targets"):
        del indicator._targets
    refresh(indicator, notify_periods=set())
    return row


def value_delete(*, indicator: Indicator, user, period: dt.date) -> None:
    _require_change(user, indicator)
    indicator.values.filter(period=period).delete()
    refresh(indicator, notify_periods=set())


def refresh(indicator: Indicator, notify_periods: set[dt.date]) -> list[Notification]:
    """Store the latest value and its status; notify the owner about the periods given."""
    data = analysis.series(indicator)
    latest = len(data.values) - 1
    indicator.latest_value = data.values[latest] if data.values else None
    indicator.latest_period = data.periods[latest] if data.values else None
    indicator.latest_status = (
        indicator.status_of(indicator.latest_value, indicator.latest_period)
        if indicator.latest_period
        else computations.NO_TARGET
    )
    Indicator.objects.filter(pk=indicator.pk).update(
        latest_value=indicator.latest_value,
        latest_period=indicator.latest_period,
        latest_status=indicator.latest_status,
    )
    return _notify(indicator, data, notify_periods) if notify_periods else []


def alerts_for(indicator: Indicator, data: analysis.Series, period: dt.date) -> list[str]:
    """Why a period's value calls for attention: off target, control rules broken there."""
    index = data.periods.index(period)
    reasons = []
    if indicator.status_of(data.values[index], period) == computations.OFF_TARGET:
        reasons.append(_("off target"))
    chart = analysis.control_chart(indicator, data)
    for violation in chart.violations if chart else []:
        if violation.last == index:
            reasons.append(str(analysis.RULE_LABELS[violation.rule]))
    return reasons


def _notify(indicator: Indicator, data, periods: set[dt.date]) -> list[Notification]:
    if indicator.owner_id is None:
        return []
    created = []
    for period in sorted(periods):
        reasons = alerts_for(indicator, data, period)
        if reasons:
            message = _("%(indicator)s, %(period)s: %(reasons)s") % {
                "indicator": indicator.name,
                "period": period.strftime("%m/%Y"),
                "reasons": "; ".join(reasons),
            }
            # A value corrected again before the alert was read updates that alert.
            note, _created = Notification.objects.update_or_create(
                recipient_id=indicator.owner_id,
                indicator=indicator,
                period=period,
                read_at__isnull=True,
                defaults={"message": message[:300], "created_at": timezone.now()},
            )
            created.append(note)
    return created


def indicator_recompute(
    *, indicator: Indicator, user, periods: Iterable[dt.date]
) -> list[IndicatorValue]:
    """Compute the values of a computed indicator for the periods given and save them."""
    _require_change(user, indicator)
    if not indicator.is_computed:
        raise ValidationError(_("This indicator is entered by hand."))
    return _store(indicator, user, _computed_rows(indicator, periods), True)


def _computed_rows(indicator: Indicator, periods: Iterable[dt.date]) -> list[dict]:
    """The computed value of each period that has one, as rows for `_store`."""
    rows = []
    for period in periods:
        start = period_start(period, indicator.frequency)
        value = sources.compute(indicator, start)
        if value is not None:
            rows.append({"period": start, "value": value})
    return rows


def computed_backfill(*, indicator: Indicator, periods: Iterable[dt.date]) -> list[IndicatorValue]:
    """Compute and store the values of a computed indicator for past periods, as the system
    (no user): the history of an indicator bound after its records were entered, or of the
    demo. Only the newest period may alert its owner, as the nightly job would have."""
    rows = _computed_rows(indicator, periods)
    newest = {rows[-1]["period"]} if rows else set()
    return _store(indicator, None, rows, notify=newest)


@dataclasses.dataclass
class ComputedRefresh:
    """What the nightly recomputation did."""

    indicators: int = 0
    changed: int = 0
    alerts: int = 0
    failed: list[str] = dataclasses.field(default_factory=list)


def computed_refresh(*, today: dt.date | None = None) -> ComputedRefresh:
    """Recompute the current and the previous period of every active computed indicator.

    Records of the registers change every day, including late entries for last month, so the
    values of computed indicators are brought up to date each night without anyone asking.
    Only values that changed are saved (as entered by nobody: the system). The owner is
    alerted about the previous period, which is complete; the current one is partial and only
    stored, so that a count of the month does not raise "off target" on its second day.
    One indicator whose definition no longer holds is reported and the others go on.
    """
    today = today or timezone.localdate()
    summary = ComputedRefresh()
    indicators = Indicator.objects.filter(
        source__in=(Indicator.Source.COMPUTED, Indicator.Source.MEASURE), archived_at__isnull=True
    ).order_by("pk")
    for indicator in indicators:
        summary.indicators += 1
        current = period_start(today, indicator.frequency)
        previous = period_start(current - dt.timedelta(days=1), indicator.frequency)
        stored = dict(
            indicator.values.filter(period__in=[previous, current]).values_list("period", "value")
        )
        try:
            rows = [
                {"period": period, "value": value}
                for period in (previous, current)
                if (value := sources.compute(indicator, period)) is not None
                and (period not in stored or abs(stored[period] - value) > 1e-9)
            ]
        except (ValidationError, ValueError, LookupError) as error:
            summary.failed.append(f"{indicator.reference} {indicator.name}: {error}")
            continue
        if not rows:
            continue
        before = Notification.objects.filter(indicator=indicator).count()
        _store(indicator, None, rows, notify={previous})
        summary.changed += len(rows)
        summary.alerts += Notification.objects.filter(indicator=indicator).count() - before
    return summary


def notifications_read(*, user, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
