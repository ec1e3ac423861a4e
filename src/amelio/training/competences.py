"""Competences: the pure rules (expiry, status of a skill held, status of a person against a
requirement) and the services that keep the stored statuses and qualifications in step
(a skill recorded or renewed, a requirement, a job's holders, a role or a process owner
changed, and every day), install the shipped catalogue, and answer the audits' question
"is this auditor qualified on that day?".

Only `amelio.training` and `amelio.core` are imported here at module level: the audits app
calls `auditor_problems`, never the other way round.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

DATA = Path(__file__).resolve().parent / "data"
CATALOGUE_FILE = DATA / "skills_catalogue.json"

# Worst first: the state a matrix cell shows when a person has several rows for one skill.
SEVERITY = ["missing", "expired", "below_level", "expiring", "held"]


def today() -> dt.date:
    return timezone.localdate()


# Pure rules ---------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus calendar months, on the last day of a shorter month (31 Jan + 1 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def skill_status(expires_on: dt.date | None, lead_days: int, on: dt.date) -> str:
    """Valid, expiring (within `lead_days` of its expiry) or expired, on the day `on`.

    A skill is valid through its expiry day and expired from the next day."""
    if expires_on is None:
        return "valid"
    if expires_on < on:
        return "expired"
    if (expires_on - on).days <= lead_days:
        return "expiring"
    return "valid"


def qualification_status(
    *,
    held: bool,
    expires_on: dt.date | None,
    level: int | None,
    required_level: int | None,
    levels_used: bool,
    lead_days: int,
    on: dt.date,
) -> str:
    """How a person stands against a requirement on the day `on`: missing (nothing held),
    expired, below the level, expiring, or held."""
    if not held:
        return "missing"
    state = skill_status(expires_on, lead_days, on)
    if state == "expired":
        return "expired"
    if levels_used and required_level and (level or 0) < required_level:
        return "below_level"
    return "expiring" if state == "expiring" else "held"


def status_since(status: str, *, expires_on: dt.date | None, lead_days: int, on: dt.date):
    """The day a status began: the day after expiry, the start of the warning window, or
    `on` (the day the change was seen) for the others."""
    if status == "expired" and expires_on is not None:
        return expires_on + dt.timedelta(days=1)
    if status == "expiring" and expires_on is not None:
        return min(on, expires_on - dt.timedelta(days=lead_days))
    return on


def worst(statuses: Iterable[str]) -> str | None:
    """The worst of some qualification statuses (None for none)."""
    found = [s for s in statuses if s in SEVERITY]
    return min(found, key=SEVERITY.index) if found else None


@dataclass(frozen=True)
class Need:
    """What the requirements concerning one person ask of one skill."""

    level: int
    mandatory: bool
    requirements: frozenset[int] = field(default_factory=frozenset)


def merge_needs(rows: Iterable[tuple[int, int, bool, int]]) -> dict[int, Need]:
    """(skill id, min level, mandatory, requirement id) rows -> skill id -> Need: the level
    is the highest among the mandatory requirements (among all when none is mandatory)."""
    grouped: dict[int, list[tuple[int, bool, int]]] = {}
    for skill, level, mandatory, requirement in rows:
        grouped.setdefault(skill, []).append((level, mandatory, requirement))
    needs = {}
    for skill, items in grouped.items():
        mandatory = any(m for _l, m, _r in items)
        levels = [lv for lv, m, _r in items if m or not mandatory]
        needs[skill] = Need(max(levels), mandatory, frozenset(r for _l, _m, r in items))
    return needs


# People and their units ----------------------------------------------------------------------


def home_unit(person, fallback=None):
    """The unit a person works in: the deepest unit of their roles (`fallback`, else the
    organisation, for someone with no role)."""
    from amelio.core.models import OrgUnit, RoleAssignment

    assignment = (
        RoleAssignment.objects.filter(user=person, org_unit__archived_at__isnull=True)
        .select_related("org_unit")
        .order_by("-org_unit__depth", "org_unit__path")
        .first()
    )
    if assignment is not None:
        return assignment.org_unit
    return fallback or OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()


# Skills held -----------------------------------------------------------------------------------


def current_holding(person, skill):
    """The person's active record of `skill` that lasts longest (None: not held)."""
    from amelio.training.models import PersonSkill

    holdings = PersonSkill.objects.active().filter(person=person, skill=skill)
    return _longest(list(holdings))


def _longest(holdings: list) -> Any:
    if not holdings:
        return None
    return max(holdings, key=lambda h: (h.expires_on or dt.date.max, h.obtained_on, h.pk))


