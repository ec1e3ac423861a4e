"""How the controlled library appears: the documents (procedures, instructions, forms,
manuals, external documents) and their versions."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.registry import Register, registry
from amelio.documents import figures, views_distribution, views_library
from amelio.documents.models import Document, DocumentVersion


class ReviewFilter(django_filters.ChoiceFilter):
    """The documents whose periodic review is overdue, or due within three months."""

    def filter(self, qs, value):
        if value not in ("overdue", "soon"):
            return qs
        today = timezone.localdate()
        if value == "overdue":
            return figures.reviews_overdue(qs, today)
        return figures.reviews_soon(qs, today)


@registry.register
class DocumentRegister(Register):
    """The controlled library (ISO 7.5): each document with its version in force, who owns it,
    who may read it and when it is reviewed next."""

    model = Document
    slug = "documents"
    columns = [
        "code",
        "title",
        "kind",
        "current_label",
        "status",
        "confidentiality",
        "owner",
        "next_review_on",
    ]
    computed_columns = {"current_label": _("current version")}
    extra_views = views_distribution.LIBRARY_VIEWS
    sortable = ["code", "title", "kind", "status", "confidentiality", "next_review_on"]
    filters = ["org_unit", "kind", "status", "confidentiality", "owner", "next_review_on"]
    extra_filters = {
        "review": ReviewFilter(
            label=_("Periodic review"),
            empty_label=_("All"),
            choices=[
                ("overdue", _("Review overdue")),
                ("soon", _("Review due within 3 months")),
            ],
        )
    }
    search = ["reference", "code", "title", "description"]
    default_sort = "code"
    form_fields = [
        "code",
        "title",
        "kind",
        "org_unit",
        "owner",
        "confidentiality",
        "review_months",
        "processes",
        "description",
        "issuer",
        "external_edition",
        "kept_at",
    ]
    detail_fields = [
        "code",
        "title",
        "kind",
        "org_unit",
        "owner",
        "confidentiality",
        "processes",
        "review_months",
        "next_review_on",
        "description",
    ]
    api_read_only = [
        "status",
        "current_version",
        "next_review_on",
        "withdrawn_on",
        "concerned_count",
        "acknowledged_count",
        "acknowledgement_rate",
    ]
    example = {"kind": "procedure", "confidentiality": "internal", "review_months": 36}
    area = "support"
    icon = "file-earmark-text"
    order = 730
    review_date_field = "next_review_on"

    def build_form_class(self):
        from amelio.documents.forms import document_form

        return document_form(self)

    def base_queryset(self):
        return super().base_queryset().select_related("current_version")

    def still_open(self, queryset):
        return queryset.exclude(status="withdrawn")

    def detail_context(self, record, request) -> dict:
        return views_library.document_context(record, request)


@registry.register
class DocumentVersionRegister(Register):
    """The versions of the documents: drafts, those in review, approved, in force, superseded."""

    model = DocumentVersion
    slug = "versions"
    columns = ["reference", "document", "number", "status", "changes", "published_on"]
    sortable = ["reference", "status", "published_on"]
    filters = ["org_unit", "document", "status", "published_on"]
    search = ["reference", "changes", "body"]
    form_fields = ["document", "org_unit", "changes", "file", "body"]
    detail_fields = ["document", "org_unit", "number", "changes", "sha256"]
    api_read_only = [
        "number",
        "status",
        "sha256",
        "original_name",
        "approved_on",
        "published_on",
        "superseded_on",
    ]
    # The file goes through the page or the API's upload; a list or an import carries the text.
    import_fields = ["document", "org_unit", "changes", "body"]
    export_fields = [
        "reference",
        "document",
        "org_unit",
        "number",
        "status",
        "changes",
        "original_name",
        "sha256",
        "approved_on",
        "published_on",
        "superseded_on",
        "created_at",
        "updated_at",
    ]
    area = "support"
    icon = "files"
    order = 731
    owner_field = None
    parent = "document"

    def build_form_class(self):
        from amelio.documents.forms import version_form

        return version_form(self)

    def get_serializer_class(self):
        from amelio.documents.serializers import VersionSerializer

        return VersionSerializer

    def base_queryset(self):
        return super().base_queryset().select_related("document")

    def still_open(self, queryset):
        return queryset.filter(status__in=("draft", "in_review", "approved"))

    def detail_context(self, record, request) -> dict:
        return views_library.version_context(record, request)
