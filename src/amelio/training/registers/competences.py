"""How the competences appear: the catalogue of skills and authorisations, the jobs, the
requirements, the skills people hold, and the qualifications of each person against what is
required of them (with the matrix)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from amelio.core.registry import Register, registry
from amelio.training import competences, views_competences
from amelio.training.models import (
    CompetenceRequirement,
    Job,
    PersonSkill,
    Qualification,
    Skill,
)

competences.connect_signals()


@registry.register
class SkillRegister(Register):
    """The company's catalogue of skills, authorisations, habilitations, certificates and
    qualifications, with their validity and legal basis."""

    model = Skill
    slug = "skills"
    columns = ["reference", "code", "name", "kind", "validity_months", "legal_requirement"]
    sortable = ["reference", "code", "name", "kind", "validity_months"]
    filters = ["org_unit", "kind", "legal_requirement", "levels_used", "validity_months"]
    search = ["reference", "code", "name", "basis"]
    default_sort = "code"
    form_fields = [
        "code",
        "name",
        "org_unit",
        "kind",
        "validity_months",
        "legal_requirement",
        "basis",
        "source_url",
        "confidence",
        "levels_used",
        "reminder_days",
    ]
    example = {"source_url": "https://www.inrs.fr/", "confidence": ""}
    area = "support"
    icon = "patch-check"
    order = 540
    owner_field = None
    extra_views = views_competences.SKILL_EXTRA_VIEWS

    def detail_context(self, record, request) -> dict:
        return views_competences.skill_context(record, request)


@registry.register
class JobRegister(Register):
    """The jobs (postes) of each unit and who holds them."""

    model = Job
    slug = "jobs"
    columns = ["reference", "title", "org_unit"]
    sortable = ["reference", "title"]
    filters = ["org_unit"]
    search = ["reference", "title", "description"]
    default_sort = "title"
    form_fields = ["title", "org_unit", "description", "holders"]
    area = "support"
    icon = "person-badge"
    order = 541
    owner_field = None

    def detail_context(self, record, request) -> dict:
        return views_competences.job_context(record, request)


@registry.register
class CompetenceRequirementRegister(Register):
    """The skills required of a job's holders, of a work unit's people or of a process's
    owner and deputy, with the minimum level."""

    model = CompetenceRequirement
    slug = "requirements"
    columns = ["reference", "skill", "target", "min_level", "mandatory"]
    computed_columns = {"target": _("required for")}
    sortable = ["reference", "min_level"]
    filters = ["org_unit", "skill", "job", "process", "min_level", "mandatory"]
    search = ["reference", "note"]
    default_sort = "reference"
    form_fields = [
        "skill",
        "org_unit",
        "job",
        "work_unit",
        "process",
        "min_level",
        "mandatory",
        "note",
    ]
    area = "support"
    icon = "list-check"
    order = 542
    owner_field = None

    def base_queryset(self):
        return super().base_queryset().select_related("skill", "job", "work_unit", "process")

    def build_form_class(self):
        return views_competences.requirement_form(self)


@registry.register
class PersonSkillRegister(Register):
    """The skills and authorisations people hold: level, dates, evidence, status."""

    model = PersonSkill
    slug = "held"
    columns = ["reference", "person", "skill", "level", "obtained_on", "expires_on", "status"]
    sortable = ["reference", "level", "obtained_on", "expires_on", "status"]
    filters = ["org_unit", "person", "skill", "status", "level", "expires_on", "obtained_on"]
    search = ["reference", "issued_by", "note"]
    default_sort = "expires_on"
    form_fields = [
        "person",
        "skill",
        "org_unit",
        "level",
        "obtained_on",
        "held_since",
        "expires_on",
        "issued_by",
        "note",
    ]
    detail_fields = [*form_fields, "status"]
    api_read_only = ["status"]
    area = "support"
    icon = "award"
    order = 543
    owner_field = None
    review_date_field = "expires_on"

    def base_queryset(self):
        return super().base_queryset().select_related("person", "skill")

    def build_form_class(self):
        return views_competences.person_skill_form(self)

    def detail_context(self, record, request) -> dict:
        return views_competences.person_skill_context(record, request)


def _job_filter(queryset, name, value):
    """The qualifications of the people holding the job."""
    if not value:
        return queryset
    return queryset.filter(person__in=value.holders.values("pk"))


def _jobs(request):
    if request is None:
        return Job.objects.none()
    return registry.get("training.job").queryset_for(request.user).active().order_by("title")


@registry.register
class QualificationRegister(Register):
    """Each person against each skill required of them: held at the level, expiring, below
    the level, expired or missing. The competence gaps, counted by the indicators."""

    model = Qualification
    slug = "qualifications"
    columns = ["reference", "person", "skill", "required_level", "status", "expires_on"]
    sortable = ["reference", "required_level", "status", "expires_on", "since"]
    filters = [
        "org_unit",
        "person",
        "skill",
        "status",
        "mandatory",
        "individual",
        "required_level",
        "expires_on",
    ]
    extra_filters = {
        "job": django_filters.ModelChoiceFilter(
            label=_("Job"), queryset=_jobs, method=_job_filter, empty_label=_("All")
        )
    }
    search = ["reference", "note"]
    default_sort = "status"
    form_fields = ["person", "skill", "org_unit", "required_level", "mandatory", "note"]
    detail_fields = [
        *form_fields,
        "individual",
        "requirements",
        "status",
        "since",
        "person_skill",
        "expires_on",
        "checked_on",
    ]
    api_read_only = [
        "individual",
        "status",
        "since",
        "person_skill",
        "expires_on",
        "checked_on",
    ]
    area = "support"
    icon = "grid-3x3"
    order = 544
    owner_field = None
    review_date_field = "expires_on"
    extra_views = views_competences.QUALIFICATION_EXTRA_VIEWS

    def base_queryset(self):
        return super().base_queryset().select_related("person", "skill")

    def build_form_class(self):
        return views_competences.qualification_form(self)

    def detail_context(self, record, request) -> dict:
        return views_competences.qualification_context(record, request)
