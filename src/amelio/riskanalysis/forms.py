"""Forms of the risk analyses beyond the generated ones: the FMEA's matrix choice (three-factor
matrices in use, AMDEC-SOD on a new study) and the FMEA line's 1-10 rating fields."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import RecordForm, record_form_factory
from amelio.scoring.models import ScoringMatrix

FMEA_MATRIX = "AMDEC-SOD"
RATINGS = ("severity", "occurrence", "detection")


def three_factor_matrices(current_id: int | None = None):
    """Matrices in use with severity, occurrence and detection (and the study's own)."""
    in_use = ScoringMatrix.objects.filter(status=ScoringMatrix.Status.IN_USE)
    keep = [m.pk for m in in_use if len(m.factors) == 3]
    if current_id:
        keep.append(current_id)
    return ScoringMatrix.objects.filter(pk__in=keep).order_by("code", "-version")


def fmea_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class FmeaForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = cast(forms.ModelChoiceField, self.fields["matrix"])
            field.queryset = three_factor_matrices(self.instance.matrix_id)
            field.label_from_instance = lambda m: f"{m} — {m.name}"  # type: ignore[method-assign,assignment]
            if not self.instance.pk and not self.is_bound:
                default = field.queryset.filter(code=FMEA_MATRIX).first()
                field.initial = field.initial or (default and default.pk)

    return FmeaForm


def fmea_line_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class FmeaLineForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name in (*RATINGS, *(f"revised_{r}" for r in RATINGS)):
                if name in self.fields:
                    self.fields[name].widget.attrs.update({"min": 1, "max": 10})
            if "position" in self.fields:
                self.fields["position"].required = False
                self.fields["position"].help_text = _("Left empty, the line goes to the end.")

        def clean_position(self):
            # 0 places a new line after the last one (`FmeaLine.save`).
            return self.cleaned_data.get("position") or 0

    return FmeaLineForm
