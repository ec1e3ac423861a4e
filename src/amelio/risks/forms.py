"""The risk form: links only to records the user may see, matrices in use, factor values as
numbers checked against the chosen matrix by the model."""

from __future__ import annotations

from django import forms

from amelio.core.forms import DateInput, RecordForm
from amelio.risks.models import Risk
from amelio.scoring.forms import setup_matrix_fields

FACTOR_FIELDS = [
    "inherent_likelihood",
    "inherent_severity",
    "inherent_third",
    "residual_likelihood",
    "residual_severity",
    "residual_third",
]


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
