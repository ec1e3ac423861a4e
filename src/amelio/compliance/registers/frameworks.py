"""How the standards frameworks and their gap assessments appear."""

from __future__ import annotations

from amelio.compliance.models import (
    ClauseAnswer,
    Framework,
    GapAssessment,
)
from amelio.core.registry import Register, registry


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
