"""Record retention: the record types and their dates, the checks of rules, holds and purge
runs, the shipped rules installed into a company, the legal holds in force, and the list of
the records due on a date (what a dry run shows and a purge run freezes).

Carrying out a run (archive, anonymise, destroy) is in `documents.retention_purge`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from amelio.core import services
from amelio.core.models import OrgUnit, Record
from amelio.core.registry import Register, registry
from amelio.documents import retention_computations as calc
from amelio.documents.models.retention import (
    KEPT_TYPES,
    HoldScope,
    LegalHold,
    PurgeItem,
    RetentionAction,
    RetentionRule,
)

DATA = Path(__file__).resolve().parent / "data"
# Dates that say nothing about a record's life (every save changes them).
NOT_START_EVENTS = {"updated_at"}
DUERP_VERSION = "safety.duerpversion"
OPEN_RUNS = ("proposed", "approved")


# Record types and their dates --------------------------------------------------------------


def record_types() -> list[tuple[str, Any]]:
    """Every register, grouped by app, by label: (app, [(key, label)...])."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for register in registry:
        app = str(register.model._meta.app_config.verbose_name)
        groups.setdefault(app, []).append((register.key, capfirst(str(register.label))))
    return [
        (app, sorted(members, key=lambda pair: pair[1].lower()))
        for app, members in sorted(groups.items(), key=lambda pair: pair[0].lower())
    ]


def holdable_types() -> list[tuple[str, Any]]:
    """The record types a legal hold may name: the registers and the DUERP versions."""
    choices = []
    for app, members in record_types():
        if any(key.startswith("safety.") for key, _label in members):
            members = sorted(
                [*members, (DUERP_VERSION, type_label(DUERP_VERSION))],
                key=lambda pair: pair[1].lower(),
            )
        choices.append((app, members))
    return choices


def known(key: str) -> bool:
    """Whether a register of this key exists (an app may be missing from an installation)."""
    try:
        registry.get(key)
    except KeyError:
        return False
    return True


def type_label(key: str) -> str:
    """The label of a record type, or its key when no register has it any more."""
    if key == DUERP_VERSION:
        from django.apps import apps

        return capfirst(str(apps.get_model("safety", "DuerpVersion")._meta.verbose_name_plural))
    try:
        return capfirst(str(registry.get(key).label))
    except KeyError:
        return key


def date_fields(model: type[models.Model]) -> list[tuple[str, str]]:
    """The dates of a record a retention may start from: (field name, label), in the order of
    the model (created on, the record's own dates, archived on)."""
    found = [
        (f.name, capfirst(str(f.verbose_name)))
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField) and f.name not in NOT_START_EVENTS
    ]
    own = [pair for pair in found if pair[0] not in ("created_at", "archived_at")]
    first = [pair for pair in found if pair[0] == "created_at"]
    last = [pair for pair in found if pair[0] == "archived_at"]
    return [*first, *own, *last]


def start_events(key: str) -> list[tuple[str, str]]:
    """The start events offered for the record type `key` (none for an unknown type)."""
    try:
        return date_fields(registry.get(key).model)
    except KeyError:
        return []


def start_label(key: str, name: str) -> str:
    return dict(start_events(key)).get(name, name)


def duration_text(years: int, months: int) -> str:
    """ "40 years", "1 year and 6 months", "6 months" in the reader's language."""
    parts = []
    if years:
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    if months:
        parts.append(ngettext("%(count)d month", "%(count)d months", months) % {"count": months})
    if len(parts) == 2:
        return _("%(years)s and %(months)s") % {"years": parts[0], "months": parts[1]}
    return parts[0] if parts else "—"


ACTION_VERBS: dict[str, Any] = {
    "archive": pgettext_lazy("retention rule title", "archive"),
    "anonymise": pgettext_lazy("retention rule title", "anonymise"),
    "destroy": pgettext_lazy("retention rule title", "destroy"),
}


def rule_title(rule: RetentionRule) -> str:
    """A rule's title written from its fields: "Waste register: archive 5 years after the
    shipping date"."""
    return _("%(type)s: %(action)s %(duration)s after “%(start)s”") % {
        "type": type_label(rule.record_type),
        "action": ACTION_VERBS.get(rule.action, rule.action),
        "duration": duration_text(rule.years, rule.months),
        "start": start_label(rule.record_type, rule.start_field).lower(),
    }


# Checks ------------------------------------------------------------------------------------


