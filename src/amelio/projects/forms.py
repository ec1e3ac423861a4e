"""Forms of the parts of a project (team, stakeholders, milestones, budget lines, status
reports): each offers only the people and interested parties the user may pick."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import DateInput, ScopedChoicesMixin, _style
from amelio.projects.models import (
    BudgetLine,
    Milestone,
    ProjectPart,
    Stakeholder,
    StatusReport,
    TeamMember,
)


class PartForm(ScopedChoicesMixin, forms.ModelForm):
    """A part of a project: record choices scoped to the user, active people only, Bootstrap
    styles and date pickers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = get_user_model()
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model is people:
                field.queryset = queryset.filter(is_active=True).order_by("last_name", "first_name")  # type: ignore[attr-defined]
            _style(field)


def _form(model: type[models.Model], fields: list[str], rows: int = 2) -> type[PartForm]:
    widgets: dict[str, Any] = {}
    for name in fields:
        field = model._meta.get_field(name)
        if isinstance(field, models.DateField):
            widgets[name] = DateInput()
        elif isinstance(field, models.TextField):
            widgets[name] = forms.Textarea(attrs={"rows": rows})
    form = forms.modelform_factory(model, form=PartForm, fields=fields, widgets=widgets)
    return cast(type[PartForm], form)


@dataclass(frozen=True)
class PartKind:
    """One kind of part: its model, its form, where it is shown on the project page, and
    the title of its form."""

    model: type[ProjectPart]
    form: type[PartForm]
    anchor: str
    add_label: str | Promise


PARTS: dict[str, PartKind] = {
    "member": PartKind(
        TeamMember,
        _form(TeamMember, ["user", "role", "contribution"]),
        "team",
        _("Add a team member"),
    ),
    "stakeholder": PartKind(
        Stakeholder,
        _form(Stakeholder, ["interested_party", "name", "expectations"]),
        "team",
        _("Add a stakeholder"),
    ),
    "milestone": PartKind(
        Milestone,
        _form(Milestone, ["name", "planned_on", "achieved_on", "status"]),
        "milestones",
        _("Add a milestone"),
    ),
    "budget": PartKind(
        BudgetLine,
        _form(BudgetLine, ["label", "category", "planned", "committed", "actual"]),
        "budget",
        _("Add a budget line"),
    ),
    "report": PartKind(
        StatusReport,
        _form(
            StatusReport,
            ["reported_on", "weather", "progress", "done", "next_steps", "issues"],
            rows=3,
        ),
        "reports",
        _("Write a status report"),
    ),
}
