"""Forms of the audits app: the audit (with the independence and qualification checks on the
team), the finding (its audit among those the user sees), and the pages of the programme and
the checklist."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.audits.models import Answer, Audit, ChecklistTemplate, Grade, RiskLevel
from amelio.audits.models.programmes import Interval
from amelio.audits.services import independence_problems, qualification_problems
from amelio.core.forms import RecordForm, ScopedChoicesMixin, _style, record_form_factory
from amelio.processes.models import Process


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _in_map_order(processes):
    return processes.order_by("process_type", "map_order", "code")


def audit_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class AuditForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["processes"].queryset = _in_map_order(self.fields["processes"].queryset)
            self.fields["clauses"].queryset = (
                self.fields["clauses"]
                .queryset.filter(programme__in=self.fields["programme"].queryset)
                .select_related("programme")
            )
            self.fields["clauses"].help_text = _("Clauses of the programme the audit covers.")

        def clean(self):
            data = super().clean()
            programme = data.get("programme")
            clauses = data.get("clauses") or []
            if any(c.programme_id != getattr(programme, "pk", None) for c in clauses):
                self.add_error("clauses", _("Choose clauses of the audit's programme."))
            problems = independence_problems(
                lead=data.get("lead_auditor"),
                team=data.get("team") or [],
                processes=data.get("processes") or [],
            )
            for problem in problems:
                self.add_error("team" if data.get("team") else "lead_auditor", problem)
            self._check_qualification(data)
            return data

        def _check_qualification(self, data) -> None:
            """Each auditor holds a valid auditor qualification on the first planned day."""
            day, unit = data.get("planned_start"), data.get("org_unit")
            for field, auditors in (
                ("lead_auditor", [data.get("lead_auditor")]),
                ("team", data.get("team") or []),
            ):
                for problem in qualification_problems(auditors=auditors, on=day, unit=unit):
                    self.add_error(field, problem)

    return AuditForm


def finding_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class FindingForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["process"].queryset = _in_map_order(self.fields["process"].queryset)

        def clean(self):
            data = super().clean()
            audit, unit = data.get("audit"), data.get("org_unit")
            if audit and unit and not unit.path.startswith(audit.org_unit.path):
                self.add_error("org_unit", _("A finding belongs to the audited unit or below it."))
            return data

    return FindingForm


class ConductForm(forms.ModelForm):
    """What the audit team writes during the audit: the meetings and the report."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Audit
        fields = [
            "opening_at",
            "opening_attendees",
            "opening_notes",
            "closing_at",
            "closing_attendees",
            "closing_notes",
            "summary",
            "effectiveness",
            "maturity",
            "conclusion",
        ]
        widgets = {
            "opening_at": DateTimeInput(),
            "closing_at": DateTimeInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "opening_attendees",
                    "opening_notes",
                    "closing_attendees",
                    "closing_notes",
                    "summary",
                    "maturity",
                    "conclusion",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            _style(field)


class FindingQuickForm(ScopedChoicesMixin, forms.Form):
    """A finding recorded from the checklist, on a phone: grade, title, facts, photo."""

    grade = forms.ChoiceField(label=pgettext_lazy("audit finding", "grade"), choices=Grade.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    process = forms.ModelChoiceField(
        label=_("process"), queryset=Process.objects.all(), required=False
    )
    requirement = forms.CharField(label=_("requirement"), max_length=200, required=False)
    description = forms.CharField(
        label=_("finding"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence = forms.CharField(
        label=_("evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    photo = forms.FileField(
        label=_("photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def __init__(self, *args, audit: Audit, **kwargs):
        super().__init__(*args, **kwargs)
        # Among the processes the user may pick, those the audit covers.
        field = self.fields["process"]
        field.queryset = field.queryset.filter(pk__in=audit.processes.all())  # type: ignore[attr-defined]
        for field in self.fields.values():
            _style(field)

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "photo" and v is not None}


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("", "—"), *Answer.choices], required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BuildChecklistForm(ScopedChoicesMixin, forms.Form):
    template = forms.ModelChoiceField(
        label=_("from a template"), queryset=ChecklistTemplate.objects.all(), required=False
    )
    from_processes = forms.BooleanField(
        label=_("from the sheets of the audited processes"), required=False
    )
    from_clauses = forms.BooleanField(label=_("from the clauses covered"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _style(field)


class ProcessLineForm(ScopedChoicesMixin, forms.Form):
    process = forms.ModelChoiceField(label=_("process"), queryset=_in_map_order(Process.objects))
    risk_level = forms.ChoiceField(
        label=_("risk level"), choices=RiskLevel.choices, initial=RiskLevel.MEDIUM
    )
    interval_months = forms.TypedChoiceField(
        label=_("frequency"), choices=Interval.choices, coerce=int, initial=Interval.TWO_YEARS
    )
    rationale = forms.CharField(label=_("why this frequency"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _style(field)


class ClauseLineForm(forms.Form):
    standard = forms.CharField(label=_("standard"), max_length=40)
    clause = forms.CharField(label=_("clause"), max_length=20)
    title = forms.CharField(label=_("title"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _style(field)


ProcessLineFormSet = formset_factory(ProcessLineForm, extra=2, can_delete=True)
ClauseLineFormSet = formset_factory(ClauseLineForm, extra=3, can_delete=True)


class TemplateQuestionForm(forms.Form):
    section = forms.CharField(label=_("section"), max_length=120, required=False)
    question = forms.CharField(label=_("question"), max_length=500)
    guidance = forms.CharField(
        label=_("guidance"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_evidence = forms.CharField(
        label=_("expected evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    requirement = forms.CharField(label=_("requirement"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _style(field)


TemplateQuestionFormSet = formset_factory(TemplateQuestionForm, extra=3, can_delete=True)
