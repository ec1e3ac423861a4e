"""Pages of the competences that are not generated from the registry: the forms' rules, the
detail panels (a skill's holders, a job's requirements and people, a skill held and what it
qualifies for), the matrix (people × skills, page and workbook) and the installation of the
shipped catalogue."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import record_form_factory

SKILL_EXTRA_VIEWS: list = []
QUALIFICATION_EXTRA_VIEWS: list = []


# Forms ----------------------------------------------------------------------------------------


def requirement_form(register):
    """The requirement's form: the work units offered are work units."""
    from amelio.core.models import OrgUnit

    base = record_form_factory(register)

    class RequirementForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            units = self.fields["work_unit"]
            units.queryset = OrgUnit.objects.active().filter(kind=OrgUnit.Kind.WORK_UNIT)
            units.queryset = units.queryset.order_by("path")

    return RequirementForm


def person_skill_form(register):
    """A skill held: the expiry is worked out again when the day obtained changes and the
    expiry was not changed with it; one active record per person and skill."""
    base = record_form_factory(register)

    class PersonSkillForm(base):  # type: ignore[valid-type, misc]
        def clean(self):
            data = super().clean()
            changed = self.changed_data
            if self.instance.pk and "obtained_on" in changed and "expires_on" not in changed:
                data["expires_on"] = None
            person, skill = data.get("person"), data.get("skill")
            if person and skill and _duplicate(register.model, self.instance, person, skill):
                self.add_error(
                    "skill",
                    ValidationError(
                        _("This person already holds this skill: renew the record they have.")
                    ),
                )
            return data

    return PersonSkillForm


def qualification_form(register):
    """A qualification added by hand is an individual requirement; one drawn from the
    requirements only takes a note (the refresh keeps the rest)."""
    base = record_form_factory(register)

    class QualificationForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk and not self.instance.individual:
                for name in ("person", "skill", "org_unit", "required_level", "mandatory"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Drawn from the requirements.")

        def clean(self):
            data = super().clean()
            person, skill = data.get("person"), data.get("skill")
            if (
                person
                and skill
                and (self.instance.pk is None or self.instance.individual)
                and _duplicate(register.model, self.instance, person, skill, individual=True)
            ):
                self.add_error(
                    "skill", _("This skill is already required of this person individually.")
                )
            return data

    return QualificationForm


def _duplicate(model, instance, person, skill, **extra) -> bool:
    others = model.objects.active().filter(person=person, skill=skill, **extra)
    if instance.pk:
        others = others.exclude(pk=instance.pk)
    return others.exists()


# Detail panels --------------------------------------------------------------------------------


def skill_context(skill, request) -> dict:
    return {}


def job_context(job, request) -> dict:
    return {}


def person_skill_context(holding, request) -> dict:
    return {}


urlpatterns: list = []
