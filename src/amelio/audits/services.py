"""Changes to audits that span records: the independence and qualification checks, building
and filling the checklist, recording findings with their follow-up (nonconformity or action),
the conduct of the audit (meetings and report) and the programme's processes and clauses. No
HTTP here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from amelio.audits import checklist_builder
from amelio.audits.computations import independence_conflicts
from amelio.audits.models import (
    Answer,
    Audit,
    AuditProgramme,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
    Grade,
    ProgrammeClause,
    ProgrammeProcess,
    TemplateQuestion,
)
from amelio.audits.models.audits import CONDUCT_FIELDS
from amelio.audits.workflows import may_carry_out
from amelio.core import services as core
from amelio.core.permissions import can
from amelio.training.competences import qualified_auditors

# Days given to answer an audit finding, from the last day of the audit.
FOLLOW_UP_DAYS: dict[str, int] = {Grade.MAJOR: 30, Grade.MINOR: 60, Grade.IMPROVEMENT: 90}


def independence_problems(*, lead, team: Iterable, processes: Iterable) -> list[str]:
    """Why an audit team is not independent of the audited processes (empty: it is)."""
    auditors = {u.pk: u.get_full_name() or u.username for u in [lead, *team] if u is not None}
    owners = {str(p): (p.owner_id, p.deputy_id) for p in processes}
    return [
        _("%(auditor)s cannot audit %(process)s: they own or deputise on that process.")
        % {"auditor": auditor, "process": process}
        for auditor, process in independence_conflicts(auditors, owners)
    ]


def audit_independence_problems(audit: Audit) -> list[str]:
    """The independence check on the audit as stored."""
    return independence_problems(
        lead=audit.lead_auditor, team=audit.team.all(), processes=audit.processes.all()
    )


def qualification_problems(*, auditors: Iterable, on: dt.date | None, unit) -> list[str]:
    """Which auditors do not hold a valid auditor qualification (training's catalogue, kind
    "auditor qualification") on the day `on`; empty when they all do, when the day or the
    unit is not known yet, or when the company's catalogue holds no auditor qualification."""
    people = [u for u in dict.fromkeys(auditors) if u is not None]
    if not people or on is None or unit is None:
        return []
    qualified = qualified_auditors(people, on, unit)
    if qualified is None:
        return []
    when = formats.date_format(on, "SHORT_DATE_FORMAT")
    return [
        _("%(auditor)s does not hold a valid auditor qualification on %(date)s.")
        % {"auditor": u.get_full_name() or u.username, "date": when}
        for u in people
        if u.pk not in qualified
    ]


def audit_qualification_problems(audit: Audit) -> list[str]:
    """The qualification check on the audit as stored (lead auditor and team, on the first
    planned day)."""
    return qualification_problems(
        auditors=[audit.lead_auditor, *audit.team.all()],
        on=audit.planned_start,
        unit=audit.org_unit,
    )


def _require_carry_out(audit: Audit, user) -> None:
    """Checked on the audit as stored: the caller's copy may predate a transition."""
    stored = Audit.objects.select_related("org_unit").get(pk=audit.pk)
    if not may_carry_out(stored, user):
        raise PermissionDenied(_("Only the audit team may fill this audit now."))


def _touch(audit: Audit, user) -> None:
    """Raise the audit's version so that a form opened before sees the change."""
    Audit.objects.filter(pk=audit.pk).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    audit.refresh_from_db(fields=["version", "updated_at"])


