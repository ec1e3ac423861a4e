"""Changes to a nonconformity's root-cause toolbox: the 5 whys, the Ishikawa causes and the
8D report. Each checks that the user may edit the nonconformity now and leaves a history row
(the nonconformity's version is raised, its root cause filled from the tools when empty)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from amelio.core.services import may_edit
from amelio.nonconformities.models import (
    CauseCategory,
    EightD,
    IshikawaCause,
    Nonconformity,
    WhyStep,
)

MAX_WHYS = 7


def _check(nc: Nonconformity, user) -> None:
    if not may_edit(user, nc):
        raise PermissionDenied(_("You may not change this nonconformity now."))


def _touch(nc: Nonconformity, user, root_cause: str = "") -> None:
    """Raise the version (an open form on the record sees the change) and fill an empty root
    cause from the tool just saved."""
    updates: dict = {"version": F("version") + 1, "updated_by": user}
    if root_cause and not nc.root_cause.strip():
        nc.root_cause = root_cause
        updates["root_cause"] = root_cause
    Nonconformity.objects.filter(pk=nc.pk).update(**updates)
    nc.refresh_from_db(fields=["version", "root_cause"])


@transaction.atomic
def whys_save(*, nc: Nonconformity, user, steps: Iterable[tuple[str, str]]) -> list[WhyStep]:
    """Replace the 5 whys of `nc` by `steps` (question, answer), blank rows left out; the last
    answer becomes the root cause if none is written yet."""
    _check(nc, user)
    kept = [(q.strip(), a.strip()) for q, a in steps if q.strip() or a.strip()]
    if len(kept) > MAX_WHYS:
        raise ValidationError(_("At most %(n)s whys.") % {"n": MAX_WHYS})
    if any(not q or not a for q, a in kept):
        raise ValidationError(_("Each why needs both a question and an answer."))
    nc.whys.all().delete()
    created = [
        WhyStep.objects.create(nonconformity=nc, position=n, question=q, answer=a)
        for n, (q, a) in enumerate(kept, start=1)
    ]
    _touch(nc, user, kept[-1][1] if kept else "")
    return created


@transaction.atomic
def ishikawa_save(
    *, nc: Nonconformity, user, variant: str, causes: Mapping[str, Iterable[str]]
) -> list[IshikawaCause]:
    """Replace the Ishikawa causes of `nc`: for each category, its causes (blank ones left out)."""
    _check(nc, user)
    valid = dict(CauseCategory.choices)
    if variant not in ("5M", "6M", "7M", "8M") or set(causes) - set(valid):
        raise ValidationError(_("Unknown Ishikawa category."))
    nc.ishikawa_causes.all().delete()
    created = [
        IshikawaCause.objects.create(nonconformity=nc, category=category, text=text.strip()[:200])
        for category, texts in causes.items()
        for text in texts
        if text.strip()
    ]
    Nonconformity.objects.filter(pk=nc.pk).update(ishikawa_variant=variant)
    nc.ishikawa_variant = variant
    _touch(nc, user)
    return created


@transaction.atomic
def eight_d_save(*, report: EightD, user) -> EightD:
    """Save the 8D report of a nonconformity (created on first save)."""
    _check(report.nonconformity, user)
    report.full_clean()
    report.save()
    _touch(report.nonconformity, user, report.d4_root_cause.strip())
    return report
