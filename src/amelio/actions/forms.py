"""The action form: when opened from a record (?origin=context.contextissue:12), the new action
answers that record."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from amelio.actions.models import Action, ActionLink, Milestone
from amelio.actions.services import resolve_origin
from amelio.core.forms import DateInput, RecordForm


class ActionForm(RecordForm):
    origin = forms.CharField(widget=forms.HiddenInput, required=False)
    link_role = forms.ChoiceField(
        widget=forms.HiddenInput, required=False, choices=ActionLink.Role.choices
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "plan",
            "org_unit",
            "action_type",
            "stage",
            "description",
            "owner",
            "contributors",
            "start_date",
            "due_date",
            "priority",
            "progress",
            "planned_cost",
            "actual_cost",
            "effort_days",
            "depends_on",
            "effectiveness_criterion",
            "effectiveness_due",
            "verifier",
        ]
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "effectiveness_due": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "effectiveness_criterion": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.origin_record = None
        fields = self.fields
        fields["plan"].queryset = fields["plan"].queryset.order_by("name")
        # An action does not depend on itself.
        fields["depends_on"].queryset = (
            fields["depends_on"].queryset.exclude(pk=self.instance.pk).order_by("-id")
        )
        self.fields["contributors"].widget.attrs["size"] = 4
        self.fields["depends_on"].widget.attrs["size"] = 4
        if self.instance.pk:
            del self.fields["origin"], self.fields["link_role"]

    def clean_origin(self):
        token = self.cleaned_data.get("origin")
        if token:
            try:
                self.origin_record = resolve_origin(self.user, token)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return token

    def _save_m2m(self):
        super()._save_m2m()
        if self.origin_record is not None:
            ActionLink.objects.get_or_create(
                action=self.instance,
                content_type=ContentType.objects.get_for_model(self.origin_record),
                object_id=self.origin_record.pk,
                defaults={"role": self.cleaned_data.get("link_role") or "corrective"},
            )


class MilestoneForm(forms.ModelForm):
    """A dated step of an action."""

    class Meta:
        model = Milestone
        fields = ["title", "date"]
