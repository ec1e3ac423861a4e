"""State changes of a HACCP study beyond the generic ones: its flow diagram saved at once,
the decision-tree answers of a hazard, and the HACCP plan read from its CCPs. Each refuses
(ValidationError) what the study's state forbids; a refusal changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core import services
from amelio.core.permissions import can, model_action
from amelio.riskanalysis.models import HaccpHazard, HaccpStep, HaccpStudy


@dataclass
class StepRow:
    """One step being saved: its id (None for a new one), its values, and whether it is
    removed."""

    pk: int | None
    values: dict[str, Any]
    delete: bool = False


def _refuse_locked(study: HaccpStudy) -> None:
    if study.is_archived:
        raise ValidationError(_("An archived record cannot be changed; restore it first."))
    if study.locks_children():
        raise ValidationError(
            _("%(study)s is approved: start a new revision to change its flow diagram.")
            % {"study": study.reference}
        )


@transaction.atomic
def steps_save(*, study: HaccpStudy, rows: list[StepRow], user) -> HaccpStudy:
    """Save the flow diagram of a study that is not approved; a step that holds hazards is
    kept (its hazards would lose their step)."""
    study = HaccpStudy.objects.select_for_update().select_related("org_unit").get(pk=study.pk)
    if not can(user, model_action(HaccpStudy, "change"), study.org_unit):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    _refuse_locked(study)
    existing = {step.pk: step for step in HaccpStep.objects.filter(study=study)}
    for row in rows:
        step = existing.get(row.pk) if row.pk else None
        if row.pk and step is None:
            raise ValidationError(_("A step does not belong to this study."))
        if row.delete:
            if step is not None:
                _remove(step)
            continue
        step = step or HaccpStep(study=study)
        for name, value in row.values.items():
            setattr(step, name, value)
        step.full_clean(exclude=["study"])
        step.save()
    study.updated_by = user
    study.updated_at = timezone.now()
    study.save(update_fields=["updated_by", "updated_at"])
    return study


def _remove(step: HaccpStep) -> None:
    if step.hazards.exists():
        raise ValidationError(
            _("The step “%(step)s” has hazards: move or archive them before removing it.")
            % {"step": step.name}
        )
    step.delete()


def hazard_decide(
    *,
    hazard: HaccpHazard,
    answers: dict[str, bool | None],
    notes: str,
    user,
    expected_version: int | None,
) -> HaccpHazard:
    """Keep the team's answers to the decision tree and the result (the generic update:
    permission, lock of an approved study, conflict of two editors, history)."""
    for name, value in answers.items():
        setattr(hazard, name, value)
    hazard.tree_notes = notes
    services.record_update(record=hazard, user=user, expected_version=expected_version)
    return hazard


def plan_rows(hazards) -> list[HaccpHazard]:
    """The CCPs of the HACCP plan, in the order of the flow diagram, numbered CCP 1, 2…"""
    ccps = sorted(
        (h for h in hazards if h.is_ccp), key=lambda h: (h.step.position, h.step_id, h.pk)
    )
    for number, hazard in enumerate(ccps, start=1):
        hazard.ccp_number = number
    return ccps
