"""Record retention (GDPR art. 5.1.e, ISO 7.5.3): how long each kind of record is kept and
what happens at expiry (`RetentionRule`), the legal holds that suspend it (`LegalHold`), and
the purge runs that carry it out once approved (`PurgeRun`), with the log of every record
they touched (`PurgeItem`, kept forever). The computations are in `documents.retention`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Record, active_index
from amelio.documents.workflows_retention import hold_workflow, purge_workflow

__all__ = [
    "HoldReason",
    "HoldScope",
    "ItemOutcome",
    "LegalHold",
    "PurgeItem",
    "PurgeRun",
    "RetentionAction",
    "RetentionBasis",
    "RetentionConfidence",
    "RetentionRule",
]


def record_type_choices() -> list[tuple[str, str]]:
    """Every register of Amelio, by label: the record types a rule may govern."""
    from amelio.documents.retention import record_types

    return record_types()


def holdable_choices() -> list[tuple[str, str]]:
    """The record types a legal hold may name: every register, and the published DUERP
    versions."""
    from amelio.documents.retention import holdable_types

    return holdable_types()


class RetentionAction(models.TextChoices):
    ARCHIVE = "archive", pgettext_lazy("retention action", "Archive")
    ANONYMISE = "anonymise", pgettext_lazy("retention action", "Anonymise")
    DESTROY = "destroy", pgettext_lazy("retention action", "Destroy after approval")


class RetentionBasis(models.TextChoices):
    LAW = "law", _("Legal requirement")
    PRACTICE = "practice", _("Company practice (the law sets no duration)")


class RetentionConfidence(models.TextChoices):
    CONFIRMED = "C", _("[C] confirmed in a primary source")
    SECONDARY = "S", _("[S] secondary source only")
    VERIFY = "V", _("[V] to verify")


BASIS_SHORT: dict[str, Any] = {
    RetentionBasis.LAW: pgettext_lazy("retention basis", "Law"),
    RetentionBasis.PRACTICE: pgettext_lazy("retention basis", "Practice"),
}

# Record types whose records are kept whatever a rule says: the holds and the purge log are
# the proof of what retention did (an archive rule is allowed, nothing more).
KEPT_TYPES = frozenset({"documents.legalhold", "documents.purgerun"})


# Rules, holds and purges decide what becomes of every other record: only those who may
# approve in a unit (coordinators, administrators) set them, on every path.
SETTING_ACTIONS = dict.fromkeys(("add", "change", "archive", "import"), "approve")


class RetentionRule(Record):
    """How long one kind of record is kept: from which event (a date of the record), for how
    long, and what happens then (archive, anonymise, destroy after approval), on which legal
    basis. A rule applies to the records of its unit and below; when several rules with the
    same action apply to a record, the one that keeps it longest governs."""

    REFERENCE_PREFIX = "CONS"
    REQUIRED_ACTIONS = SETTING_ACTIONS

    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Written for you when left empty.")
    )
    record_type = models.CharField(_("record type"), max_length=100, choices=record_type_choices)
    start_field = models.CharField(
        _("start event"),
        max_length=60,
        help_text=_("The date of the record the duration runs from."),
    )
    years = models.PositiveSmallIntegerField(
        _("years"), default=0, validators=[MaxValueValidator(100)]
    )
    months = models.PositiveSmallIntegerField(
        _("months"), default=0, validators=[MaxValueValidator(11)]
    )
    action = models.CharField(
        _("at expiry"), max_length=10, choices=RetentionAction.choices, default="archive"
    )
    basis = models.CharField(
        _("basis"), max_length=10, choices=RetentionBasis.choices, default="law"
    )
    citation = models.CharField(
        pgettext_lazy("legal text", "legal reference"), max_length=300, blank=True
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=RetentionConfidence.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    library_key = models.CharField(_("library key"), max_length=80, blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("docret", f)
                for f in ("reference", "title", "record_type", "action", "basis", "confidence")
            ],
        ]

    def clean(self) -> None:
        from amelio.documents.retention import rule_problems

        errors = rule_problems(self)
        if errors:
            raise ValidationError(errors)
        if not self.title.strip():
            from amelio.documents.retention import rule_title

            self.title = rule_title(self)[:200]

    @property
    def duration_months(self) -> int:
        return self.years * 12 + self.months

    @property
    def duration(self) -> str:
        from amelio.documents.retention import duration_text

        return duration_text(self.years, self.months)

    @property
    def start_event(self) -> str:
        from amelio.documents.retention import start_label

        return start_label(self.record_type, self.start_field)

    @property
    def basis_short(self) -> str:
        """The basis in one word, for the list ("law", "practice")."""
        return str(BASIS_SHORT.get(self.basis, self.basis))

    @property
    def confidence_tag(self) -> str:
        """The confidence as its tag ("[C]"), or a dash for company practice."""
        return f"[{self.confidence}]" if self.confidence else "—"


class HoldScope(models.TextChoices):
    RECORD = "record", _("One record")
    TYPE = "type", _("A whole record type")


class HoldReason(models.TextChoices):
    AUDIT = "audit", pgettext_lazy("hold reason", "Audit")
    LITIGATION = "litigation", pgettext_lazy("hold reason", "Litigation")
    INSPECTION = "inspection", pgettext_lazy("hold reason", "Labour or environmental inspection")
    INSURER = "insurer", pgettext_lazy("hold reason", "Insurer's claim")
    AUTHORITY = "authority", pgettext_lazy("hold reason", "Request of an authority")
    OTHER = "other", pgettext_lazy("hold reason", "Other")


class LegalHold(Record):
    """A record, or a whole record type in a unit, that no purge may touch while the hold is
    in force (an audit, a litigation, a labour inspection, an insurer's claim). Holds are
    released with a reason, never deleted; a hold archived while active still holds."""

    REFERENCE_PREFIX = "GEL"
    REQUIRED_ACTIONS = SETTING_ACTIONS

    workflow = hold_workflow

    title = models.CharField(_("subject"), max_length=200)
    scope = models.CharField(
        _("holds"), max_length=8, choices=HoldScope.choices, default=HoldScope.RECORD
    )
    record_type = models.CharField(_("record type"), max_length=100, choices=holdable_choices)
    record_reference = models.CharField(
        _("record reference"),
        max_length=60,
        blank=True,
        help_text=_(
            "For one record: its reference, e.g. EVT-2025-0012 (a DUERP version: "
            "DUERP-2025-0001 v2)."
        ),
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    reason_kind = models.CharField(
        _("reason"), max_length=12, choices=HoldReason.choices, default=HoldReason.AUDIT
    )
    details = models.TextField(_("details"), blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Left empty: you."),
    )
    held_from = models.DateField(pgettext_lazy("hold", "held from"), default=timezone.localdate)
    held_until = models.DateField(
        pgettext_lazy("hold", "held until"),
        null=True,
        blank=True,
        help_text=_("Empty: until released."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=hold_workflow.choices(),
        default=hold_workflow.initial,
        editable=False,
    )
    released_on = models.DateField(_("released on"), null=True, blank=True, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    release_reason = models.TextField(_("reason for the release"), blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("dochold", f)
                for f in (
                    "reference",
                    "title",
                    "scope",
                    "record_type",
                    "reason_kind",
                    "status",
                    "held_from",
                    "held_until",
                    "placed_by",
                )
            ],
            models.Index(fields=["content_type", "object_id"], name="doc_hold_target"),
        ]

    # What a hold covers, fixed once placed: changing it would lift the hold without the
    # reasoned release the log keeps (release it, and place a new one).
    COVERS = ("org_unit", "scope", "record_type", "record_reference", "held_from")

    def clean(self) -> None:
        from amelio.documents.retention import hold_problems

        errors = {**hold_problems(self), **self._narrowed()}
        if errors:
            raise ValidationError(errors)

    def _narrowed(self) -> dict[str, str]:
        """The fields an edit may not change on a hold already placed."""
        if self._state.adding or self.pk is None:
            return {}
        stored = type(self)._base_manager.filter(pk=self.pk).values(*self.COVERS, "held_until")
        before = stored.first()
        if before is None:
            return {}
        fixed = str(
            _(
                "What a hold covers is fixed once it is placed: release it with a reason and "
                "place a new one."
            )
        )
        errors = {
            name: fixed
            for name in self.COVERS
            if before[name] != getattr(self, f"{name}_id" if name == "org_unit" else name)
        }
        until, new = before["held_until"], self.held_until
        if new is not None and (until is None or new < until):
            errors["held_until"] = str(
                _("A hold may be extended, not shortened: release it instead.")
            )
        return errors

    def in_force(self, day) -> bool:
        """Whether the hold holds on `day` (active, and `day` within its dates)."""
        return (
            self.status == "active"
            and self.held_from <= day
            and (self.held_until is None or day <= self.held_until)
        )


class PurgeRun(Record):
    """One purge: the records due on a date in a unit and below, listed and frozen when it
    is proposed, approved by someone else who may approve in the unit, then carried out
    (holds checked again, one transaction per record), each record logged in its items."""

    REFERENCE_PREFIX = "PURGE"
    REQUIRED_ACTIONS = SETTING_ACTIONS

    workflow = purge_workflow

    title = models.CharField(_("title"), max_length=200)
    as_of = models.DateField(
        _("records due on"),
        default=timezone.localdate,
        help_text=_("The list of records is frozen for this date when the purge is proposed."),
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=purge_workflow.choices(),
        default=purge_workflow.initial,
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("carried out by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    done_at = models.DateTimeField(_("carried out on"), null=True, blank=True, editable=False)
    planned_count = models.PositiveIntegerField(_("records listed"), default=0, editable=False)
    done_count = models.PositiveIntegerField(_("records done"), default=0, editable=False)
    skipped_count = models.PositiveIntegerField(_("records skipped"), default=0, editable=False)
    failed_count = models.PositiveIntegerField(_("records failed"), default=0, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("docpurge", f)
                for f in ("reference", "title", "as_of", "status", "planned_count")
            ],
        ]

    def clean(self) -> None:
        from amelio.documents.retention import run_problems

        errors = run_problems(self)
        if errors:
            raise ValidationError(errors)

    def after_create(self, user) -> None:
        """Freeze the list of the records due, as the proposer sees it."""
        from amelio.documents.retention_purge import freeze

        freeze(self, user)


class ItemOutcome(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("purge item", "Planned")
    DONE = "done", pgettext_lazy("purge item", "Done")
    SKIPPED = "skipped", pgettext_lazy("purge item", "Skipped")
    FAILED = "failed", pgettext_lazy("purge item", "Failed")


class ItemQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError(_("The purge log is kept."))


class PurgeItem(models.Model):
    """One record of a purge run: listed at the proposal, then what was done to it, when, by
    whom and under which rule. The log of retention: kept forever, never deleted, and holding
    no personal data (the reference, not the title)."""

    run = models.ForeignKey(
        PurgeRun, verbose_name=_("purge run"), on_delete=models.PROTECT, related_name="items"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    record_type = models.CharField(_("record type"), max_length=100)
    reference = models.CharField(_("reference"), max_length=32)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=RetentionAction.choices)
    rule = models.ForeignKey(
        RetentionRule,
        verbose_name=_("retention rule"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule_reference = models.CharField(_("rule"), max_length=32)
    rule_summary = models.CharField(_("rule summary"), max_length=300)
    start_date = models.DateField(_("start"))
    due_date = models.DateField(_("due on"))
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=ItemOutcome.choices, default=ItemOutcome.PLANNED
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("when"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("purged record")
        verbose_name_plural = _("purged records")
        ordering = ["run", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="doc_purgeitem_obj"),
            models.Index(fields=["run", "outcome"], name="doc_purgeitem_run"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_action_display()})"

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The purge log is kept."))
