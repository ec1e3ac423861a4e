"""The form of a scoring matrix: names and purpose in both languages, status, and the
definition as JSON (validated by `computations.validate`, messages on the field)."""

from __future__ import annotations

from django import forms

from amelio.core.forms import _style
from amelio.scoring.models import ScoringMatrix


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