def rule_problems(rule: RetentionRule) -> dict[str, str]:
    """What is wrong with a rule, by field (empty: nothing)."""
    errors: dict[str, str] = {}
    try:
        register = registry.get(rule.record_type)
    except KeyError:
        return {"record_type": _("Choose a record type from the list.")}
    if rule.start_field not in dict(start_events(rule.record_type)):
        errors["start_field"] = _("Choose one of the dates of this record type.")
    if not (rule.years or rule.months):
        errors["years"] = _("Give a duration of at least one month.")
    if rule.action == RetentionAction.ARCHIVE and rule.start_field == "archived_at":
        errors["action"] = _(
            "An archive rule cannot count from the day the record was archived: choose another start event."
        )
    if rule.action == RetentionAction.ANONYMISE and not register.personal_fields:
        errors["action"] = _("This record type holds no personal data to blank.")
    if rule.record_type in KEPT_TYPES and rule.action != RetentionAction.ARCHIVE:
        errors["action"] = _("Legal holds and purge runs are the proof of retention: archive only.")
    return errors


def hold_problems(hold: LegalHold) -> dict[str, str]:
    """What is wrong with a hold, by field; finds and sets the held record."""
    errors: dict[str, str] = {}
    if hold.held_until and hold.held_from and hold.held_until < hold.held_from:
        errors["held_until"] = _("A hold cannot end before it starts.")
    if hold.scope == HoldScope.TYPE:
        hold.record_reference, hold.content_type, hold.object_id = "", None, None
        return errors
    unit = getattr(hold, "org_unit", None)
    reference = hold.record_reference.strip()
    if not reference:
        errors["record_reference"] = _("Give the reference of the record to hold.")
    elif unit is not None and hold.record_type:
        target = find_record(hold.record_type, reference, unit)
        if target is None:
            errors["record_reference"] = _(
                "No record of this type has this reference in the unit or below."
            )
        else:
            hold.record_reference = reference
            hold.content_type = ContentType.objects.get_for_model(target)
            hold.object_id = target.pk
    return errors


def run_problems(run: Any) -> dict[str, str]:
    """What is wrong with a purge run: a date to come, or a unit or date changed after the
    list was frozen."""
    errors: dict[str, str] = {}
    if run.as_of and run.as_of > timezone.localdate():
        errors["as_of"] = _("A purge lists the records due today or before, never later.")
    if run.pk is not None:
        stored = type(run).objects.filter(pk=run.pk).values("org_unit_id", "as_of").first()
        if stored and (stored["org_unit_id"], stored["as_of"]) != (run.org_unit_id, run.as_of):
            errors["as_of"] = _(
                "The list was frozen when the purge was proposed: propose a new purge for "
                "another unit or date."
            )
    return errors


def find_record(key: str, reference: str, unit: OrgUnit) -> Any:
    """The record of type `key` with `reference` in `unit` or below, or None."""
    under = {"org_unit__path__startswith": unit.path}
    if key == DUERP_VERSION:
        from amelio.safety.models import DuerpVersion

        found = re.fullmatch(r"\s*(\S+)\s+v\s*(\d+)\s*", reference, flags=re.IGNORECASE)
        if not found:
            return None
        return DuerpVersion.objects.filter(
            duerp__reference=found.group(1).upper(), number=int(found.group(2)), **under
        ).first()
    try:
        model = registry.get(key).model
    except KeyError:
        return None
    return model._default_manager.filter(reference=reference.upper(), **under).first()


# The shipped rules -------------------------------------------------------------------------


def shipped_rules() -> dict:
    """The shipped retention rules (data/retention_rules.json) with their sources."""
    return json.loads((DATA / "retention_rules.json").read_text(encoding="utf-8"))


@dataclass
class InstallReport:
    added: int = 0
    present: int = 0


@transaction.atomic
def install_rules(*, unit: OrgUnit, user: Any, language: str = "fr") -> InstallReport:
    """Add to `unit` (the company) the shipped rules it does not hold yet, written in
    `language`. Rules already installed are left as the coordinator made them."""
    language = "en" if language.startswith("en") else "fr"
    held = set(
        RetentionRule.objects.active()
        .filter(org_unit=unit, library_key__gt="")
        .values_list("library_key", flat=True)
    )
    report = InstallReport()
    for row in shipped_rules()["rules"]:
        if row["key"] in held:
            report.present += 1
            continue
        if not known(row["record_type"]):
            continue  # an app this installation does not have
        services.record_create(record=_rule_from(row, unit, language), user=user)
        report.added += 1
    return report


def _rule_from(row: dict, unit: OrgUnit, language: str) -> RetentionRule:
    return RetentionRule(
        org_unit=unit,
        title=row.get(f"title_{language}", "")[:200],
        record_type=row["record_type"],
        start_field=row["start_field"],
        years=row.get("years", 0),
        months=row.get("months", 0),
        action=row["action"],
        basis=row["basis"],
        citation=row.get("citation", "")[:300],
        source_url=row.get("source_url", "")[:500],
        confidence=row.get("confidence", ""),
        notes=row.get(f"notes_{language}", ""),
        library_key=row["key"],
    )


# Legal holds -------------------------------------------------------------------------------


