"""What every register record shares: reference, org unit, audit fields, archive, version."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.permissions import model_action, shared_scope, unit_scope


class RecordQuerySet(models.QuerySet):
    """Filters shared by every register."""

    def for_user(self, user, action: str = "view") -> RecordQuerySet:
        """The records `user` may `action`: the single scoping choke point.

        A model that sets `SHARED_WITH_UNITS_BELOW` (a library the company keeps for its
        sites) is also read by the units below the record's own. A model that defines
        `access_condition(user)` narrows every action further, whatever the role (a
        confidential document is reached only by its distribution, decision 0028)."""
        records = self
        access = getattr(self.model, "access_condition", None)
        if access is not None:
            narrowing = access(user)
            if narrowing is not None:
                records = records.filter(narrowing)
        condition = unit_scope(user, model_action(self.model, action))
        if condition is None:
            return records
        if action == "view" and getattr(self.model, "SHARED_WITH_UNITS_BELOW", False):
            condition |= shared_scope(user)
        return records.filter(condition)

    def active(self) -> RecordQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> RecordQuerySet:
        return self.filter(archived_at__isnull=False)


ACTIVE = Q(archived_at__isnull=True)


def active_index(prefix: str, field: str) -> models.Index:
    """An index on the active records for one sort or filter of a register's list.

    Lists always ask for `archived_at IS NULL`, which PostgreSQL does not use as an equality
    on a composite index: a partial index on the active records does. Its columns follow
    `list_ordering()`: `field` then the newest first, so that one index gives the rows in
    order, with no sort, for a filter on `field` (in the default order) and for a sort on
    `field` either way (read backwards), with the org unit at the end for the scope.
    See docs/decisions/0012-list-indexes-and-search.md.
    """
    name = f"{prefix}_{field.replace('_', '')[:16]}_a"
    # The org unit comes last: a site manager's count checks it in the index, without
    # reading each record (24,000 reads for a common filter value at 100,000 records).
    columns = [field, "-created_at", "-id"] + ([] if field == "org_unit" else ["org_unit"])
    return models.Index(fields=columns, condition=ACTIVE, name=name[:30])


def list_ordering(sort: str) -> list[str]:
    """The full ORDER BY of a list sorted on `sort` ("field" or "-field"), ties broken by
    date of creation then id, in the direction that `active_index()` serves."""
    field = sort.lstrip("-")
    descending = sort.startswith("-")
    if field == "created_at":
        return [sort, "-id" if descending else "id"]
    if descending:
        return [sort, "created_at", "id"]
    return [sort, "-created_at", "-id"]


class ReferenceSequence(models.Model):
    """The last number given per record prefix and year (NC-2026-0042)."""

    prefix = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="core_refseq_unique")
        ]

    @classmethod
    def next_reference(cls, prefix: str, year: int) -> str:
        """Take the next number, race-safe: the row is locked until the transaction ends."""
        with transaction.atomic():
            cls.objects.get_or_create(prefix=prefix, year=year)
            cls.objects.filter(prefix=prefix, year=year).update(last=F("last") + 1)
            seq = cls.objects.select_for_update().get(prefix=prefix, year=year)
        return f"{prefix}-{year}-{seq.last:04d}"


class Record(models.Model):
    """Base of every register's model.

    Subclasses set `REFERENCE_PREFIX`. Records are archived, never deleted from the UI;
    `version` is raised on each save through the register so that a stale edit is detected.
    """

    REFERENCE_PREFIX = "REC"

    reference = models.CharField(_("reference"), max_length=32, editable=False, db_index=True)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated on"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                condition=ACTIVE,
                name="%(app_label).10s_%(class).13s_lst",
            ),
            models.Index(
                fields=["org_unit", "archived_at"], name="%(app_label).10s_%(class).13s_unt"
            ),
        ]

    def __str__(self) -> str:
        label = getattr(self, "title", "") or getattr(self, "name", "")
        return f"{self.reference} {label}".strip()

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def outside(self, parent: Record | None) -> bool:
        """Whether this record's unit is neither the unit of `parent` (the record it belongs
        to: a DUERP for its lines, a site file for its installations) nor below it; False
        while either is not chosen yet."""
        unit = getattr(self, "org_unit", None)
        if unit is None or parent is None:
            return False
        return not unit.path.startswith(parent.org_unit.path)

    def save(self, *args, **kwargs) -> None:
        if not self.reference:
            year = timezone.localdate().year
            self.reference = ReferenceSequence.next_reference(self.REFERENCE_PREFIX, year)
        super().save(*args, **kwargs)


class Actionable:
    """Mixin for records that spawn actions: their detail page gets the Actions panel and the
    actions register can filter by them as origin."""

    actionable = True


class GenericAttached(models.Model):
    """Something hung on any record (comment, attachment, transition)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="%(app_label).10s_%(class).13s_obj"
            )
        ]


class Comment(GenericAttached):
    """A remark left on a record."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta(GenericAttached.Meta):
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]


def attachment_path(instance: Attachment, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    day = timezone.localdate()
    return f"attachments/{day:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(GenericAttached):
    """An evidence file on a record, stored under MEDIA_ROOT and served after a permission check."""

    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded on"), default=timezone.now)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta(GenericAttached.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class TransitionLog(GenericAttached):
    """One workflow transition done on a record: the domain event, with the acting user."""

    transition = models.CharField(_("transition"), max_length=50)
    source = models.CharField(_("from"), max_length=30)
    target_state = models.CharField(_("to"), max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta(GenericAttached.Meta):
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["created_at", "id"]
