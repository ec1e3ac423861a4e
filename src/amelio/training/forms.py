"""Forms of the communication plan and of training sessions: the communication item (the unit
of its audience among those the user sees), adding attendees, the attendance grid of a
session, and the surveys answered on a phone."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import RecordForm, _indented_unit, _style, record_form_factory
from amelio.core.models import OrgUnit
from amelio.core.permissions import units_for
from amelio.core.widgets import PersonInput
from amelio.training.evaluations import QUESTIONS, SCALE_LABELS


def communication_form(register) -> type[RecordForm]:
    """The register's form, the audience's unit chosen among the units the user sees."""
    base = record_form_factory(register)

    class CommunicationForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            field = self.fields["audience_unit"]
            units = units_for(self.user, "view")
            held = self.instance.audience_unit_id if self.instance.pk else None
            if held:
                units = units | units.model._default_manager.filter(pk=held)
            field.queryset = units.order_by("path")
            field.label_from_instance = _indented_unit

    return CommunicationForm


class AddPeopleForm(forms.Form):
    """Register people for a session: everyone holding a role on a unit, or one person."""

    unit = forms.ModelChoiceField(
        label=_("Everyone in a unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("The people holding a role on the unit or on a unit below it."),
    )
    person = forms.CharField(label=_("Or one person"), required=False, widget=PersonInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        unit.queryset = units_for(user, "view").order_by("path")  # type: ignore[attr-defined]
        unit.label_from_instance = _indented_unit  # type: ignore[attr-defined]
        unit.empty_label = "—"  # type: ignore[attr-defined]
        self.fields["person"].widget.attrs["id"] = "id_add_person"
        for field in self.fields.values():
            _style(field)

    def clean_person(self) -> Any:
        text = (self.cleaned_data.get("person") or "").strip()
        if not text:
            return None
        people = get_user_model()._default_manager.filter(is_active=True)
        found = people.filter(username__iexact=text).first()
        if found is None and text.isdigit():
            found = people.filter(pk=int(text)).first()
        if found is None:
            raise forms.ValidationError(_("Nobody has this user name; pick a suggestion."))
        return found

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("unit") and not data.get("person"):
            raise forms.ValidationError(_("Choose a unit or a person."))
        return data


YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class AttendanceMarkForm(forms.Form):
    """One line of the attendance grid: present, passed, hours attended."""

    present = forms.ChoiceField(label=_("present"), choices=YES_NO, required=False)
    passed = forms.ChoiceField(label=_("passed"), choices=YES_NO, required=False)
    hours = forms.DecimalField(
        label=_("hours attended"),
        required=False,
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(2000))],
    )

    def __init__(self, *args: Any, attendance: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"a{attendance.pk}")
        kwargs.setdefault(
            "initial",
            {
                "present": {True: "yes", False: "no"}.get(attendance.present, ""),
                "passed": {True: "yes", False: "no"}.get(attendance.passed, ""),
                "hours": attendance.hours_attended,
            },
        )
        super().__init__(*args, **kwargs)
        self.attendance = attendance
        for field in self.fields.values():
            _style(field)
            field.widget.attrs["class"] += " form-select-sm form-control-sm"

    @property
    def values(self) -> tuple[bool | None, bool | None, Decimal | None]:
        data = self.cleaned_data
        return _yes_no(data.get("present", "")), _yes_no(data.get("passed", "")), data["hours"]


class EvaluationForm(forms.Form):
    """A survey on a phone: one 1-4 answer per question, and a comment."""

    comment = forms.CharField(
        label=_("A comment? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        questions = {}
        for index, question in enumerate(QUESTIONS[kind], start=1):
            questions[f"q{index}"] = forms.TypedChoiceField(
                label=str(question),
                choices=SCALE_LABELS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )
        self.fields = {**questions, "comment": self.fields["comment"]}
        self.fields["comment"].widget.attrs["class"] = "form-control"

    @property
    def question_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("q")]

    @property
    def scores(self) -> list[int]:
        return [self.cleaned_data[name] for name in self.fields if name.startswith("q")]
