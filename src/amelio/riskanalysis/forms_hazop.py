"""Forms of the HAZOP beyond the generated ones: the study's matrix (two-factor matrices in
use, PG-5x5 on a new study), the deviation's choices (nodes named with their study, guide words
and parameters in use) and the nodes of a study, edited together on one page."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.forms import modelformset_factory

from amelio.core.forms import RecordForm, record_form_factory
from amelio.riskanalysis.models import HazopGuideWord, HazopNode, HazopParameter
from amelio.scoring.models import ScoringMatrix

HAZOP_MATRIX = "PG-5x5"


def two_factor_matrices(current_id: int | None = None):
    """Matrices in use with likelihood and severity (and the study's own)."""
    in_use = ScoringMatrix.objects.filter(status=ScoringMatrix.Status.IN_USE)
    keep = [m.pk for m in in_use if len(m.factors) == 2]
    if current_id:
        keep.append(current_id)
    return ScoringMatrix.objects.filter(pk__in=keep).order_by("code", "-version")


def hazop_study_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class HazopStudyForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = cast(forms.ModelChoiceField, self.fields["matrix"])
            field.queryset = two_factor_matrices(self.instance.matrix_id)
            field.label_from_instance = lambda m: f"{m} — {m.name}"  # type: ignore[method-assign,assignment]
            if not self.instance.pk and not self.is_bound:
                default = field.queryset.filter(code=HAZOP_MATRIX).first()
                field.initial = field.initial or (default and default.pk)

    return HazopStudyForm


def in_use(model, current_id: int | None):
    """The active reference rows (and the record's own, even retired)."""
    rows = model.objects.filter(active=True)
    if current_id:
        rows = rows | model.objects.filter(pk=current_id)
    return rows.order_by("order", "code")


def hazop_deviation_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class HazopDeviationForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            fields = self.fields
            fields["parameter"].queryset = in_use(HazopParameter, self.instance.parameter_id)
            fields["guide_word"].queryset = in_use(HazopGuideWord, self.instance.guide_word_id)
            node = cast(forms.ModelChoiceField, fields["node"])
            node.queryset = cast(QuerySet, node.queryset).select_related("study")
            node.label_from_instance = lambda n: f"{n.study.reference} · {n}"  # type: ignore[method-assign,assignment]
            for name in ("likelihood", "severity"):
                fields[name].widget.attrs.update({"min": 1, "max": 10})

    return HazopDeviationForm


NodeFormSet = modelformset_factory(
    HazopNode,
    fields=["position", "name", "drawing", "design_intent", "design_values"],
    widgets={
        "position": forms.NumberInput(attrs={"min": 0, "style": "width: 5rem"}),
        "design_intent": forms.Textarea(attrs={"rows": 2}),
        "design_values": forms.Textarea(attrs={"rows": 2}),
    },
    extra=2,
    can_delete=True,
)
