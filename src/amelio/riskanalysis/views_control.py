"""Control-plan pages beyond the generated ones: the plan's characteristics with their due
state, the characteristic's latest controls, the phone page "Record a control" (one
characteristic: value or conform, photo, comment) and the button that creates the SPC
indicator. Every read and write goes through core (`get_record_for`, `record_create`,
`attachment_add`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amelio.core import services as core
from amelio.core.lookups import get_record_for
from amelio.core.permissions import can, model_action
from amelio.core.registry import registry
from amelio.riskanalysis import services_control as services
from amelio.riskanalysis.models import ControlCharacteristic, ControlRecord

LATEST = 20


def _characteristic(request, pk: int, action: str = "view") -> ControlCharacteristic:
    records = ControlCharacteristic.objects.select_related(
        "org_unit", "plan__process", "plan__owner", "responsible", "indicator"
    )
    return get_record_for(request.user, records, pk, action)


def _may_record(user, characteristic: ControlCharacteristic) -> bool:
    return not characteristic.is_archived and can(
        user, model_action(ControlRecord, "add"), characteristic.org_unit
    )


def _may_create_spc(user, characteristic: ControlCharacteristic) -> bool:
    from amelio.indicators.models import Indicator

    unit = characteristic.org_unit
    return (
        characteristic.is_measured
        and not characteristic.is_archived
        and can(user, "change", unit)
        and can(user, model_action(Indicator, "add"), unit)
    )


def plan_context(plan, request) -> dict:
    """The plan's characteristics the user sees, due soonest first."""
    characteristics = list(
        registry.get("riskanalysis.controlcharacteristic")
        .queryset_for(request.user, "view")
        .active()
        .filter(plan=plan)
        .select_related("responsible")
        .order_by("next_due", "pk")
    )
    today = timezone.localdate()
    return {
        "characteristics": [(c, c.due_state(today)) for c in characteristics],
        "characteristic_add_url": registry.get("riskanalysis.controlcharacteristic").add_url(
            plan=plan.pk, org_unit=plan.org_unit_id
        ),
    }


def characteristic_context(characteristic, request) -> dict:
    """The latest controls, the due state and what the user may do from the page."""
    user = request.user
    records = (
        registry.get("riskanalysis.controlrecord")
        .queryset_for(user, "view")
        .active()
        .filter(characteristic=characteristic)
        .select_related("measured_by", "nonconformity")
        .order_by("-measured_at", "-pk")[:LATEST]
    )
    register = registry.get("riskanalysis.controlrecord")
    return {
        "records": list(records),
        "records_url": f"{register.url('list')}?characteristic={characteristic.pk}",
        "due_state": characteristic.due_state(),
        "may_record": _may_record(user, characteristic),
        "may_create_spc": _may_create_spc(user, characteristic),
    }


class MeasureField(forms.DecimalField):
    """A measured value typed on a phone with a comma or a point as the decimal mark,
    whatever the page's language: a measure has no thousands separator to confuse."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", ".").replace(" ", "").replace("\u00a0", "")
        return super().to_python(value)


class RecordForm(forms.Form):
    """What an operator enters on the phone: a value or conform / not conform, a comment and
    a photo. The moment is the moment of the entry."""

    value = MeasureField(
        label=gettext_lazy("Value measured"),
        required=False,
        max_digits=14,
        decimal_places=4,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "form-control"}
        ),
    )
    conform = forms.TypedChoiceField(
        label=gettext_lazy("Result"),
        required=False,
        choices=[("yes", gettext_lazy("Conform")), ("no", gettext_lazy("Not conform"))],
        coerce=lambda answer: answer == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    photo = forms.FileField(
        label=gettext_lazy("Photo"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*", "capture": "environment", "class": "form-control"}
        ),
    )

    def __init__(self, *args, characteristic: ControlCharacteristic, **kwargs):
        super().__init__(*args, **kwargs)
        self.characteristic = characteristic
        if characteristic.is_measured:
            del self.fields["conform"]
            self.fields["value"].required = True
            if characteristic.unit:
                self.fields["value"].label = f"{_('Value measured')} ({characteristic.unit})"
        else:
            del self.fields["value"]
            self.fields["conform"].required = True

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            core.validate_upload(photo)
        return photo


def _save_record(form: RecordForm, user) -> ControlRecord:
    """The record and its photo, together: a photo refused leaves no record behind."""
    characteristic = form.characteristic
    data = form.cleaned_data
    record = ControlRecord(
        characteristic=characteristic,
        org_unit=characteristic.org_unit,
        measured_at=timezone.now(),
        value=data.get("value"),
        conform=data.get("conform", True),
        measured_by=user,
        comment=data.get("comment", ""),
    )
    with transaction.atomic():
        core.record_create(record=record, user=user)
        if data.get("photo"):
            core.attachment_add(record=record, user=user, upload=data["photo"])
    return record


def _result_message(request, record: ControlRecord) -> None:
    if record.nonconformity is None:
        messages.success(request, _("%(record)s recorded: conform.") % {"record": record})
    else:
        messages.warning(
            request,
            _(
                "%(record)s recorded: not conform. Nonconformity %(nc)s raised; apply the reaction plan."
            )
            % {"record": record, "nc": record.nonconformity.reference},
        )


def record_control(request, pk: int):
    """The phone page: one characteristic, its limits and reaction plan, the entry."""
    characteristic = _characteristic(request, pk)
    if not _may_record(request.user, characteristic):
        raise PermissionDenied
    form = RecordForm(request.POST or None, request.FILES or None, characteristic=characteristic)
    if request.method == "POST" and form.is_valid():
        try:
            record = _save_record(form, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _result_message(request, record)
            return redirect(reverse("riskanalysis:control_record", args=[characteristic.pk]))
    context = {
        "register": registry.get("riskanalysis.controlcharacteristic"),
        "characteristic": characteristic,
        "form": form,
        "due_state": characteristic.due_state(),
    }
    return TemplateResponse(request, "riskanalysis/control/record.html", context)


@require_POST
def create_spc_indicator(request, pk: int):
    """Create (once) the characteristic's SPC indicator and open it."""
    characteristic = _characteristic(request, pk, "change")
    if not _may_create_spc(request.user, characteristic):
        raise PermissionDenied
    try:
        indicator = services.spc_indicator_create(characteristic=characteristic, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("riskanalysis:controlcharacteristic_detail", args=[pk]))
    return redirect(reverse("indicators:indicator_detail", args=[indicator.pk]))


urlpatterns: list = [
    path(
        "control-characteristics/<int:pk>/record/",
        record_control,
        name="control_record",
    ),
    path(
        "control-characteristics/<int:pk>/spc/",
        create_spc_indicator,
        name="control_spc",
    ),
]
