"""The form of a scoring matrix (names and purpose in both languages, status, and the
definition as JSON, validated by `computations.validate` with messages on the field), and the
matrix fields of every scored record's form."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import cast

from django import forms
from django.utils.translation import gettext as _

from amelio.core.forms import _style
from amelio.scoring.models import ScoringMatrix, localised


class ScoringMatrixForm(forms.ModelForm):
    class Meta:
        model = ScoringMatrix
        fields = [
            "code",
            "name_fr",
            "name_en",
            "purpose_fr",
            "purpose_en",
            "source",
            "status",
            "definition",
        ]
        widgets = {
            "purpose_fr": forms.Textarea(attrs={"rows": 2}),
            "purpose_en": forms.Textarea(attrs={"rows": 2}),
            "definition": forms.Textarea(attrs={"rows": 24, "class": "font-monospace small"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].disabled = bool(self.instance.pk)
        for field in self.fields.values():
            _style(field)


DEFAULT_MATRIX_CODE = "PG-4x4"


def scale_attributes(matrices: Iterable[ScoringMatrix]) -> dict[str, str]:
    """Data for scored.js: each matrix's factors (label, values with labels) by id, and the
    names of the assessments, so the form relabels the factor fields for the chosen matrix."""
    scales = {
        matrix.pk: [
            {
                "label": localised(factor["label"]),
                "values": [[v["value"], localised(v["label"])] for v in factor["values"]],
            }
            for factor in matrix.factors
        ]
        for matrix in matrices
    }
    prefixes = {"inherent": str(_("Inherent")), "residual": str(_("Residual"))}
    return {"data-scales": json.dumps(scales), "data-prefixes": json.dumps(prefixes)}


def setup_matrix_fields(
    form: forms.ModelForm, factor_fields: Iterable[str], prefixes: dict[str, str] | None = None
) -> None:
    """The matrix choice of a scored record's form: matrices in use (and the record's own),
    the default 4x4 on a new record, and the scales for scored.js; factor values 1-10 (the
    model checks them against the chosen matrix). `prefixes` names the assessments."""
    field = cast(forms.ModelChoiceField, form.fields["matrix"])
    matrices = ScoringMatrix.objects.filter(status=ScoringMatrix.Status.IN_USE)
    if form.instance.matrix_id:
        matrices = matrices | ScoringMatrix.objects.filter(pk=form.instance.matrix_id)
    field.queryset = matrices.order_by("code", "-version")
    if not form.instance.pk and not form.is_bound:
        default = matrices.filter(code=DEFAULT_MATRIX_CODE).first()
        field.initial = field.initial or (default and default.pk)
    # The label of each choice names the matrix too (on the field, not a subclass of it).
    field.label_from_instance = lambda m: f"{m} — {m.name}"  # type: ignore[method-assign,assignment]
    attrs = scale_attributes(matrices)
    if prefixes is not None:
        attrs["data-prefixes"] = json.dumps(prefixes)
    field.widget.attrs.update(attrs)
    for name in factor_fields:
        form.fields[name].widget.attrs.update({"min": 1, "max": 10})
