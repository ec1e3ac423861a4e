"""How the audits app appears: the programme (with its coverage matrix), the audits (plan,
checklist, findings, report), the findings register and the checklist templates."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.audits import serializers, views
from amelio.audits.models import Audit, AuditProgramme, ChecklistTemplate, Finding
from amelio.audits.models.audits import FORM_FIELDS as AUDIT_FIELDS
from amelio.audits.models.findings import FORM_FIELDS as FINDING_FIELDS
from amelio.audits.workflows import AUDIT_NOT_FINAL
from amelio.core.registry import ExtraView, Register, registry


@registry.register
class AuditProgrammeRegister(Register):
    """Audit programmes over one to three years, with their coverage matrix."""

    model = AuditProgramme
    slug = "programmes"
    columns = ["reference", "title", "start_year", "end_year", "status", "owner"]
    sortable = ["reference", "title", "start_year", "status"]
    filters = ["org_unit", "status", "start_year"]
    search = ["reference", "title", "objectives", "scope"]
    default_sort = "-start_year"
    form_fields = [
        "title",
        "org_unit",
        "start_year",
        "end_year",
        "objectives",
        "scope",
        "criteria",
        "owner",
    ]
    api_read_only = ["status"]
    area = "performance"
    icon = "calendar3-range"
    order = 500
    example = {"start_year": 2026, "end_year": 2028}

    def detail_context(self, record, request) -> dict:
        return views.programme_context(record, request.user)


@registry.register
class AuditRegister(Register):
    """Audits: internal, supplier, second and third party, from the plan to the signed report."""

    model = Audit
    slug = "audits"
    columns = ["reference", "title", "audit_type", "status", "planned_start", "lead_auditor"]
    sortable = ["reference", "title", "audit_type", "status", "planned_start"]
    filters = [
        "org_unit",
        "status",
        "audit_type",
        "programme",
        "lead_auditor",
        "planned_start",
        "supplier",
    ]
    search = ["reference", "title", "scope", "third_party"]
    default_sort = "-planned_start"
    form_fields = AUDIT_FIELDS
    detail_fields = AUDIT_FIELDS
    serializer_class = serializers.AuditSerializer
    area = "performance"
    icon = "clipboard-check"
    order = 510
    review_date_field = "planned_start"
    owner_field = "lead_auditor"
    extra_views = [
        ExtraView("indicators", views.AuditIndicatorsView, _("Audit indicators"), "speedometer2")
    ]
    example = {"audit_type": "process", "programme": ""}

    def build_form_class(self):
        from amelio.audits.forms import audit_form

        return audit_form(self)

    def base_queryset(self):
        return super().base_queryset().prefetch_related("processes", "team", "auditees", "clauses")

    def still_open(self, queryset):
        return queryset.filter(status__in=AUDIT_NOT_FINAL)

    def detail_context(self, record, request) -> dict:
        return views.audit_context(record, request.user)


@registry.register
class FindingRegister(Register):
    """Audit findings of every audit, by grade and process; nonconformities and improvement
    opportunities raise their follow-up."""

    model = Finding
    slug = "findings"
    columns = ["reference", "title", "grade", "audit", "process"]
    sortable = ["reference", "title", "grade"]
    filters = ["org_unit", "grade", "audit", "process"]
    search = ["reference", "title", "description", "requirement"]
    form_fields = [*FINDING_FIELDS[:4], "org_unit", *FINDING_FIELDS[4:]]
    detail_fields = [*FINDING_FIELDS, "org_unit", "nonconformity"]
    api_read_only = ["nonconformity"]
    area = "performance"
    icon = "search"
    order = 520
    owner_field = None
    example = {"grade": "observation"}
    parent = "audit"

    def build_form_class(self):
        from amelio.audits.forms import finding_form

        return finding_form(self)


@registry.register
class ChecklistTemplateRegister(Register):
    """Reusable checklists: free lists of questions, or built from a process sheet."""

    model = ChecklistTemplate
    slug = "checklists"
    columns = ["reference", "title", "process"]
    sortable = ["reference", "title"]
    filters = ["org_unit", "process"]
    search = ["reference", "title", "description"]
    form_fields = ["title", "org_unit", "process", "description"]
    area = "performance"
    icon = "list-check"
    order = 530
    owner_field = None

    def detail_context(self, record, request) -> dict:
        return views.template_context(record, request.user)
