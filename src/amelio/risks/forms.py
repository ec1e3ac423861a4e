"""The risk form: links only to records the user may see, matrices in use, factor values as
numbers checked against the chosen matrix by the model."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext as _

from amelio.core.forms import DateInput, RecordForm
from amelio.risks.models import Risk
from amelio.scoring.models import ScoringMatrix, localised

DEFAULT_MATRIX_CODE = "PG-4x4"
FACTOR_FIELDS = [
    "inherent_likelihood",
    "inherent_severity",
    "inherent_third",
    "residual_likelihood",
    "residual_severity",
    "residual_third",
]


def scale_attributes(matrices) -> dict[str, str]:
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


def setup_matrix_fields(form, factor_fields, prefixes: dict[str, str] | None = None) -> None:
    """The matrix choice of a scored record's form: matrices in use (and the record's own),
    the default 4x4 on a new record, and the scales for scored.js; factor values 1-10 (the
    model checks them against the chosen matrix). `prefixes` names the assessments."""
    field = form.fields["matrix"]
    matrices = ScoringMatrix.objects.filter(status=ScoringMatrix.Status.IN_USE)
    if form.instance.matrix_id:
        matrices = matrices | ScoringMatrix.objects.filter(pk=form.instance.matrix_id)
    field.queryset = matrices.order_by("code", "-version")
    if not form.instance.pk and not form.is_bound:
        default = matrices.filter(code=DEFAULT_MATRIX_CODE).first()
        field.initial = field.initial or (default and default.pk)
    field.label_from_instance = lambda m: f"{m} — {m.name}"
    attrs = scale_attributes(matrices)
    if prefixes is not None:
        attrs["data-prefixes"] = json.dumps(prefixes)
    field.widget.attrs.update(attrs)
    for name in factor_fields:
        form.fields[name].widget.attrs.update({"min": 1, "max": 10})


class RiskForm(RecordForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "risk_type",
            "org_unit",
            "process",
            *Risk.DOMAINS,
            "source",
            "context_issue",
            "interested_party",
            "cause",
            "event",
            "consequence",
            "existing_controls",
            "matrix",
            "inherent_likelihood",
            "inherent_severity",
            "inherent_third",
            "treatment",
            "treatment_description",
            "residual_likelihood",
            "residual_severity",
            "residual_third",
            "accepted_by",
            "accepted_until",
            "owner",
            "review_date",
        ]
        widgets = {
            "accepted_until": DateInput(),
            "review_date": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in (
                    "cause",
                    "event",
                    "consequence",
                    "existing_controls",
                    "treatment_description",
                )
            },
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        fields = self.fields
        fields["process"].queryset = fields["process"].queryset.order_by("code")
        fields["context_issue"].queryset = fields["context_issue"].queryset.order_by("title")
        fields["interested_party"].queryset = fields["interested_party"].queryset.order_by("name")
        setup_matrix_fields(self, FACTOR_FIELDS)
