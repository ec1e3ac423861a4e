"""`Scored`: the model mixin of records assessed with a scoring matrix.

A scored record has a `matrix` foreign key and one or more assessments, each a group of
factor-value fields (e.g. inherent likelihood, severity, third factor) with a stored score and
level (`<prefix>_score`, `<prefix>_level`). `score_assessments()` evaluates them once, when the
record is cleaned or saved: lists, exports and the heatmap read the stored values and never
evaluate the matrix per row.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from amelio.scoring.computations import OutOfScale
from amelio.scoring.models import ScoringMatrix
from amelio.scoring.services import cached_matrix


class Scored:
    """Mixin for models with a `matrix` FK and assessments named in `assessments`:
    prefix -> factor field names in the matrix's factor order."""

    scored = True
    assessments: ClassVar[dict[str, tuple[str, ...]]] = {}
    # Assessments that may be left empty (e.g. residual before any treatment).
    optional_assessments: ClassVar[tuple[str, ...]] = ()

    def scoring_matrix(self) -> ScoringMatrix | None:
        """The record's matrix from the per-process cache."""
        return cached_matrix(getattr(self, "matrix_id", None))

    def _assessment_values(self, prefix: str, count: int) -> list:
        fields = self.assessments[prefix]
        for extra in fields[count:]:
            # A 2-factor matrix has no third factor: a value left there means nothing.
            setattr(self, extra, None)
        return [getattr(self, name) for name in fields[:count]]

    def score_assessments(self) -> None:
        """Evaluate every assessment and store its score and level; raise a ValidationError on
        the first factor field of an incomplete or out-of-scale assessment."""
        matrix = getattr(self, "matrix", None)
        if matrix is None:
            return
        count = len(matrix.factors)
        errors = {}
        for prefix, fields in self.assessments.items():
            values = self._assessment_values(prefix, count)
            if all(v is None for v in values) and prefix in self.optional_assessments:
                setattr(self, f"{prefix}_score", None)
                setattr(self, f"{prefix}_level", "")
                continue
            try:
                result = matrix.evaluate(values)
            except OutOfScale:
                errors[fields[0]] = _("Give a value on the matrix's scale for each factor.")
                continue
            setattr(self, f"{prefix}_score", result.score)
            setattr(self, f"{prefix}_level", result.level)
        if errors:
            raise ValidationError(errors)

    def level_info(self, prefix: str) -> dict | None:
        """The stored level of an assessment with its label and colour, from the cached matrix."""
        key = getattr(self, f"{prefix}_level", "")
        matrix = self.scoring_matrix()
        if not key or matrix is None:
            return None
        return matrix.level(key)
