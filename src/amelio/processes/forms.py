"""The inputs and outputs editor of a process sheet."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.forms import inlineformset_factory

from amelio.core.forms import ScopedChoicesMixin
from amelio.core.lookups import choosable
from amelio.processes.models import Process, ProcessFlow
from amelio.processes.sheet import HIDDEN_COUNTERPART

FLOW_FIELDS = [
    "direction",
    "label",
    "counterpart_process",
    "counterpart_party",
    "counterpart_text",
    "position",
]


class FlowForm(ScopedChoicesMixin, forms.ModelForm):
    """One input or output; counterparts limited to what the user may pick."""

    class Meta:
        model = ProcessFlow
        fields = FLOW_FIELDS
        widgets = {"position": forms.NumberInput(attrs={"min": 0, "style": "width: 5rem"})}

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_counterparts(process)
        self.fields["position"].required = False
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"

    def _limit_counterparts(self, process) -> None:
        """Besides the scoping of every form (the records the user may pick, and the ones
        the row already holds): not the process itself, and a counterpart already chosen
        that the user may not see stays selectable (the row stays valid) but is not named."""
        field = cast(forms.ModelChoiceField, self.fields["counterpart_process"])
        queryset = cast(QuerySet, field.queryset)  # scoped by ScopedChoicesMixin
        if process is not None:
            queryset = queryset.exclude(pk=process.pk)
        field.queryset = queryset.order_by("process_type", "code")
        visible_ids = set(choosable(Process, self.user).values_list("pk", flat=True))
        field.label_from_instance = lambda p: (  # type: ignore[method-assign,assignment]
            str(p) if p.pk in visible_ids else str(HIDDEN_COUNTERPART)
        )
        party_field = cast(forms.ModelChoiceField, self.fields["counterpart_party"])
        party_field.queryset = cast(QuerySet, party_field.queryset).order_by("name")

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or 0


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