@transaction.atomic
def checklist_build(
    *,
    audit: Audit,
    user,
    template: ChecklistTemplate | None = None,
    from_processes: bool = False,
    from_clauses: bool = False,
) -> list[ChecklistItem]:
    """Add questions to the audit's checklist: a template's, those built from the audited
    processes' sheets, those of the clauses covered. Returns the questions added."""
    _require_carry_out(audit, user)
    questions: list[dict] = []
    if template is not None:
        if not can(user, "view", template.org_unit):
            raise PermissionDenied(_("You may not use this template."))
        questions += checklist_builder.from_template(template)
    if from_processes:
        questions += checklist_builder.from_processes(audit.processes.all())
    if from_clauses:
        questions += checklist_builder.from_clauses(audit.clauses.all())
    if not questions:
        raise ValidationError(_("Choose where the questions come from."))
    start = (
        audit.checklist.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    items = ChecklistItem.objects.bulk_create(
        ChecklistItem(audit=audit, position=start + n, **q) for n, q in enumerate(questions)
    )
    _touch(audit, user)
    return items


@transaction.atomic
def checklist_answer(*, item: ChecklistItem, user, answer: str, notes: str) -> ChecklistItem:
    """Record the auditor's answer to one question and the evidence seen."""
    _require_carry_out(item.audit, user)
    if answer not in {*Answer.values, ""}:
        raise ValidationError(_("Unknown answer."))
    item.answer = answer
    item.notes = notes.strip()
    item.answered_by = user if answer else None
    item.answered_at = timezone.now() if answer else None
    item.save(update_fields=["answer", "notes", "answered_by", "answered_at"])
    return item


@transaction.atomic
def question_add(*, audit: Audit, user, question: str, section: str = "") -> ChecklistItem:
    """Add one question of the auditor's own to the checklist."""
    _require_carry_out(audit, user)
    if not question.strip():
        raise ValidationError(_("Write the question."))
    last = audit.checklist.order_by("-position").values_list("position", flat=True).first() or 0
    item = ChecklistItem(
        audit=audit, position=last + 1, question=question.strip(), section=section.strip()
    )
    item.full_clean(exclude=["audit"])
    item.save()
    return item


@transaction.atomic
def finding_add(
    *, audit: Audit, user, values: Mapping, item: ChecklistItem | None = None, photo=None
) -> Finding:
    """Record a finding of the audit (with a photo as evidence); its nonconformity or action
    is raised in the same transaction, so that a refused photo leaves nothing behind."""
    _require_carry_out(audit, user)
    finding = Finding(audit=audit, org_unit=audit.org_unit, checklist_item=item, **values)
    if finding.process_id is None and audit.processes.count() == 1:
        finding.process = audit.processes.get()
    finding.created_by = finding.updated_by = user
    finding.full_clean(exclude=["reference"])
    if photo is not None:
        core.validate_upload(photo)
    finding.save()
    finding_follow_up(finding=finding, user=user)
    if photo is not None:
        core.attachment_add(record=finding, user=user, upload=photo, description=finding.title)
    _touch(audit, user)
    return finding


def _responsible(finding: Finding):
    """Who answers a finding: the owner of its process, else the lead auditor."""
    process = finding.process
    owner = process.owner if process is not None and process.owner_id else None
    return owner or finding.audit.lead_auditor or finding.created_by


def _due(finding: Finding) -> dt.date:
    audit = finding.audit
    last_day = audit.planned_end or audit.planned_start or timezone.localdate()
    return last_day + dt.timedelta(days=FOLLOW_UP_DAYS.get(finding.grade, 60))


def _detected_on(finding: Finding) -> dt.date:
    """When a finding's nonconformity was detected: the audit's first day, or the day the
    finding is recorded when that comes first (a finding recorded before the planned dates
    is not detected in the future)."""
    recorded = timezone.localdate(finding.created_at) if finding.created_at else None
    recorded = recorded or timezone.localdate()
    start = finding.audit.planned_start
    return min(start, recorded) if start else recorded


def finding_follow_up(*, finding: Finding, user) -> None:
    """A major or minor nonconformity raises a nonconformity of type audit, its source the
    finding; an opportunity for improvement raises an improvement action linked to it."""
    if finding.grade in (Grade.MAJOR, Grade.MINOR) and finding.nonconformity_id is None:
        _raise_nonconformity(finding, user)
    elif finding.grade == Grade.IMPROVEMENT and not _linked_actions(finding).exists():
        _raise_action(finding, user)


def _raise_nonconformity(finding: Finding, user) -> None:
    from amelio.nonconformities.models import Nonconformity

    audit = finding.audit
    nc = Nonconformity(
        title=finding.title[:200],
        nc_type=Nonconformity.Type.AUDIT,
        severity=finding.grade,
        org_unit=finding.org_unit,
        process=finding.process,
        detected_on=_detected_on(finding),
        detection_place=f"{audit.reference} {audit.title}"[:120],
        description="\n\n".join(t for t in (finding.description, finding.evidence) if t),
        qqoqccp_why=finding.requirement,
        owner=_responsible(finding),
        third_party=audit.third_party,
        supplier_id=audit.supplier_id,
        source_content_type=ContentType.objects.get_for_model(Finding),
        source_object_id=finding.pk,
        created_by=user,
        updated_by=user,
    )
    nc.full_clean(exclude=["reference"])
    nc.save()
    Finding.objects.filter(pk=finding.pk).update(nonconformity=nc)
    finding.nonconformity = nc


def _linked_actions(finding: Finding):
    from amelio.actions.models import Action

    return Action.objects.filter(
        links__content_type=ContentType.objects.get_for_model(Finding),
        links__object_id=finding.pk,
    )


def _raise_action(finding: Finding, user) -> None:
    from amelio.actions.models import Action, ActionLink

    action = Action(
        title=finding.title[:200],
        description="\n\n".join(t for t in (finding.description, finding.evidence) if t),
        action_type=Action.Type.IMPROVEMENT,
        org_unit=finding.org_unit,
        owner=_responsible(finding),
        due_date=_due(finding),
        created_by=user,
        updated_by=user,
    )
    action.full_clean(exclude=["reference"])
    action.save()
    ActionLink.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(Finding),
        object_id=finding.pk,
        role=ActionLink.Role.IMPROVEMENT,
    )


