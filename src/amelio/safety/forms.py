"""Forms of health and safety: the DUERP line (principles as ticks, the matrix's scales), the
event, and the small forms of the event page, the cause tree and the public report."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import DateInput, RecordForm, _style, record_form_factory
from amelio.safety.models import (
    CauseFact,
    EventType,
    LostTime,
    Principle,
    PublicReport,
    RiskFamily,
    Victim,
)
from amelio.scoring.forms import setup_matrix_fields


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def assessment_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class AssessmentForm(base):  # type: ignore[valid-type, misc]
        principle_choices = forms.TypedMultipleChoiceField(
            label=_("principles of prevention applied"),
            choices=Principle.choices,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Code du travail L4121-2: tick the principles the measures apply."),
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            fields = self.fields
            families = RiskFamily.objects.filter(active=True)
            if self.instance.pk and self.instance.family_id:
                families = families | RiskFamily.objects.filter(pk=self.instance.family_id)
            fields["family"].queryset = families.order_by("order", "code")
            setup_matrix_fields(
                self,
                ("gross_likelihood", "gross_severity", "gross_third"),
                {"gross": str(_("Rating"))},
            )
            if self.instance.pk:
                self.initial["principle_choices"] = self.instance.principle_numbers()
            fields["principle_choices"].widget.attrs.pop("class", None)
            order = list(fields)
            order.remove("principle_choices")
            order.insert(order.index("existing_measures") + 1, "principle_choices")
            self.order_fields(order)

        def clean(self):
            data = super().clean()
            self.instance.principles = ",".join(
                str(n) for n in sorted(data.get("principle_choices") or [])
            )
            return data

    return AssessmentForm


def event_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class EventForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name in ("occurred_at", "known_at"):
                if name in self.fields:
                    self.fields[name].widget = DateTimeInput()
                    _style(self.fields[name])
            if not self.instance.pk and not self.is_bound:
                self.initial["occurred_at"] = timezone.localtime().replace(second=0)

    return EventForm


class LostTimeForm(forms.ModelForm):
    class Meta:
        model = LostTime
        fields = ["kind", "start", "end", "note"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _style(field)


class VictimForm(forms.ModelForm):
    class Meta:
        model = Victim
        fields = ["name", "job_title", "contract", "birth_date", "hired_on", "medical_notes"]
        widgets = {
            "birth_date": DateInput(),
            "hired_on": DateInput(),
            "medical_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _style(field)


class FactForm(forms.Form):
    text = forms.CharField(label=_("Fact"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=CauseFact.Kind.choices)
    category = forms.ChoiceField(label=_("Category"), choices=CauseFact.Category.choices)
    effect = forms.ModelChoiceField(
        label=_("Was necessary for"), queryset=CauseFact.objects.none(), required=False
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effect"].queryset = CauseFact.objects.filter(event=event)
        for field in self.fields.values():
            _style(field)


class LinkForm(forms.Form):
    cause = forms.ModelChoiceField(label=_("This fact"), queryset=CauseFact.objects.none())
    effect = forms.ModelChoiceField(
        label=_("was also necessary for"), queryset=CauseFact.objects.none()
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("cause", "effect"):
            self.fields[name].queryset = CauseFact.objects.filter(event=event)
            _style(self.fields[name])


class FactActionForm(forms.Form):
    title = forms.CharField(label=_("Prevention measure"), max_length=200)
    owner: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    criterion = forms.CharField(
        label=_("Effectiveness criterion"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How you will know the measure works."),
    )

    def __init__(self, *args, unit=None, **kwargs):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True)
        if unit is not None:
            site = unit.site or unit
            above = [p for p in unit.path.split("/") if p]
            ancestors = ["/" + "/".join(above[: i + 1]) + "/" for i in range(len(above))]
            people = people.filter(
                Q(role_assignments__org_unit__path__startswith=site.path)
                | Q(role_assignments__org_unit__path__in=ancestors)
            ).distinct()
        self.fields["owner"].queryset = people.order_by("last_name", "first_name")
        for field in self.fields.values():
            _style(field)


class PublicReportForm(forms.ModelForm):
    """The no-login form: what, where, a description, optionally a photo and a name."""

    photo = forms.FileField(label=_("Photo (optional)"), required=False)
    # A field people do not see: robots fill it, and their report is refused.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = PublicReport
        fields = ["kind", "place", "description", "reporter_name", "reporter_contact"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "reporter_name": _("Optional: leave it empty to stay anonymous."),
            "reporter_contact": _("Optional: so that we can tell you what was done."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PublicReport.Kind.choices
        self.fields["description"].min_length = 10
        for name, field in self.fields.items():
            if name != "kind":
                _style(field)
        self.fields["photo"].widget.attrs.update({"accept": "image/*", "capture": "environment"})

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("Describe what you saw in a few words (10 characters)."))
        return text


class TriageForm(forms.Form):
    title = forms.CharField(label=_("Title of the event"), max_length=200)
    event_type = forms.ChoiceField(label=_("Type"), choices=EventType.choices)
    org_unit: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Unit"), queryset=None)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units
        from amelio.core.forms import _indented_unit

        self.fields["org_unit"].label_from_instance = _indented_unit
        for field in self.fields.values():
            _style(field)
