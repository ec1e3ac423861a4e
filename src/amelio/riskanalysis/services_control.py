"""State changes of the control plan across records: a control recorded moves its
characteristic's due date and, when it fails, raises a nonconformity in the same
transaction; a measured characteristic gets its SPC indicator (a computed indicator of the
indicators module, with its I-MR chart and the characteristic's limits) once."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core import services as core
from amelio.core.numbers import localised
from amelio.core.permissions import can
from amelio.riskanalysis.computations_control import decimals_of
from amelio.riskanalysis.models import ControlCharacteristic, ControlRecord

RECORD_REGISTER = "riskanalysis.controlrecord"
# The grade of the nonconformity a failed control raises, by special characteristic: a
# critical characteristic is safety or regulation (DOMAIN.md 9.1), a significant one fit
# and function.
SEVERITY = {"CC": "critical", "SC": "major", "": "minor"}


def record_follow_up(*, record: ControlRecord, user) -> None:
    """What a new control calls for: the person who did it (the one who entered it unless
    said), the characteristic's next due date, and a nonconformity when it fails."""
    if record.measured_by_id is None:
        record.measured_by = user
        ControlRecord.objects.filter(pk=record.pk).update(measured_by=user)
    _reschedule(record.characteristic, record.measured_at)
    if not record.conform:
        _raise_nonconformity(record, user)


def _reschedule(characteristic: ControlCharacteristic, measured_at: dt.datetime) -> None:
    """A control entered late (an earlier day than the last one) leaves the due date as is."""
    last = characteristic.last_controlled_at
    if last is not None and last >= measured_at:
        return
    characteristic.last_controlled_at = measured_at
    characteristic.schedule()
    ControlCharacteristic.objects.filter(pk=characteristic.pk).update(
        last_controlled_at=measured_at, next_due=characteristic.next_due
    )


def nonconformity_title(record: ControlRecord) -> str:
    """ "Ø 25 H7 bore: 25.031 mm out of limits (25 – 25.021 mm)", or "… : not conform"."""
    characteristic = record.characteristic
    if record.value is None:
        return _("%(characteristic)s: not conform") % {"characteristic": characteristic.name}
    value = f"{localised(record.value)} {characteristic.unit}".strip()
    return _("%(characteristic)s: %(value)s out of limits (%(limits)s)") % {
        "characteristic": characteristic.name,
        "value": value,
        "limits": characteristic.specification,
    }


def _raise_nonconformity(record: ControlRecord, user):
    """An internal nonconformity whose source is the record, through the core service (the
    person recording may add in the record's unit), linked back to the record."""
    from amelio.nonconformities.models import Nonconformity

    characteristic = record.characteristic
    plan = characteristic.plan
    reaction = characteristic.reaction_plan
    nc = Nonconformity(
        title=nonconformity_title(record)[:200],
        nc_type=Nonconformity.Type.INTERNAL,
        severity=SEVERITY.get(characteristic.special_class, "minor"),
        org_unit=record.org_unit,
        process=plan.process,
        product=plan.product[:120],
        detected_on=timezone.localdate(record.measured_at),
        detection_place=f"{plan.reference} {plan.title}"[:120],
        description="\n\n".join(t for t in (record.comment, _reaction(reaction)) if t),
        qqoqccp_how=" — ".join(t for t in (characteristic.method, characteristic.instrument) if t),
        qqoqccp_why=characteristic.specification,
        owner=characteristic.responsible or plan.owner,
        source_content_type=ContentType.objects.get_for_model(ControlRecord),
        source_object_id=record.pk,
    )
    core.record_create(record=nc, user=user)
    ControlRecord.objects.filter(pk=record.pk).update(nonconformity=nc)
    record.nonconformity = nc
    return nc


def _reaction(text: str) -> str:
    return _("Reaction plan: %(text)s") % {"text": text} if text else ""


@transaction.atomic
def spc_indicator_create(*, characteristic: ControlCharacteristic, user):
    """The computed indicator averaging the characteristic's measured values per month, on
    an individuals (I-MR) chart with its limits; made once and linked to the characteristic
    (asked again, the existing one is returned). Its values are computed at once for every
    month that has records, then each night by the indicators module."""
    if not characteristic.is_measured:
        raise ValidationError(_("Only a measured characteristic feeds a control chart."))
    if not can(user, "change", characteristic.org_unit):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    existing = characteristic.indicator
    if existing is not None and not existing.is_archived:
        return existing
    indicator = _indicator(characteristic)
    core.record_create(record=indicator, user=user)
    ControlCharacteristic.objects.filter(pk=characteristic.pk).update(indicator=indicator)
    characteristic.indicator = indicator
    _compute_values(indicator, characteristic, user)
    return indicator


def _indicator(characteristic: ControlCharacteristic):
    from amelio.indicators.models import Indicator

    plan = characteristic.plan
    return Indicator(
        name=characteristic.name[:200],
        definition=_(
            "Average per month of the values recorded for %(characteristic)s, control plan "
            "%(plan)s; specification %(limits)s."
        )
        % {
            "characteristic": characteristic.reference,
            "plan": f"{plan.reference} {plan.title}",
            "limits": characteristic.specification,
        },
        unit=characteristic.unit,
        org_unit=characteristic.org_unit,
        process=plan.process,
        owner=characteristic.responsible or plan.owner,
        frequency=Indicator.Frequency.MONTHLY,
        source=Indicator.Source.COMPUTED,
        source_register=RECORD_REGISTER,
        aggregation=Indicator.Aggregation.AVERAGE,
        source_field="value",
        source_date_field="measured_at",
        source_filter=f"characteristic={characteristic.pk}",
        chart_type=Indicator.ChartType.INDIVIDUALS,
        decimals=decimals_of(characteristic.lsl, characteristic.usl, characteristic.nominal),
        lsl=None if characteristic.lsl is None else float(characteristic.lsl),
        usl=None if characteristic.usl is None else float(characteristic.usl),
    )


def _compute_values(indicator, characteristic: ControlCharacteristic, user) -> None:
    from amelio.indicators.services import indicator_recompute

    moments = characteristic.records.active().values_list("measured_at", flat=True)
    months = sorted({timezone.localdate(m).replace(day=1) for m in moments})
    if months:
        indicator_recompute(indicator=indicator, user=user, periods=months)