@transaction.atomic
def conduct_save(*, audit: Audit, user, values: Mapping, expected_version: int | None) -> Audit:
    """Save what the team writes during the audit (meetings, summary, conclusion) with the
    same stale-version check as any edit."""
    _require_carry_out(audit, user)
    unknown = set(values) - set(CONDUCT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field."))
    stored = Audit.objects.get(pk=audit.pk)
    version = stored.version if expected_version is None else expected_version
    if not Audit.objects.filter(pk=audit.pk, version=version).update(version=F("version") + 1):
        raise core.ConflictError(stored)
    audit = stored
    for name, value in values.items():
        setattr(audit, name, value)
    audit.version = version + 1
    audit.updated_by = user
    audit.updated_at = timezone.now()
    audit.full_clean(exclude=["reference"])
    audit.save()
    return audit


def _require_programme_change(programme: AuditProgramme, user) -> None:
    if not core.may_edit(user, programme):
        raise PermissionDenied(_("You may not change this programme now."))


@transaction.atomic
def programme_processes_save(
    *, programme: AuditProgramme, user, lines: Iterable[tuple[Any, str, int, str]]
) -> list[ProgrammeProcess]:
    """Replace the processes of the programme by `lines` (process, risk level, interval in
    months, rationale); a process may appear once."""
    _require_programme_change(programme, user)
    lines = list(lines)
    processes = [line[0] for line in lines]
    if len({p.pk for p in processes}) != len(processes):
        raise ValidationError(_("A process appears twice in the programme."))
    programme.process_lines.all().delete()
    created = []
    for process, risk, interval, rationale in lines:
        line = ProgrammeProcess(
            programme=programme,
            process=process,
            risk_level=risk,
            interval_months=interval,
            rationale=rationale.strip(),
        )
        line.full_clean()
        line.save()
        created.append(line)
    AuditProgramme.objects.filter(pk=programme.pk).update(version=F("version") + 1)
    return created


@transaction.atomic
def programme_clauses_save(
    *, programme: AuditProgramme, user, clauses: Iterable[tuple[str, str, str]]
) -> list[ProgrammeClause]:
    """Set the clauses of the programme to `clauses` (standard, clause, title): new ones are
    added, missing ones removed unless an audit already covers them."""
    _require_programme_change(programme, user)
    wanted = {(s.strip(), c.strip()): t.strip() for s, c, t in clauses if s.strip() and c.strip()}
    kept = []
    for existing in programme.clauses.all():
        key = (existing.standard, existing.clause)
        if key in wanted:
            existing.title = wanted.pop(key)[:200]
            existing.save(update_fields=["title"])
            kept.append(existing)
        elif existing.audits.exists():
            raise ValidationError(
                _("%(clause)s is covered by an audit and cannot be removed.") % {"clause": existing}
            )
        else:
            existing.delete()
    for (standard, clause), title in wanted.items():
        line = ProgrammeClause(programme=programme, standard=standard, clause=clause, title=title)
        line.full_clean()
        line.save()
        kept.append(line)
    AuditProgramme.objects.filter(pk=programme.pk).update(version=F("version") + 1)
    return kept


@transaction.atomic
def programme_clauses_add(
    *, programme: AuditProgramme, user, clauses: Iterable[tuple[str, str, str]]
) -> list[ProgrammeClause]:
    """Add the clauses (standard, clause, title) the programme does not cover yet; those
    already there are left as they are."""
    _require_programme_change(programme, user)
    present = set(programme.clauses.values_list("standard", "clause"))
    added = []
    for standard, clause, title in clauses:
        if (standard, clause) in present:
            continue
        line = ProgrammeClause(
            programme=programme, standard=standard[:40], clause=clause[:20], title=title[:200]
        )
        line.full_clean()
        line.save()
        present.add((standard, clause))
        added.append(line)
    if added:
        AuditProgramme.objects.filter(pk=programme.pk).update(version=F("version") + 1)
    return added


@transaction.atomic
def template_questions_save(
    *, template: ChecklistTemplate, user, rows: Iterable[Mapping]
) -> list[TemplateQuestion]:
    """Replace the questions of a checklist template by `rows`, in order."""
    if not core.may_edit(user, template):
        raise PermissionDenied(_("You may not change this template now."))
    template.questions.all().delete()
    fields = checklist_builder.QUESTION_FIELDS
    created = TemplateQuestion.objects.bulk_create(
        TemplateQuestion(template=template, position=n, **{k: row.get(k, "") for k in fields})
        for n, row in enumerate(rows, start=1)
    )
    ChecklistTemplate.objects.filter(pk=template.pk).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    return created
