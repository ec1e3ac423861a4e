"""Forms of the environment app: a waste code typed as people write it ("12 01 09*",
"120109"), checked against the European List of Waste with a message naming the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import RecordForm, record_form_factory
from amelio.environment import computations as calc
from amelio.environment.models import TreatmentCode, WasteCode

MESSAGES = {
    "empty": _("Give the waste code of the European List of Waste, e.g. 12 01 09*."),
    "format": _("“%(value)s” is not a waste code: write six digits, e.g. 12 01 09 or 120109*."),
    "unknown": _("%(value)s is not in the European List of Waste."),
    "asterisk": _("%(value)s is not a hazardous waste: write it without the asterisk (%(code)s)."),
}


def waste_code_from(text: str) -> WasteCode:
    """The list's entry for a code as written; a ValidationError that says what is wrong."""
    text = str(text or "").strip()
    if text.isdigit() and len(text) == 5:
        # A spreadsheet cell holding 10101 lost the leading zero of chapters 01-09.
        text = text.zfill(6)
    try:
        parsed = calc.parse_waste_code(text)
        entry = WasteCode.objects.filter(code6=parsed.code6).first()
        calc.check_against_list(parsed, entry.hazardous if entry else None)
    except calc.BadWasteCode as error:
        shown = parsed.spaced if error.reason in ("unknown", "asterisk") else text
        raise forms.ValidationError(
            MESSAGES[error.reason],
            code=error.reason,
            params={"value": shown + ("*" if error.reason == "asterisk" else ""), "code": shown},
        ) from None
    assert entry is not None  # noqa: S101  # narrows the type for mypy
    return entry


class WasteCodeField(forms.CharField):
    """A text input with the list's codes offered as suggestions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault(
            "help_text", _("Six digits of the European List of Waste; hazardous ones end in *.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "waste-codes", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, int):  # the stored foreign key, on an edit form
            entry = WasteCode.objects.filter(pk=value).first()
            return entry.official if entry else value
        if isinstance(value, WasteCode):
            return value.official
        return value

    def clean(self, value):
        value = super().clean(value)
        return waste_code_from(value)


def stream_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class StreamForm(base):  # type: ignore[valid-type, misc]
        waste_code = WasteCodeField(label=_("waste code"))

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["treatment"].queryset = TreatmentCode.objects.filter(in_use=True)
            from amelio.core.forms import _style

            _style(self.fields["waste_code"])
            if self.instance.pk and not self.is_bound:
                self.initial["waste_code"] = self.instance.waste_code.official
            self.order_fields(register.form_fields)

        def clean(self):
            data = super().clean()
            code = data.get("waste_code")
            if code is not None and not data.get("category"):
                data["category"] = "DD" if code.hazardous else "DND"
            return data

    return StreamForm


def movement_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class MovementForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stream = self.fields["stream"]
            stream.queryset = stream.queryset.select_related("waste_code")
            self.fields["treatment"].queryset = TreatmentCode.objects.filter(in_use=True)

    return MovementForm


def aspect_form(register) -> type[RecordForm]:
    """The aspect form: the matrix choice with its scales."""
    from amelio.scoring.forms import setup_matrix_fields

    base = record_form_factory(register)

    class AspectForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            setup_matrix_fields(
                self, ("likelihood", "severity", "third"), {"rating": str(_("Rating"))}
            )

    return AspectForm


def installation_form(register) -> type[RecordForm]:
    """The installation form: the rubriques of the nomenclature offered as suggestions."""
    base = record_form_factory(register)

    class InstallationForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["rubrique"].widget.attrs.update(
                {"list": "icpe-rubriques", "autocomplete": "off", "inputmode": "numeric"}
            )

    return InstallationForm
