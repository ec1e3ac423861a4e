"""How the context records appear: registers, with the SWOT board, PESTEL view and the
influence/interest grid as extra views."""

from django.utils.translation import gettext_lazy as _

from amelio.context import views
from amelio.context.models import ContextIssue, InterestedParty, ManagementText
from amelio.core.registry import ExtraView, Register, registry


@registry.register
class ContextIssueRegister(Register):
    """Internal and external issues (ISO clause 4.1)."""

    model = ContextIssue
    slug = "issues"
    columns = [
        "reference",
        "title",
        "swot",
        "pestel",
        "impact",
        "trend",
        "owner",
        "review_date",
    ]
    filters = [
        "org_unit",
        "origin",
        "swot",
        "pestel",
        "domain",
        "impact",
        "trend",
        "climate_related",
        "owner",
        "review_date",
    ]
    search = ["reference", "title", "description"]
    form_fields = [
        "title",
        "org_unit",
        "origin",
        "swot",
        "pestel",
        "domain",
        "description",
        "impact",
        "trend",
        "climate_related",
        "owner",
        "review_date",
    ]
    example = {"origin": "external", "swot": "threat", "pestel": "economic"}
    area = "context"
    icon = "compass"
    order = 10
    review_date_field = "review_date"
    extra_views = [
        ExtraView("swot", views.SwotBoardView, _("SWOT board"), "grid-1x2"),
        ExtraView("pestel", views.PestelView, _("PESTEL view"), "columns-gap"),
    ]


@registry.register
class InterestedPartyRegister(Register):
    """Interested parties and their needs and expectations (ISO clause 4.2)."""

    model = InterestedParty
    slug = "parties"
    columns = [
        "reference",
        "name",
        "category",
        "origin",
        "influence",
        "interest",
        "owner",
        "review_date",
    ]
    filters = [
        "org_unit",
        "category",
        "origin",
        "influence",
        "interest",
        "compliance_obligation",
        "climate_related",
        "owner",
        "review_date",
    ]
    search = ["reference", "name", "needs", "response"]
    form_fields = [
        "name",
        "org_unit",
        "category",
        "origin",
        "needs",
        "compliance_obligation",
        "climate_related",
        "influence",
        "interest",
        "response",
        "owner",
        "review_date",
    ]
    area = "context"
    icon = "people"
    order = 20
    review_date_field = "review_date"
    extra_views = [
        ExtraView("grid", views.InfluenceGridView, _("Influence / interest grid"), "grid-3x3")
    ]


@registry.register
class ManagementTextRegister(Register):
    """Scope of the management system and QSE policy, versioned and approved."""

    model = ManagementText
    slug = "texts"
    columns = [
        "reference",
        "kind",
        "title",
        "version_label",
        "status",
        "effective_date",
        "approved_by",
    ]
    filters = ["org_unit", "kind", "status", "owner"]
    search = ["reference", "title", "body"]
    form_fields = [
        "kind",
        "title",
        "org_unit",
        "version_label",
        "standards",
        "body",
        "exclusions",
        "effective_date",
        "owner",
        "review_date",
    ]
    detail_fields = [
        "kind",
        "title",
        "org_unit",
        "version_label",
        "standards",
        "body",
        "exclusions",
        "effective_date",
        "approved_by",
        "approved_at",
        "owner",
        "review_date",
    ]
    # Set by the approval: the API gives them, read-only.
    api_read_only = ["status", "approved_by", "approved_at"]
    area = "leadership"
    icon = "file-earmark-text"
    order = 30
    review_date_field = "review_date"

    def detail_context(self, record, request) -> dict:
        from amelio.context.services import text_versions

        return {"versions": text_versions(record).select_related("approved_by")}