def holds_in_force(day: dt.date) -> models.QuerySet:
    """The holds that hold on `day`: active (even archived) and within their dates."""
    return LegalHold.objects.filter(status="active", held_from__lte=day).filter(
        Q(held_until__isnull=True) | Q(held_until__gte=day)
    )


@dataclass
class Holds:
    """The holds in force on a day, read once: held records by (content type id, id) and
    held record types by (key, unit path)."""

    records: dict[tuple[int, int], str] = field(default_factory=dict)
    types: list[tuple[str, str, str]] = field(default_factory=list)

    @classmethod
    def on(cls, day: dt.date) -> Holds:
        found = cls()
        for hold in holds_in_force(day).select_related("org_unit", "content_type"):
            if hold.scope == HoldScope.TYPE:
                found.types.append((hold.record_type, hold.org_unit.path, hold.reference))
            elif hold.content_type_id and hold.object_id:
                for key in _held_keys(hold):
                    found.records.setdefault(key, hold.reference)
        return found

    def held_by(self, record: Any, key: str) -> str | None:
        """The reference of a hold on `record` (of type `key`), or None."""
        content_type = ContentType.objects.get_for_model(record)
        found = self.records.get((content_type.pk, record.pk))
        if found:
            return found
        path = record.org_unit.path
        return next((ref for k, top, ref in self.types if k == key and path.startswith(top)), None)


def _held_keys(hold: LegalHold) -> list[tuple[Any, Any]]:
    """The record a hold names and, for a part of a record that is not a register record
    itself (a DUERP version), the record it belongs to."""
    keys: list[tuple[Any, Any]] = [(hold.content_type_id, hold.object_id)]
    model = hold.content_type.model_class() if hold.content_type else None
    if model is None or issubclass(model, Record):
        return keys
    target = model._default_manager.filter(pk=hold.object_id).first()
    for relation in model._meta.concrete_fields:
        related = relation.related_model if relation.many_to_one else None
        if isinstance(related, type) and issubclass(related, Record):
            value = getattr(target, relation.attname, None) if target else None
            if value:
                keys.append((ContentType.objects.get_for_model(related).pk, value))
    return keys


# Records due -------------------------------------------------------------------------------


@dataclass
class DueItem:
    """A record due under a rule: what will be done to it, from when; `blocked` says why it
    cannot be done now (other records depend on it, its parent is locked)."""

    record: Any
    register: Register
    rule: RetentionRule
    action: str
    start: dt.date
    due: dt.date
    blocked: str = ""

    @property
    def action_label(self) -> str:
        return str(RetentionAction(self.action).label)


@dataclass
class DueList:
    """The records due on `on` in `unit` and below: those a purge would act on (`items`) and
    those it cannot act on yet (`blocked`)."""

    unit: OrgUnit
    on: dt.date
    items: list[DueItem] = field(default_factory=list)
    blocked: list[DueItem] = field(default_factory=list)

    def counts(self) -> list[dict]:
        """Per record type and action: how many, for the summary."""
        found: dict[tuple[str, str], dict] = {}
        for item in self.items:
            key = (item.register.key, item.action)
            row = found.setdefault(
                key,
                {"type": type_label(item.register.key), "action": item.action_label, "count": 0},
            )
            row["count"] += 1
        return sorted(found.values(), key=lambda row: (row["type"].lower(), row["action"]))


def applicable_rules(unit: OrgUnit) -> list[RetentionRule]:
    """The active rules that govern records of `unit` and below: those of the unit, above it
    and below it."""
    parts = [p for p in unit.path.split("/") if p]
    above = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    return list(
        RetentionRule.objects.active()
        .filter(Q(org_unit__path__in=above) | Q(org_unit__path__startswith=unit.path))
        .select_related("org_unit")
        .order_by("record_type", "action", "id")
    )


def due_list(
    *, unit: OrgUnit, on: dt.date, user: Any = None, today: dt.date | None = None
) -> DueList:
    """The records due on `on` in `unit` and below, not held (holds in force `today`), not
    already archived (for an archive) or anonymised, nor listed in an open purge run; seen by
    `user` when given (the proposer of a run). Several actions due on one record: destroy
    alone, else anonymise then archive."""
    today = today or timezone.localdate()
    holds = Holds.on(today)
    groups: dict[tuple[str, str], list[RetentionRule]] = {}
    for rule in applicable_rules(unit):
        groups.setdefault((rule.record_type, rule.action), []).append(rule)
    found: list[DueItem] = []
    for (key, action), rules in groups.items():
        if known(key):
            found += _due_for(registry.get(key), action, rules, unit, on, user, holds)
    result = DueList(unit=unit, on=on)
    for item in _one_per_record(found):
        item.blocked = blocker(item.record, item.action)
        (result.blocked if item.blocked else result.items).append(item)
    return result


