"""Forms of customer surveys: the answering form built from a survey's questions, a question
of the builder, and the invitation of recipients."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from amelio.customers.models import Question, QuestionKind

TEXT_MAX = 4000


def _field(question: Question, language: str) -> forms.Field:
    label = question.text(language)
    required = question.required
    messages = {"required": _("Please answer this question.")}
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(
            label=label,
            required=required,
            max_length=TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            error_messages=messages,
        )
    options: list[tuple[str, Any]]
    if question.kind == QuestionKind.YES_NO:
        options = [("1", _("Yes")), ("0", _("No"))]
    elif question.has_choices:
        options = [(str(i), text) for i, text in enumerate(question.choices(language))]
    else:
        options = [(str(n), str(n)) for n in question.scale or ()]
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            required=required,
            choices=options,
            widget=forms.CheckboxSelectMultiple,
            error_messages={**messages, "invalid_choice": _("Choose among the options.")},
        )
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=options,
        widget=forms.RadioSelect,
        error_messages={**messages, "invalid_choice": _("Choose among the options.")},
    )


class AnswerForm(forms.Form):
    """One field per question of the survey, in the visitor's language; a hidden field
    catches robots (filled in: nothing is kept)."""

    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, questions, language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = _field(question, language)

    def rows(self):
        """Each question with its bound field, in order."""
        return [(q, self[f"q{q.pk}"]) for q in self.questions]

    @property
    def values(self) -> dict:
        """Question id -> the cleaned answer."""
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class QuestionForm(forms.ModelForm):
    """A question of the builder."""

    class Meta:
        model = Question
        fields = ["kind", "text_fr", "text_en", "choices_fr", "choices_en", "required", "metric"]
        widgets = {
            "choices_fr": forms.Textarea(attrs={"rows": 3}),
            "choices_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if name == "required" else "form-control"
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)


class InviteForm(forms.Form):
    """Addresses pasted (one per line, or separated by commas or semicolons) and customers of
    the campaign's segment picked."""

    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_("One per line, or separated by commas or semicolons."),
    )
    customers: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Customers of the segment"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, customers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customers"].queryset = customers  # type: ignore[attr-defined]

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(";", "\n").replace(",", "\n")
        emails, wrong = [], []
        for line in raw.splitlines():
            address = line.strip()
            if not address:
                continue
            try:
                validate_email(address)
            except forms.ValidationError:
                wrong.append(address)
            else:
                emails.append(address)
        if wrong:
            raise forms.ValidationError(
                _("These addresses are not valid: %(addresses)s") % {"addresses": ", ".join(wrong)}
            )
        return emails

    def clean(self):
        data = super().clean() or {}
        if not self.errors and not data.get("emails") and not data.get("customers"):
            raise forms.ValidationError(_("Paste addresses or pick customers."))
        return data
