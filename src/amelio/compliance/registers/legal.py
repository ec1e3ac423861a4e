"""How the legal register appears: the legal texts with their requirements and applicability
rules, the legal register of the sites (which texts apply, and the conformity to each), the
conformity evaluations, the declared site facts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.compliance import views_legal
from amelio.compliance.models import (
    Applicability,
    DeclaredFact,
    Evaluation,
    LegalRequirement,
    LegalText,
    TextRule,
)
from amelio.core.registry import Register, registry


@registry.register
class LegalTextRegister(Register):
    """The library of legal texts (veille réglementaire): laws, decrees, orders, European
    regulations, each with its requirements and the rules that propose it to a site."""

    model = LegalText
    slug = "texts"
    columns = ["reference", "title", "citation", "domain", "status", "published_on", "confidence"]
    sortable = ["reference", "title", "domain", "status", "published_on", "confidence"]
    filters = ["org_unit", "domain", "status", "confidence", "theme", "published_on", "owner"]
    search = ["reference", "title", "citation", "nor", "theme", "summary"]
    default_sort = "title"
    form_fields = [
        "title",
        "org_unit",
        "citation",
        "nor",
        "source_url",
        "domain",
        "theme",
        "published_on",
        "applies_from",
        "status",
        "replaced_by",
        "summary",
        "confidence",
        "owner",
    ]
    example = {
        "source_url": "https://www.legifrance.gouv.fr/",
        "status": "in_force",
        "replaced_by": "",
    }
    area = "planning"
    icon = "bank"
    order = 300
    # A provider's watch feed comes as XLSX or CSV.
    import_csv = True

    extra_views = views_legal.TEXT_EXTRA_VIEWS

    def detail_context(self, record, request) -> dict:
        return views_legal.text_context(record, request)


@registry.register
class LegalRequirementRegister(Register):
    """The requirements drawn from the texts, one checkable obligation each."""

    model = LegalRequirement
    slug = "requirements"
    columns = ["reference", "title", "text", "article", "periodicity_months"]
    sortable = ["reference", "title", "article", "periodicity_months"]
    filters = ["org_unit", "text", "periodicity_months"]
    search = ["reference", "title", "article", "details"]
    default_sort = "reference"
    form_fields = ["text", "org_unit", "title", "article", "details", "periodicity_months"]
    area = "planning"
    icon = "list-check"
    order = 305
    owner_field = None


@registry.register
class TextRuleRegister(Register):
    """The conditions on a site's facts that propose a text to it."""

    model = TextRule
    slug = "rules"
    columns = ["reference", "text", "group", "condition"]
    computed_columns = {"condition": _("condition")}
    sortable = ["reference", "group"]
    filters = ["org_unit", "text", "fact", "operator"]
    search = ["reference", "fact", "parameter", "value"]
    default_sort = "reference"
    form_fields = ["text", "org_unit", "group", "fact", "parameter", "operator", "value"]
    example = {"fact": "site_icpe_regime", "parameter": "", "operator": "in"}
    area = "planning"
    icon = "funnel"
    order = 306
    owner_field = None


@registry.register
class ApplicabilityRegister(Register):
    """The legal register of the sites: the texts that apply to each site (proposed from its
    facts, decided by the coordinator) and the site's conformity to each."""

    model = Applicability
    slug = "register"
    columns = [
        "reference",
        "text",
        "decision",
        "conformity",
        "last_evaluated_on",
        "next_evaluation_due",
    ]
    sortable = [
        "reference",
        "decision",
        "conformity",
        "last_evaluated_on",
        "next_evaluation_due",
    ]
    filters = [
        "org_unit",
        "decision",
        "conformity",
        "text",
        "next_evaluation_due",
        "last_evaluated_on",
    ]
    search = ["reference", "justification", "matched_facts"]
    default_sort = "next_evaluation_due"
    form_fields = ["text", "org_unit", "decision", "justification"]
    detail_fields = [
        *form_fields,
        "matched_facts",
        "rule_matches",
        "decided_by",
        "decided_on",
        "conformity",
        "last_evaluated_on",
        "next_evaluation_due",
    ]
    api_read_only = [
        "matched_facts",
        "rule_matches",
        "decided_by",
        "decided_on",
        "conformity",
        "last_evaluated_on",
        "next_evaluation_due",
    ]
    area = "planning"
    icon = "journal-check"
    order = 302
    owner_field = None
    review_date_field = "next_evaluation_due"

    extra_views = views_legal.EXTRA_VIEWS

    def detail_context(self, record, request) -> dict:
        return views_legal.applicability_context(record, request)

    def base_queryset(self):
        return super().base_queryset().select_related("text")


@registry.register
class DeclaredFactRegister(Register):
    """Facts of a site that no other register holds, declared for the applicability rules."""

    model = DeclaredFact
    slug = "facts"
    columns = ["reference", "fact", "note"]
    sortable = ["reference", "fact"]
    filters = ["org_unit", "fact"]
    search = ["reference", "note"]
    form_fields = ["fact", "org_unit", "note"]
    area = "planning"
    icon = "clipboard-data"
    order = 308
    owner_field = None


@registry.register
class EvaluationRegister(Register):
    """The periodic evaluation of conformity to each requirement, site by site (ISO 14001
    and 45001 §9.1.2, ISO 50001 §9.1.2)."""

    model = Evaluation
    slug = "evaluations"
    columns = ["reference", "requirement", "evaluated_on", "result", "evaluator", "next_due"]
    sortable = ["reference", "evaluated_on", "result", "next_due"]
    filters = ["org_unit", "result", "requirement", "evaluated_on", "next_due", "evaluator"]
    search = ["reference", "evidence", "evidence_record"]
    default_sort = "-evaluated_on"
    form_fields = [
        "requirement",
        "org_unit",
        "evaluated_on",
        "result",
        "evidence",
        "evidence_record",
        "evaluator",
    ]
    detail_fields = [*form_fields, "next_due"]
    api_read_only = ["next_due"]
    area = "performance"
    icon = "clipboard2-check"
    order = 315
    owner_field = "evaluator"

    def detail_context(self, record, request) -> dict:
        return views_legal.evaluation_context(record, request)

    def base_queryset(self):
        return super().base_queryset().select_related("requirement__text")