@transaction.atomic
def record_acquired(
    *,
    person,
    skill,
    obtained_on: dt.date,
    source=None,
    user,
    level: int | None = None,
    issued_by: str = "",
):
    """Record that `person` obtained or renewed `skill` on `obtained_on` (a training session
    closed, a test passed), from the record `source` (may be None), and return the
    PersonSkill. A skill already held is renewed: its expiry is worked out again from the
    skill's validity, its level kept unless a higher one is given, and "held since" kept when
    the renewal came before the lapse. The caller has checked that `user` may record it (the
    session's closing); the person's qualifications are refreshed."""
    from amelio.training.models import PersonSkill

    holding = current_holding(person, skill)
    if holding is None:
        holding = PersonSkill(
            person=person,
            skill=skill,
            org_unit=home_unit(person, getattr(source, "org_unit", None)),
            created_by=user,
        )
    elif holding.expires_on is not None and holding.expires_on < obtained_on:
        holding.held_since = None  # lapsed before this renewal: held again from today
    if skill.levels_used:
        level = max(level or 0, holding.level or 0) or (level or 3)
    holding.level = level if skill.levels_used else None
    holding.obtained_on = max(obtained_on, holding.obtained_on or obtained_on)
    holding.expires_on = None
    holding.issued_by = issued_by or holding.issued_by
    if source is not None:
        holding.source_type = ContentType.objects.get_for_model(source)
        holding.source_id = source.pk
    holding.updated_by, holding.updated_at = user, timezone.now()
    if holding.pk:
        holding.version += 1
    holding.full_clean(exclude=["reference"])
    holding.save()
    return holding


# Qualifications ------------------------------------------------------------------------------


def needs_of(person) -> dict[int, Need]:
    """What the active requirements concerning `person` ask, by skill: those of the jobs
    they hold, of the work units they have a role on, of the processes they own or
    deputise."""
    from amelio.core.models import RoleAssignment
    from amelio.training.models import CompetenceRequirement

    units = RoleAssignment.objects.filter(user=person).values("org_unit")
    concerned = (
        Q(job__holders=person, job__archived_at__isnull=True)
        | Q(work_unit__in=units, work_unit__archived_at__isnull=True)
        | Q(process__owner=person, process__archived_at__isnull=True)
        | Q(process__deputy=person, process__archived_at__isnull=True)
    )
    rows = (
        CompetenceRequirement.objects.active()
        .filter(concerned, skill__archived_at__isnull=True)
        .values_list("skill_id", "min_level", "mandatory", "pk")
        .distinct()
    )
    return merge_needs(rows)


def assess(qualification, on: dt.date, holdings: list | None = None) -> None:
    """Set the qualification's status, skill held, expiry and "since" for the day `on`
    (`holdings`: the person's active records of that skill, read when not given)."""
    from amelio.training.models import PersonSkill

    if holdings is None:
        holdings = list(
            PersonSkill.objects.active().filter(
                person_id=qualification.person_id, skill_id=qualification.skill_id
            )
        )
    held = _longest(holdings)
    skill = qualification.skill
    status = qualification_status(
        held=held is not None,
        expires_on=held.expires_on if held else None,
        level=held.level if held else None,
        required_level=qualification.required_level,
        levels_used=skill.levels_used,
        lead_days=skill.reminder_days,
        on=on,
    )
    qualification.person_skill = held
    qualification.expires_on = held.expires_on if held else None
    if status != qualification.status or qualification.since is None:
        qualification.since = status_since(
            status,
            expires_on=qualification.expires_on,
            lead_days=skill.reminder_days,
            on=on,
        )
    qualification.status = status
    qualification.checked_on = on


FOLLOWED = ("status", "since", "expires_on", "person_skill_id", "required_level", "mandatory")


def _snapshot(qualification) -> tuple:
    return tuple(getattr(qualification, name) for name in FOLLOWED)


def refresh_person(person, on: dt.date | None = None) -> int:
    """Bring the person's qualifications in step with the requirements and the skills they
    hold: rows made from requirements are added, updated or removed; rows added by hand keep
    their requirement. Returns how many rows were written."""
    from amelio.training.models import PersonSkill, Qualification

    on = on or today()
    needs = needs_of(person)
    rows = list(Qualification.objects.filter(person=person).select_related("skill"))
    holdings: dict[int, list] = {}
    for holding in PersonSkill.objects.active().filter(person=person):
        holdings.setdefault(holding.skill_id, []).append(holding)
    written = 0
    computed = {q.skill_id: q for q in rows if not q.individual}
    for qualification in rows:
        if not qualification.individual and qualification.skill_id not in needs:
            qualification.delete()
            written += 1
    unit = None
    for skill_id, need in needs.items():
        row = computed.get(skill_id)
        if row is None:
            unit = unit or home_unit(person)
            row = Qualification(person=person, skill_id=skill_id, org_unit=unit, individual=False)
        written += _write(row, on, holdings.get(skill_id, []), need)
    for qualification in rows:
        if qualification.individual:
            written += _write(qualification, on, holdings.get(qualification.skill_id, []))
    Qualification.objects.filter(person=person).exclude(checked_on=on).update(checked_on=on)
    return written


