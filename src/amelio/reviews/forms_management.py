"""Forms of the management review pack: an input's comment, a decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import DateInput
from amelio.core.validators import validate_date_range
from amelio.reviews.models import ReviewDecision


class CommentForm(forms.Form):
    """The coordinator's comment on one input of the pack."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm"}),
    )


class DecisionForm(forms.Form):
    """An output of the review: its kind, what is decided, who carries it and by when."""

    kind = forms.ChoiceField(label=_("kind"), choices=ReviewDecision.Kind.choices)
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 2}))
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("owner"), queryset=None, required=False
    )
    due_date = forms.DateField(
        label=_("due date"), required=False, widget=DateInput, validators=[validate_date_range]
    )

    def __init__(self, *args: Any, review: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name")
        )
        if review is not None:
            self.fields["owner"].initial = review.owner_id
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"
