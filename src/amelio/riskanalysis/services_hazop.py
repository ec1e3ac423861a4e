"""State changes of a HAZOP study beyond the register's: its nodes, saved together, and a
deviation added from the worksheet. Each runs in one transaction, takes the acting user and
refuses (ValidationError) what the study's state or the user's role forbids; a refusal changes
nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core import services
from amelio.core.permissions import can, model_action
from amelio.riskanalysis.models import (
    HazopDeviation,
    HazopGuideWord,
    HazopNode,
    HazopParameter,
    HazopStudy,
)


@dataclass
class Row:
    """One node being saved: its id (None for a new one), its values, and whether it goes."""

    pk: int | None
    values: dict[str, Any]
    delete: bool = False


def nodes_refusal(study: HazopStudy) -> str | None:
    """Why the nodes of the study cannot be changed now, or None."""
    if study.is_archived:
        return _("An archived record cannot be changed; restore it first.")
    if study.locks_children():
        return _("An approved study keeps its nodes; start a new revision to change them.")
    return None


@transaction.atomic
def nodes_save(*, study: HazopStudy, rows: list[Row], user) -> HazopStudy:
    """Add, change and remove the nodes of a study; a node that has deviations stays."""
    study = HazopStudy.objects.select_for_update().select_related("org_unit").get(pk=study.pk)
    if not can(user, model_action(HazopStudy, "change"), study.org_unit):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    refusal = nodes_refusal(study)
    if refusal:
        raise ValidationError(refusal)
    existing = {node.pk: node for node in study.nodes.all()}
    for row in rows:
        _apply(study, existing, row)
    study.updated_by = user
    study.updated_at = timezone.now()
    study.save(update_fields=["updated_by", "updated_at"])
    return study


def _apply(study: HazopStudy, existing: dict[int, HazopNode], row: Row) -> None:
    node = existing.get(row.pk) if row.pk else None
    if row.pk and node is None:
        raise ValidationError(_("A node does not belong to this study."))
    if row.delete:
        if node is not None and node.deviations.exists():
            raise ValidationError(
                _("The node “%(node)s” has deviations: archive them or keep the node.")
                % {"node": node.name}
            )
        if node is not None:
            node.delete()
        return
    node = node or HazopNode(study=study)
    for name, value in row.values.items():
        setattr(node, name, value)
    node.full_clean(exclude=["study"])
    node.save()


def deviation_add(
    *,
    study: HazopStudy,
    node: HazopNode,
    parameter: HazopParameter,
    guide_word: HazopGuideWord,
    user,
) -> HazopDeviation:
    """A new row of the worksheet for a parameter and a guide word of a node: the deviation
    is worded from them, causes and ranking are for the team to fill in."""
    if node.study_id != study.pk:
        raise ValidationError(_("Choose a node of this HAZOP study."))
    deviation = HazopDeviation(
        study=study,
        node=node,
        parameter=parameter,
        guide_word=guide_word,
        org_unit=study.org_unit,
    )
    services.record_create(record=deviation, user=user)
    return deviation
