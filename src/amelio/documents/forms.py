"""Forms of the controlled library: the document and the version (the register's forms), and
the small forms of their pages: a reviewer or approver named, a signature, a distribution
line."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.forms import RecordForm, _style, record_form_factory
from amelio.core.models import OrgUnit
from amelio.core.permissions import Role
from amelio.documents.models import (
    VERSION_EXTENSIONS,
    Document,
    SignoffDecision,
    SignoffRole,
)

# The fields of an external document (a standard, a customer's specification).
EXTERNAL_FIELDS = ("issuer", "external_edition", "kept_at")


def document_form(register) -> type[RecordForm]:
    """The document's form: the processes as ticks, the external fields marked so that the
    page shows them for an external document only."""
    base = record_form_factory(register)

    class DocumentForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if "processes" in self.fields:
                self.fields["processes"].widget.attrs["size"] = 6
            self.fields["description"].widget.attrs["rows"] = 4

    return DocumentForm


def version_form(register) -> type[RecordForm]:
    """The version's form: the documents that still take versions, the unit of the document
    chosen, the text with its toolbar."""
    base = record_form_factory(register)

    class VersionForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # A withdrawn document stays offered: saving says why it takes no new version.
            documents = cast(forms.ModelChoiceField, self.fields["document"])
            if documents.queryset is not None:
                documents.queryset = documents.queryset.order_by("code")
            body = self.fields["body"].widget
            body.attrs.update({"rows": 18, "class": "form-control font-monospace amelio-richtext"})
            self.fields["file"].widget.attrs["accept"] = ",".join(
                f".{suffix}" for suffix in VERSION_EXTENSIONS
            )
            self._unit_from_document()

        def _unit_from_document(self) -> None:
            """A new version opened from its document's page starts in the document's unit."""
            if self.is_bound or self.instance.pk:
                return
            document_id = str(self.initial.get("document") or "")
            if document_id.isdigit() and not self.initial.get("org_unit"):
                found = Document.objects.filter(pk=int(document_id)).values("org_unit").first()
                if found:
                    self.initial["org_unit"] = found["org_unit"]

    return VersionForm


def people_for(document: Document):
    """The active people who may read the document's unit: a role on it, above it, or below
    it (a company's document is read by its sites)."""
    parts = [p for p in document.org_unit.path.split("/") if p]
    above = ["/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1)]
    people = get_user_model()._default_manager.filter(is_active=True)
    reach = Q(role_assignments__org_unit__path__in=above) | Q(
        role_assignments__org_unit__path__startswith=document.org_unit.path
    )
    return people.filter(pk__in=people.filter(reach).values("pk")).order_by(
        "last_name", "first_name", "username"
    )


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} — {obj.job_title}" if getattr(obj, "job_title", "") else name


class SignoffForm(forms.Form):
    """Name a reviewer or an approver of a draft version."""

    person = PersonChoice(label=_("person"), queryset=get_user_model()._default_manager.none())
    role = forms.ChoiceField(label=_("role"), choices=SignoffRole.choices)

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people_for(document)
        for field in self.fields.values():
            _style(field)


class SignatureForm(forms.Form):
    """A signed decision: approve or request changes, with the password again."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (SignoffDecision.APPROVED, pgettext_lazy("signature", "I approve")),
            (SignoffDecision.CHANGES, _("I request changes")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you request changes."),
    )
    password = forms.CharField(
        label=_("your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Signing asks for your password again."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("comment", "password"):
            _style(self.fields[name])


class DistributionForm(forms.Form):
    """One line of a document's distribution: a person, an org unit or a role."""

    person = PersonChoice(
        label=_("person"), required=False, queryset=get_user_model()._default_manager.none()
    )
    org_unit = forms.ModelChoiceField(
        label=_("org unit"), required=False, queryset=OrgUnit.objects.none()
    )
    role = forms.ChoiceField(label=_("role"), required=False, choices=[("", "—"), *Role.choices])

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people_for(document)
        units = cast(forms.ModelChoiceField, self.fields["org_unit"])
        units.queryset = (
            OrgUnit.objects.active()
            .filter(path__startswith=document.org_unit.path)
            .order_by("path")
        )
        units.label_from_instance = _indented  # type: ignore[method-assign, assignment]
        for field in self.fields.values():
            _style(field)

    def clean(self):
        data = super().clean() or {}
        chosen = [name for name in ("person", "org_unit", "role") if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose one person, one org unit or one role."))
        return data


def _indented(unit) -> str:
    return "\u2003" * unit.depth + unit.name