def _under(unit_path: str) -> Q:
    return Q(org_unit__path__startswith=unit_path)


def _due(model: type[models.Model], rule: RetentionRule, on: dt.date) -> Q:
    """The records of `model` due on `on` under `rule` (their start on or before the cutoff)."""
    cutoff = calc.start_cutoff(on, rule.duration_months)
    field_ = model._meta.get_field(rule.start_field)
    if isinstance(field_, models.DateTimeField):
        next_day = dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time.min)
        return Q(**{f"{rule.start_field}__lt": timezone.make_aware(next_day)})
    return Q(**{f"{rule.start_field}__lte": cutoff})


def _due_for(register, action, rules, unit, on, user, holds) -> list[DueItem]:
    """The records of one register due for one action: due under one rule at least, and
    under every rule of the same action that applies to them."""
    model = register.model
    records = register.queryset_for(user, "view") if user is not None else register.base_queryset()
    some = reduce(or_, [_under(r.org_unit.path) & _due(model, r, on) for r in rules])
    every = reduce(and_, [~_under(r.org_unit.path) | _due(model, r, on) for r in rules])
    records = records.filter(_under(unit.path)).filter(some).filter(every)
    records = _not_done(records, register, action)
    for key, top, _reference in holds.types:
        if key == register.key:
            records = records.exclude(_under(top))
    items = []
    for record in records.select_related("org_unit").order_by("pk").iterator(chunk_size=500):
        if holds.held_by(record, register.key):
            continue
        item = _governing(record, register, action, rules)
        if item is not None and item.due <= on:
            items.append(item)
    return items


def _not_done(records, register: Register, action: str):
    """Leave out what is done already: archived records (for an archive), anonymised ones,
    and those listed for the same action in a purge run not yet carried out."""
    content_type = ContentType.objects.get_for_model(register.model)
    items = PurgeItem.objects.filter(content_type=content_type, action=action)
    pending = items.filter(outcome="planned", run__status__in=OPEN_RUNS)
    records = records.exclude(pk__in=pending.values("object_id"))
    if action == RetentionAction.ARCHIVE:
        return records.active()
    if action == RetentionAction.ANONYMISE:
        return records.exclude(pk__in=items.filter(outcome="done").values("object_id"))
    return records


def start_of(record: Any, name: str) -> dt.date | None:
    """The start event of a record as a local date."""
    value = getattr(record, name, None)
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value


def _governing(record, register, action, rules) -> DueItem | None:
    """The rule that keeps the record longest among those that apply to it."""
    dues = {}
    for rule in rules:
        if record.org_unit.path.startswith(rule.org_unit.path):
            start = start_of(record, rule.start_field)
            if start is None:
                return None
            dues[rule.pk] = (calc.due_date(start, rule.years, rule.months), start, rule)
    if not dues:
        return None
    due, rule_id = calc.latest([(value[0], pk) for pk, value in dues.items()])
    _due_day, start, rule = dues[rule_id]
    return DueItem(record, register, rule, action, start, due)


def _one_per_record(items: list[DueItem]) -> list[DueItem]:
    """Destroy alone when a record is due for it; else anonymise before archive. Sorted by
    record type, due date and reference."""
    by_record: dict[tuple[str, int], list[DueItem]] = {}
    for item in items:
        by_record.setdefault((item.register.key, item.record.pk), []).append(item)
    kept = []
    order: dict[str, int] = {"anonymise": 0, "archive": 1}
    for group in by_record.values():
        destroy = [i for i in group if i.action == RetentionAction.DESTROY]
        kept += destroy or sorted(group, key=lambda i: order.get(i.action, 2))
    labels = {key: type_label(key).lower() for key in {i.register.key for i in kept}}
    return sorted(
        kept,
        key=lambda i: (labels[i.register.key], i.due, i.record.reference, order.get(i.action, 2)),
    )


def blocker(record: Any, action: str) -> str:
    """Why `action` cannot be done on `record` now ("" when it can)."""
    if action == RetentionAction.ANONYMISE:
        return ""
    locked = services.parent_lock(record)
    if locked:
        return locked
    if action == RetentionAction.DESTROY:
        return protected_by(record)
    return ""


def protected_by(record: Any) -> str:
    """Which kinds of records still point to `record` and forbid deleting it ("" if none)."""
    from django.db import router
    from django.db.models.deletion import Collector, ProtectedError, RestrictedError

    collector = Collector(using=router.db_for_write(type(record)), origin=record)
    try:
        collector.collect([record])
    except ProtectedError as error:
        return _depend(error.protected_objects)
    except RestrictedError as error:
        return _depend(error.restricted_objects)
    return ""


def _depend(objects) -> str:
    names = sorted({capfirst(str(o._meta.verbose_name_plural)) for o in objects})
    return _("Other records depend on it (%(names)s).") % {"names": ", ".join(names)}