def _write(qualification, on: dt.date, holdings: list, need: Need | None = None) -> int:
    """Save the qualification if what it says changed; 1 if written."""
    before = _snapshot(qualification) if qualification.pk else None
    if need is not None:
        qualification.required_level = need.level
        qualification.mandatory = need.mandatory
    assess(qualification, on, holdings)
    changed = before != _snapshot(qualification)
    if changed:
        qualification.save(assessed=True)
    if need is not None:
        held = {r.pk for r in qualification.requirements.all()} if before else set()
        if held != set(need.requirements):
            qualification.requirements.set(need.requirements)
    return int(changed)


def concerned_people(requirement) -> set[int]:
    """Ids of the people a requirement concerns now, and of those it concerned before."""
    from amelio.core.models import RoleAssignment
    from amelio.training.models import Qualification

    people = set(
        Qualification.objects.filter(requirements=requirement).values_list("person_id", flat=True)
    )
    if requirement.job_id:
        people |= set(requirement.job.holders.values_list("pk", flat=True))
    if requirement.work_unit_id:
        people |= set(
            RoleAssignment.objects.filter(org_unit=requirement.work_unit_id).values_list(
                "user_id", flat=True
            )
        )
    if requirement.process_id:
        process = requirement.process
        people |= {p for p in (process.owner_id, process.deputy_id) if p}
    return people


def refresh_people(ids: Iterable[int], on: dt.date | None = None) -> int:
    """Refresh the qualifications of the people with these ids."""
    from amelio.core.models import User

    return sum(refresh_person(p, on) for p in User.objects.filter(pk__in=set(ids)).order_by("pk"))


def refresh_all(on: dt.date | None = None) -> int:
    """The daily refresh: the status of every skill held, then the qualifications of every
    person who holds a skill or has one required."""
    from amelio.core.models import User
    from amelio.training.models import PersonSkill, Qualification

    on = on or today()
    for holding in PersonSkill.objects.active().select_related("skill"):
        status = skill_status(holding.expires_on, holding.skill.reminder_days, on)
        if status != holding.status:
            PersonSkill.objects.filter(pk=holding.pk).update(status=status)
    ids = set(Qualification.objects.values_list("person_id", flat=True))
    ids |= set(PersonSkill.objects.values_list("person_id", flat=True))
    ids |= set(User.objects.filter(_concerned_by_requirements()).values_list("pk", flat=True))
    return refresh_people(ids, on)


def _concerned_by_requirements() -> Q:
    from amelio.training.models import CompetenceRequirement

    active = CompetenceRequirement.objects.active()
    return (
        Q(competence_jobs__requirements__in=active)
        | Q(role_assignments__org_unit__in=active.values("work_unit"))
        | Q(pk__in=active.values("process__owner"))
        | Q(pk__in=active.values("process__deputy"))
    )


# The shipped catalogue -------------------------------------------------------------------------


def catalogue_data() -> dict:
    return json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))


@dataclass
class CatalogueReport:
    added: int = 0
    present: int = 0
    version: str = ""


def _lang(row: dict, name: str, language: str) -> str:
    return row.get(f"{name}_{language}") or row.get(f"{name}_fr", "")


@transaction.atomic
def install_catalogue(*, unit, user, language: str = "fr") -> CatalogueReport:
    """Add to `unit` (usually the company) the skills of the shipped catalogue it does not
    hold yet, written in `language`. Skills already installed are left as the coordinator
    made them: installing again never overwrites their edits."""
    from amelio.core import services
    from amelio.training.models import Skill

    data = catalogue_data()
    language = "en" if language.startswith("en") else "fr"
    held = set(
        Skill.objects.filter(org_unit=unit, library_key__gt="").values_list(
            "library_key", flat=True
        )
    )
    report = CatalogueReport(version=data["version"])
    for row in data["skills"]:
        if row["key"] in held:
            report.present += 1
            continue
        skill = Skill(
            org_unit=unit,
            code=row["code"],
            name=_lang(row, "name", language),
            kind=row["kind"],
            validity_months=row.get("validity_months"),
            legal_requirement=row.get("legal_requirement", False),
            basis=_lang(row, "basis", language),
            source_url=row.get("source_url", ""),
            confidence=row.get("confidence", ""),
            levels_used=row.get("levels_used", False),
            reminder_days=row.get("reminder_days", 60),
            library_key=row["key"],
        )
        services.record_create(record=skill, user=user)
        report.added += 1
    return report


