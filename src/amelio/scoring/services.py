"""Changes to scoring matrices (edit, new version, default set) and the matrix cache.

A matrix that a record refers to is never edited: `matrix_update` refuses and the user is
offered `matrix_new_version`, which copies it as a draft with the next version number.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core.permissions import Role
from amelio.scoring.models import ScoringMatrix

DEFAULTS_FILE = Path(__file__).parent / "data" / "default_matrices.json"
COPIED_FIELDS = ["code", "name_fr", "name_en", "purpose_fr", "purpose_en", "source"]
EDITORS = (Role.ADMINISTRATOR, Role.COORDINATOR)

_cache: dict[int, ScoringMatrix] = {}


def may_edit_matrices(user) -> bool:
    """Matrices are organisation-wide: coordinators and administrators of the organisation."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.role_assignments.filter(
        role__in=EDITORS, org_unit__parent__isnull=True, org_unit__archived_at__isnull=True
    ).exists()


def cached_matrix(pk: int | None) -> ScoringMatrix | None:
    """The matrix `pk`, read once per process; pages showing many scored records use it
    instead of joining and decoding the matrix for every row."""
    if pk is None:
        return None
    matrix = _cache.get(pk)
    if matrix is None:
        matrix = ScoringMatrix.objects.filter(pk=pk).first()
        if matrix is not None:
            _cache[pk] = matrix
    return matrix


def forget_matrix(sender=None, instance=None, **kwargs) -> None:
    """Drop a saved matrix from the cache (connected to post_save)."""
    if instance is not None:
        _cache.pop(instance.pk, None)
    else:
        _cache.clear()


def _require_editor(user) -> None:
    if not may_edit_matrices(user):
        raise PermissionDenied(_("Only QSE coordinators and administrators change matrices."))


def used_refusal(matrix: ScoringMatrix) -> str | None:
    """Why `matrix` cannot be edited now, or None."""
    if matrix.pk and matrix.is_used:
        return _(
            "This matrix is already used by records, so it can no longer be changed: "
            "their scores must keep their meaning. Make a new version instead."
        )
    return None


@transaction.atomic
def matrix_update(*, matrix: ScoringMatrix, user) -> ScoringMatrix:
    """Save changes to a matrix that no record uses yet."""
    _require_editor(user)
    refusal = used_refusal(matrix)
    if refusal:
        raise ValidationError(refusal)
    matrix.updated_at = timezone.now()
    matrix.updated_by = user
    matrix.full_clean()
    matrix.save()
    return matrix


@transaction.atomic
def matrix_set_status(*, matrix: ScoringMatrix, user, status: str) -> ScoringMatrix:
    """Put a matrix in use, or retire it (records keep it; new records cannot choose it)."""
    _require_editor(user)
    if status not in ScoringMatrix.Status.values:
        raise ValidationError(_("This status is not possible."))
    matrix.status = status
    matrix.updated_at = timezone.now()
    matrix.updated_by = user
    matrix.save(update_fields=["status", "updated_at", "updated_by"])
    return matrix


@transaction.atomic
def matrix_new_version(*, matrix: ScoringMatrix, user) -> ScoringMatrix:
    """A draft copy of `matrix` with the next version number of its code."""
    _require_editor(user)
    latest = ScoringMatrix.objects.filter(code=matrix.code).aggregate(v=Max("version"))["v"]
    draft = ScoringMatrix(
        **{name: getattr(matrix, name) for name in COPIED_FIELDS},
        version=(latest or 0) + 1,
        definition=copy.deepcopy(matrix.definition),
        status=ScoringMatrix.Status.DRAFT,
        previous=matrix,
        updated_by=user,
    )
    draft.full_clean()
    draft.save()
    return draft


def default_matrices() -> list[dict]:
    """The matrices shipped with Amelio (versioned reference data with their source)."""
    return json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))["matrices"]


def install_defaults(model=ScoringMatrix) -> int:
    """Create the shipped matrices that are missing (by code and version), in use; returns how
    many were created. `model` is the historical model in a data migration."""
    created = 0
    for item in default_matrices():
        _matrix, was_created = model.objects.get_or_create(
            code=item["code"],
            version=item["version"],
            defaults={
                "reference": f"{item['code']} v{item['version']}",
                "name_fr": item["name"]["fr"],
                "name_en": item["name"]["en"],
                "purpose_fr": item["purpose"]["fr"],
                "purpose_en": item["purpose"]["en"],
                "source": item["source"],
                "status": "in_use",
                "definition": item["definition"],
            },
        )
        created += was_created
    return created
