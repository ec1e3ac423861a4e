"""Forms of the HACCP study beyond the generated ones: the study's matrix (two-factor matrices
in use, PG-4x4 on a new study), a hazard's steps (those of its study once the study is
known), the flow-diagram steps as a formset, and the decision tree's yes/no answers."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db import models
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import RecordForm, record_form_factory
from amelio.riskanalysis.models import HaccpHazard, HaccpStep
from amelio.scoring.forms import DEFAULT_MATRIX_CODE
from amelio.scoring.models import ScoringMatrix

RATINGS = ("likelihood", "severity")
ANSWER_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


def two_factor_matrices(current_id: int | None = None):
    """Matrices in use with likelihood and severity (and the study's own)."""
    in_use = ScoringMatrix.objects.filter(status=ScoringMatrix.Status.IN_USE)
    keep = [m.pk for m in in_use if len(m.factors) == 2]
    if current_id:
        keep.append(current_id)
    return ScoringMatrix.objects.filter(pk__in=keep).order_by("code", "-version")


def haccp_study_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class HaccpStudyForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = cast(forms.ModelChoiceField, self.fields["matrix"])
            field.queryset = two_factor_matrices(self.instance.matrix_id)
            field.label_from_instance = lambda m: f"{m} — {m.name}"  # type: ignore[method-assign,assignment]
            if not self.instance.pk and not self.is_bound:
                default = field.queryset.filter(code=DEFAULT_MATRIX_CODE).first()
                field.initial = field.initial or (default and default.pk)

    return HaccpStudyForm


def haccp_hazard_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class HaccpHazardForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = cast(forms.ModelChoiceField, self.fields["step"])
            steps = cast(models.QuerySet, field.queryset)
            # The steps in the order of each study's flow diagram, named with their study.
            field.queryset = steps.select_related("study").order_by("study_id", "position")
            field.label_from_instance = _step_label  # type: ignore[method-assign,assignment]
            for name in RATINGS:
                self.fields[name].widget.attrs.update({"min": 1, "max": 10})

    return HaccpHazardForm


def _step_label(step: HaccpStep) -> str:
    return f"{step.study.reference} · {step.position}. {step.name}"


StepFormSet = modelformset_factory(
    HaccpStep,
    fields=["position", "name", "kind", "description"],
    widgets={
        "position": forms.NumberInput(attrs={"min": 0, "style": "width: 5rem"}),
        "description": forms.Textarea(attrs={"rows": 2}),
    },
    extra=2,
    can_delete=True,
)


def _answer(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _question() -> forms.ChoiceField:
    radio = forms.RadioSelect(attrs={"class": "form-check-input"})
    return forms.ChoiceField(choices=ANSWER_CHOICES, required=False, widget=radio)


class DecisionTreeForm(forms.Form):
    """The answers of the decision tree; a question left blank is not answered yet."""

    q1 = _question()
    q1b = _question()
    q2 = _question()
    q3 = _question()
    q4 = _question()
    tree_notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, hazard: HaccpHazard, **kwargs):
        initial: dict[str, object] = {
            name: _answer(value) for name, value in hazard.answers().items()
        }
        initial.update(tree_notes=hazard.tree_notes, version=hazard.version)
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                model_field = cast(models.Field, HaccpHazard._meta.get_field(name))
                field.label = model_field.verbose_name
                field.help_text = model_field.help_text

    def answers(self) -> dict[str, bool | None]:
        """The posted answers as True, False or None."""
        values = {"yes": True, "no": False}
        return {
            name: values.get(self.cleaned_data.get(name, ""))
            for name in ("q1", "q1b", "q2", "q3", "q4")
        }
