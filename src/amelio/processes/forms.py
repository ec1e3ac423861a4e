"""The inputs and outputs editor of a process sheet."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory

from amelio.context.models import InterestedParty
from amelio.processes.models import Process, ProcessFlow

FLOW_FIELDS = [
    "direction",
    "label",
    "counterpart_process",
    "counterpart_party",
    "counterpart_text",
    "position",
]


class FlowForm(forms.ModelForm):
    """One input or output; counterparts limited to what the user may see."""

    class Meta:
        model = ProcessFlow
        fields = FLOW_FIELDS
        widgets = {"position": forms.NumberInput(attrs={"min": 0, "style": "width: 5rem"})}

    def __init__(self, *args, user=None, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            processes = Process.objects.for_user(user).active().order_by("process_type", "code")
            if process is not None:
                processes = processes.exclude(pk=process.pk)
            self.fields["counterpart_process"].queryset = processes
            parties = InterestedParty.objects.for_user(user).active().order_by("name")
            self.fields["counterpart_party"].queryset = parties
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"


BaseFlowFormSet = inlineformset_factory(
    Process,
    ProcessFlow,
    form=FlowForm,
    fk_name="process",
    fields=FLOW_FIELDS,
    extra=3,
    can_delete=True,
)


class FlowFormSet(BaseFlowFormSet):  # type: ignore[valid-type,misc]
    """The flows of one process, with the acting user passed to every row."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs.update(user=self.user, process=self.instance)
        return kwargs
