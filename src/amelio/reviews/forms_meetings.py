"""Forms of a meeting's parts: attendance, agenda items and decisions (inline formsets on
the meeting), and the action made from a decision."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import DateInput
from amelio.core.validators import validate_date_range
from amelio.reviews.models import AgendaItem, Attendance, Decision, Meeting


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs["class"] = css


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name")


class AttendanceForm(forms.ModelForm):
    """One attendee and whether they came."""

    class Meta:
        model = Attendance
        fields = ["user", "presence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _people()  # type: ignore[attr-defined]
        _style(self)


class AgendaItemForm(forms.ModelForm):
    """One agenda item: its order, title, presenter, time and notes."""

    class Meta:
        model = AgendaItem
        fields = ["order", "title", "presenter", "duration_minutes", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = _people()  # type: ignore[attr-defined]
        _style(self)


class DecisionForm(forms.ModelForm):
    """One decision, on an agenda item of the same meeting or in general."""

    class Meta:
        model = Decision
        fields = ["item", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.agenda.all()  # type: ignore[attr-defined]
        self.fields["item"].empty_label = _("General")  # type: ignore[attr-defined]
        _style(self)


AttendanceFormSet = forms.inlineformset_factory(
    Meeting, Attendance, form=AttendanceForm, extra=3, can_delete=True
)
AgendaFormSet = forms.inlineformset_factory(
    Meeting, AgendaItem, form=AgendaItemForm, extra=2, can_delete=True
)
DecisionFormSet = forms.inlineformset_factory(
    Meeting, Decision, form=DecisionForm, extra=2, can_delete=True
)


class DecisionActionForm(forms.Form):
    """The action made from a decision, pre-filled from it."""

    title = forms.CharField(label=_("title"), max_length=200)
    owner = forms.ModelChoiceField(label=_("owner"), queryset=_people())
    due_date = forms.DateField(
        label=_("due date"), widget=DateInput(), validators=[validate_date_range]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()  # type: ignore[attr-defined]
        _style(self)
