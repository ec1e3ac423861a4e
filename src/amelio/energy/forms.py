"""Forms of the energy app: an EnPI among the meters of its site; the imports of emission
factors and of variable values read one row each."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import DateInput, RecordForm, record_form_factory
from amelio.energy.models import EmissionFactor


def indicator_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class IndicatorForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name in ("baseline_start", "baseline_end", "reporting_start", "reporting_end"):
                self.fields[name].help_text = _("Any day of the month.")

        def clean(self):
            data = super().clean()
            unit = data.get("org_unit")
            if unit is not None:
                site = unit.site or unit
                outside = [
                    m for m in data.get("meters") or [] if not m.org_unit.path.startswith(site.path)
                ]
                if outside:
                    self.add_error(
                        "meters",
                        _("Every meter must belong to the indicator's site: %(meters)s.")
                        % {"meters": ", ".join(str(m) for m in outside)},
                    )
            return data

    return IndicatorForm


class EmissionFactorRow(forms.ModelForm):
    """One row of an import of emission factors (from ADEME's Base Empreinte, say). A factor
    already in the data is refused by the import service, with its own message."""

    def validate_unique(self):
        pass

    class Meta:
        model = EmissionFactor
        fields = [
            "energy",
            "value",
            "basis_unit",
            "scope",
            "vintage",
            "base_name",
            "valid_from",
            "status",
            "source",
            "note",
        ]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("Excel (.xlsx) or CSV, first row with the column names.")
    )


class ValueRow(forms.Form):
    """One row of an import of monthly values of relevant variables."""

    variable = forms.CharField(label=_("variable"))
    month = forms.DateField(label=_("month"), widget=DateInput)
    value = forms.DecimalField(label=_("value"), max_digits=14, decimal_places=3)


class MonthValueForm(forms.Form):
    """The value of a relevant variable for one month, typed on the variable's page."""

    month = forms.CharField(
        label=_("month"),
        widget=forms.TextInput(attrs={"type": "month", "class": "form-control form-control-sm"}),
    )
    value = forms.DecimalField(
        label=_("value"),
        max_digits=14,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"step": "any", "class": "form-control form-control-sm"}),
    )

    def clean_month(self):
        import datetime as dt

        text = self.cleaned_data["month"].strip()
        try:
            return dt.date.fromisoformat(f"{text}-01" if len(text) == 7 else text).replace(day=1)
        except ValueError:
            raise forms.ValidationError(_("Give the month as YYYY-MM, e.g. 2026-03.")) from None
