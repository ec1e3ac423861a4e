"""How record retention appears: the retention rules (with the shipped ones and their
sources), the legal holds, and the purge runs (with the records due, the dry run)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.core.registry import Register, registry
from amelio.documents import views_retention
from amelio.documents.models.retention import LegalHold, PurgeRun, RetentionRule

RULE_FIELDS = [
    "title",
    "org_unit",
    "record_type",
    "start_field",
    "years",
    "months",
    "action",
    "basis",
    "citation",
    "source_url",
    "confidence",
    "notes",
]
HOLD_FIELDS = [
    "title",
    "org_unit",
    "scope",
    "record_type",
    "record_reference",
    "reason_kind",
    "details",
    "placed_by",
    "held_from",
    "held_until",
]
RUN_FIELDS = ["title", "org_unit", "as_of", "notes"]
RUN_STATE = ["status", "approved_by", "approved_at", "done_by", "done_at"]
RUN_COUNTS = ["planned_count", "done_count", "skipped_count", "failed_count"]


@registry.register
class RetentionRuleRegister(Register):
    """How long each kind of record is kept, from which date, and what happens then."""

    model = RetentionRule
    slug = "retention-rules"
    columns = [
        "reference",
        "title",
        "record_type",
        "start_event",
        "duration",
        "action",
        "basis_short",
        "confidence_tag",
    ]
    computed_columns = {
        "start_event": _("start event"),
        "duration": _("duration"),
        "basis_short": _("basis"),
        "confidence_tag": _("confidence"),
    }
    sortable = ["reference", "title", "record_type", "action", "basis"]
    filters = ["org_unit", "record_type", "action", "basis", "confidence"]
    search = ["reference", "title", "citation", "notes"]
    default_sort = "record_type"
    form_fields = RULE_FIELDS
    detail_fields = [
        "title",
        "org_unit",
        "record_type",
        "start_event",
        "duration",
        "action",
        "basis",
        "citation",
        "source_url",
        "confidence",
        "notes",
    ]
    area = "support"
    icon = "hourglass-split"
    order = 790
    owner_field = None
    example = {
        "record_type": "safety.safetyevent",
        "start_field": "occurred_at",
        "years": 10,
        "months": 0,
        "action": "archive",
        "basis": "law",
        "confidence": "V",
        "source_url": "https://www.legifrance.gouv.fr/codes/id/LEGITEXT000006070721/",
    }
    extra_views = views_retention.RULE_VIEWS

    def build_form_class(self):
        return views_retention.rule_form(self)

    def detail_context(self, record, request) -> dict:
        return views_retention.rule_context(record, request)


@registry.register
class LegalHoldRegister(Register):
    """Records, or whole record types, that no purge may touch while the hold is in force."""

    model = LegalHold
    slug = "legal-holds"
    columns = [
        "reference",
        "title",
        "record_type",
        "record_reference",
        "reason_kind",
        "held_from",
        "held_until",
        "status",
    ]
    sortable = ["reference", "title", "record_type", "held_from", "held_until", "status"]
    filters = ["org_unit", "scope", "record_type", "reason_kind", "status", "placed_by"]
    search = ["reference", "title", "record_reference", "details"]
    default_sort = "-held_from"
    form_fields = HOLD_FIELDS
    detail_fields = [*HOLD_FIELDS, "status", "released_on", "released_by", "release_reason"]
    api_read_only = ["status", "released_on", "released_by", "release_reason"]
    area = "support"
    icon = "lock"
    order = 792
    owner_field = "placed_by"
    example = {"scope": "type", "record_type": "safety.safetyevent", "reason_kind": "audit"}

    def detail_context(self, record, request) -> dict:
        return views_retention.hold_context(record, request)


@registry.register
class PurgeRunRegister(Register):
    """Purges of the records due: proposed with their list frozen, approved by another
    coordinator, carried out, each record logged."""

    model = PurgeRun
    slug = "purge-runs"
    columns = ["reference", "title", "as_of", "status", "planned_count", "done_count"]
    sortable = ["reference", "title", "as_of", "status", "planned_count"]
    filters = ["org_unit", "status", "as_of"]
    search = ["reference", "title", "notes"]
    default_sort = "-as_of"
    form_fields = RUN_FIELDS
    detail_fields = [*RUN_FIELDS, *RUN_STATE, *RUN_COUNTS]
    api_read_only = [*RUN_STATE, *RUN_COUNTS]
    area = "support"
    icon = "recycle"
    order = 794
    owner_field = None
    extra_views = views_retention.RUN_VIEWS

    def detail_context(self, record, request) -> dict:
        return views_retention.run_context(record, request)
