"""How the standards frameworks and their gap assessments appear."""

from __future__ import annotations

from amelio.compliance import frameworks, views_frameworks
from amelio.compliance.models import (
    ClauseAnswer,
    Framework,
    GapAssessment,
)
from amelio.core.permissions import can
from amelio.core.registry import ExtraView, Register, registry


@registry.register
class FrameworkRegister(Register):
    """Standards and reference frameworks with their clause trees."""

    model = Framework
    slug = "frameworks"
    columns = ["reference", "name", "edition", "key", "shipped"]
    sortable = ["reference", "name", "key"]
    filters = ["org_unit", "shipped"]
    search = ["reference", "name", "key", "description"]
    default_sort = "name"
    form_fields = ["name", "org_unit", "edition", "description"]
    detail_fields = [*form_fields, "key", "shipped", "data_version"]
    api_read_only = ["key", "shipped", "data_version"]
    area = "performance"
    icon = "diagram-3"
    order = 540
    owner_field = None
    extra_views = [
        ExtraView(
            "install", views_frameworks.InstallView, views_frameworks.INSTALL_LABEL, "box-seam"
        )
    ]

    def detail_context(self, record, request) -> dict:
        """The clause tree, each shared requirement with the same clause in the other
        frameworks the reader sees."""
        same = frameworks.same_requirement(record, request.user)
        clauses = list(record.clauses.all())
        return {
            "clauses": [(clause, same.get(clause.pk, [])) for clause in clauses],
            "leaf_count": sum(1 for c in clauses if c.leaf),
            "may_load_clauses": not record.shipped
            and not record.is_archived
            and can(request.user, "change", record.org_unit),
        }


@registry.register
class GapAssessmentRegister(Register):
    """Gap assessments (états des lieux) of a site against a framework."""

    model = GapAssessment
    slug = "assessments"
    columns = ["reference", "title", "framework", "assessed_on", "status", "assessor"]
    sortable = ["reference", "title", "assessed_on", "status"]
    filters = ["org_unit", "framework", "status", "assessed_on", "assessor"]
    search = ["reference", "title", "scope"]
    default_sort = "-assessed_on"
    form_fields = ["title", "org_unit", "framework", "assessed_on", "assessor", "scope"]
    area = "performance"
    icon = "bullseye"
    order = 542
    owner_field = "assessor"

    def base_queryset(self):
        return super().base_queryset().select_related("framework")

    def detail_context(self, record, request) -> dict:
        return views_frameworks.assessment_context(record, request)


@registry.register
class ClauseAnswerRegister(Register):
    """The answers of the gap assessments, clause by clause."""

    model = ClauseAnswer
    slug = "answers"
    parent = "assessment"
    columns = ["reference", "assessment", "clause", "result", "maturity", "applicable"]
    sortable = ["reference", "result", "maturity"]
    filters = ["org_unit", "assessment", "result", "applicable", "maturity"]
    search = ["reference", "evidence", "comment"]
    default_sort = "reference"
    form_fields = [
        "assessment",
        "org_unit",
        "clause",
        "result",
        "maturity",
        "applicable",
        "exclusion_reason",
        "evidence",
        "comment",
    ]
    example = {"applicable": "on", "maturity": 3}
    area = "performance"
    icon = "check2-square"
    order = 544
    owner_field = None

    def base_queryset(self):
        return super().base_queryset().select_related("clause__framework", "assessment")
