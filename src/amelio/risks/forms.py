"""The risk form: links only to records the user may see, matrices in use, factor values as
numbers checked against the chosen matrix by the model."""

from __future__ import annotations

from django import forms

from amelio.context.models import ContextIssue, InterestedParty
from amelio.core.forms import DateInput, RecordForm
from amelio.processes.models import Process
from amelio.risks.models import Risk
from amelio.scoring.models import ScoringMatrix

DEFAULT_MATRIX_CODE = "PG-4x4"
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
        fields["process"].queryset = Process.objects.for_user(user).active().order_by("code")
        fields["context_issue"].queryset = (
            ContextIssue.objects.for_user(user).active().order_by("title")
        )
        fields["interested_party"].queryset = (
            InterestedParty.objects.for_user(user).active().order_by("name")
        )
        matrices = ScoringMatrix.objects.filter(status=ScoringMatrix.Status.IN_USE)
        if self.instance.matrix_id:
            matrices = matrices | ScoringMatrix.objects.filter(pk=self.instance.matrix_id)
        fields["matrix"].queryset = matrices.defer("definition").order_by("code", "-version")
        if not self.instance.pk and not self.is_bound:
            default = matrices.filter(code=DEFAULT_MATRIX_CODE).first()
            fields["matrix"].initial = fields["matrix"].initial or (default and default.pk)
        fields["matrix"].label_from_instance = lambda m: f"{m} — {m.name}"
        for name in FACTOR_FIELDS:
            fields[name].widget.attrs.update({"min": 1, "max": 10})