# The audits' qualification check ---------------------------------------------------------------


def auditor_catalogue(unit) -> Any:
    """The active auditor qualifications of the catalogue read by `unit` (its own and those
    of the units above it)."""
    from amelio.training.models import Skill, SkillKind

    paths = [p for p in unit.path.split("/") if p]
    above = ["/" + "/".join(paths[: i + 1]) + "/" for i in range(len(paths))]
    return Skill.objects.active().filter(kind=SkillKind.AUDITOR, org_unit__path__in=above)


def qualified_auditors(people: Iterable, on: dt.date, unit) -> set[int] | None:
    """Ids among `people` who hold, on the day `on`, an auditor qualification of the
    catalogue `unit` reads; None when that catalogue has none (the company does not follow
    its auditors' qualification in Amelio, and nobody is held to it)."""
    from amelio.training.models import PersonSkill

    skills = auditor_catalogue(unit)
    if not skills.exists():
        return None
    ids = [p.pk for p in people]
    valid = PersonSkill.objects.active().filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on),
        person__in=ids,
        skill__in=skills,
        held_since__lte=on,
    )
    return set(valid.values_list("person_id", flat=True))


# Kept in step on every change ------------------------------------------------------------------
# A requirement, a job's holders, a role on a work unit, a process's owner or a skill's
# settings changed: the people concerned are refreshed at once (the daily run catches time).


def _requirement_saved(sender, instance, **kwargs) -> None:
    refresh_people(concerned_people(instance))


def _job_saved(sender, instance, **kwargs) -> None:
    from amelio.training.models import Qualification

    if instance.requirements.exists():
        people = set(instance.holders.values_list("pk", flat=True))
        people |= set(
            Qualification.objects.filter(requirements__job=instance).values_list(
                "person_id", flat=True
            )
        )
        refresh_people(people)


def _holders_changed(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    from amelio.core.models import User

    if action == "pre_clear":
        people = User.objects.filter(competence_jobs=instance) if not reverse else [instance]
        instance._amelio_cleared = [p.pk for p in people]
    elif action == "post_clear":
        refresh_people(getattr(instance, "_amelio_cleared", []))
    elif action in ("post_add", "post_remove"):
        refresh_people([instance.pk] if reverse else pk_set or [])


def _role_changed(sender, instance, **kwargs) -> None:
    from amelio.training.models import CompetenceRequirement, Qualification

    if (
        CompetenceRequirement.objects.filter(work_unit=instance.org_unit_id).exists()
        or Qualification.objects.filter(person=instance.user_id).exists()
    ):
        refresh_people([instance.user_id])


def _process_saved(sender, instance, **kwargs) -> None:
    from amelio.training.models import CompetenceRequirement

    requirements = list(CompetenceRequirement.objects.filter(process=instance))
    if requirements:
        refresh_people({p for r in requirements for p in concerned_people(r)})


def _skill_saved(sender, instance, **kwargs) -> None:
    from amelio.training.models import PersonSkill, Qualification

    people = set(Qualification.objects.filter(skill=instance).values_list("person_id", flat=True))
    people |= set(PersonSkill.objects.filter(skill=instance).values_list("person_id", flat=True))
    if people:
        on = today()
        for holding in PersonSkill.objects.filter(skill=instance):
            status = skill_status(holding.expires_on, instance.reminder_days, on)
            PersonSkill.objects.filter(pk=holding.pk).exclude(status=status).update(status=status)
        refresh_people(people, on)


def connect_signals() -> None:
    """Connect the receivers above (called once, when the registers are discovered)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from amelio.core.models import RoleAssignment
    from amelio.processes.models import Process
    from amelio.training.models import CompetenceRequirement, Job, Skill

    uid = "amelio.training.competences"
    post_save.connect(_requirement_saved, sender=CompetenceRequirement, dispatch_uid=f"{uid}.crq")
    post_save.connect(_job_saved, sender=Job, dispatch_uid=f"{uid}.job")
    m2m_changed.connect(_holders_changed, sender=Job.holders.through, dispatch_uid=f"{uid}.hld")
    post_save.connect(_role_changed, sender=RoleAssignment, dispatch_uid=f"{uid}.role")
    post_delete.connect(_role_changed, sender=RoleAssignment, dispatch_uid=f"{uid}.role-")
    post_save.connect(_process_saved, sender=Process, dispatch_uid=f"{uid}.prc")
    post_save.connect(_skill_saved, sender=Skill, dispatch_uid=f"{uid}.skl")
