"""Forms of objectives and indicators: links only to records the user may see; the source
register of a computed indicator chosen among the registers of Amelio."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import DateInput, RecordForm
from amelio.core.measures import measures
from amelio.core.registry import registry
from amelio.indicators.models import Indicator, Objective

SMALL = {"class": "form-control form-control-sm", "step": "any"}
OBJECTIVE_FIELDS = [
    "title",
    "policy_axis",
    "org_unit",
    "process",
    "owner",
    "due_date",
    "description",
    "means",
]
INDICATOR_FIELDS = [
    "name",
    "org_unit",
    "process",
    "objective",
    "owner",
    "definition",
    "purpose",
    "unit",
    "numerator",
    "denominator",
    "direction",
    "frequency",
    "decimals",
    "chart_type",
    "lsl",
    "usl",
    "baseline_start",
    "baseline_end",
    "source",
    "source_measure",
    "source_register",
    "aggregation",
    "source_field",
    "source_date_field",
    "source_filter",
]


def register_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(r.key, str(r.label).capitalize()) for r in registry]


class ObjectiveForm(RecordForm):
    class Meta:
        model = Objective
        fields = OBJECTIVE_FIELDS
        widgets = {
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "means": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        process = self.fields["process"]
        process.queryset = process.queryset.order_by("code")


class IndicatorForm(RecordForm):
    source_measure = forms.ChoiceField(
        label=_("measure"),
        required=False,
        help_text=_("For an indicator fed by a module: the figure it publishes."),
    )
    source_register = forms.ChoiceField(
        label=_("source register"), required=False, choices=register_choices
    )

    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS
        widgets = {
            "baseline_start": DateInput(),
            "baseline_end": DateInput(),
            "definition": forms.Textarea(attrs={"rows": 2}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        fields = self.fields
        fields["process"].queryset = fields["process"].queryset.order_by("code")
        fields["objective"].queryset = fields["objective"].queryset.order_by("title")
        fields["source_measure"].choices = [("", "—"), *measures.choices(user)]


class ValueForm(forms.Form):
    """One value typed on the indicator page."""

    period = forms.DateField(label=_("Period"), widget=DateInput(attrs=SMALL))
    value = forms.FloatField(label=_("Value"), widget=forms.NumberInput(attrs=SMALL))
    numerator = forms.FloatField(
        label=_("Numerator"), required=False, widget=forms.NumberInput(attrs=SMALL)
    )
    denominator = forms.FloatField(
        label=_("Denominator"), required=False, min_value=0, widget=forms.NumberInput(attrs=SMALL)
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=300, widget=forms.TextInput(attrs=SMALL)
    )


class TargetForm(forms.Form):
    """A target from a date, with its optional alert threshold."""

    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    target = forms.FloatField(label=_("Target"))
    alert = forms.FloatField(label=_("Alert threshold"), required=False)
