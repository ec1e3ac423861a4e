"""The controlled library (ISO 7.5): documents (procedures, instructions, forms, manuals,
external documents), each with its versions. A version is written (a file, or rich text typed
in Amelio), reviewed and approved by named people whose decisions are recorded with the SHA-256
of what they approved, then published: it becomes the document's current version and the one
before it is superseded. An approved version is never edited again, only revised by a new one.
Who may read a confidential document, and who must acknowledge each published version, is the
document's distribution (people, org units, roles)."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.core.permissions import Role
from amelio.documents import richtext
from amelio.documents.workflows import document_workflow, version_workflow

__all__ = [
    "VERSION_EXTENSIONS",
    "Acknowledgement",
    "Confidentiality",
    "Distribution",
    "Document",
    "DocumentKind",
    "DocumentLink",
    "DocumentVersion",
    "Signoff",
    "SignoffDecision",
    "SignoffRole",
    "validate_version_file",
]


class DocumentKind(models.TextChoices):
    MANUAL = "manual", pgettext_lazy("document kind", "Manual")
    PROCEDURE = "procedure", pgettext_lazy("document kind", "Procedure")
    INSTRUCTION = "instruction", pgettext_lazy("document kind", "Work instruction")
    FORM = "form", pgettext_lazy("document kind", "Form")
    RECORD_TEMPLATE = "record_template", pgettext_lazy("document kind", "Record template")
    EXTERNAL = "external", pgettext_lazy("document kind", "External document")


class Confidentiality(models.TextChoices):
    """Who may read a document: `public` and `internal` follow the org-unit scope (public ones
    may also leave the company); `confidential` ones only their distribution, the people who
    write, review and approve them, and those who approve documents on their unit;
    `restricted` ones only the people named (decision 0028)."""

    PUBLIC = "public", pgettext_lazy("confidentiality", "Public")
    INTERNAL = "internal", pgettext_lazy("confidentiality", "Internal")
    CONFIDENTIAL = "confidential", pgettext_lazy("confidentiality", "Confidential")
    RESTRICTED = "restricted", pgettext_lazy("confidentiality", "Restricted")


OPEN_LEVELS = (Confidentiality.PUBLIC, Confidentiality.INTERNAL)


class Document(Actionable, Record):
    """One controlled document: its identity (code, title, kind), what it concerns, who owns
    it, who may read it and must acknowledge it; the content lives in its versions."""

    REFERENCE_PREFIX = "DOC"
    # A company's manual or procedure is read by its sites (decision 0027), unless it is
    # confidential (access_condition, decision 0028).
    SHARED_WITH_UNITS_BELOW = True

    code = models.CharField(
        _("code"), max_length=40, help_text=_("The document's code, e.g. PR-QUA-003.")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        pgettext_lazy("document", "type"), max_length=16, choices=DocumentKind.choices
    )
    description = models.TextField(_("purpose and scope"), blank=True)
    processes = models.ManyToManyField(
        "processes.Process",
        verbose_name=_("processes"),
        blank=True,
        related_name="controlled_documents",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("document", "owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
    )
    review_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=36,
        help_text=_("The document is reviewed at this interval after each publication."),
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True, editable=False)
    # The published version, served as current; None before the first publication and after
    # a withdrawal.
    current_version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    status = models.CharField(
        pgettext_lazy("document", "status"),
        max_length=12,
        choices=document_workflow.choices(),
        default=document_workflow.initial,
        editable=False,
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, editable=False)
    # External documents (standards, customer specifications, suppliers' manuals).
    issuer = models.CharField(
        _("issuer"), max_length=120, blank=True, help_text=_("AFNOR, a customer, a supplier…")
    )
    external_edition = models.CharField(_("edition or version"), max_length=60, blank=True)
    kept_at = models.CharField(
        _("where it is kept"),
        max_length=200,
        blank=True,
        help_text=_("For an external document: the shelf, server or portal holding it."),
    )
    # Read acknowledgements of the current version (a measure: indicators average it).
    concerned_count = models.PositiveIntegerField(_("people concerned"), default=0, editable=False)
    acknowledged_count = models.PositiveIntegerField(_("acknowledged"), default=0, editable=False)
    acknowledgement_rate = models.DecimalField(
        _("acknowledgement rate (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
    )

    class Meta(Record.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("docdoc", f)
                for f in (
                    "reference",
                    "code",
                    "title",
                    "kind",
                    "status",
                    "confidentiality",
                    "owner",
                    "org_unit",
                    "next_review_on",
                    "acknowledgement_rate",
                )
            ],
        ]

    workflow = document_workflow

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @classmethod
    def access_condition(cls, user) -> models.Q:
        """Confidential and restricted documents are reached only by their distribution
        (`core.models.RecordQuerySet.for_user` applies this on every path)."""
        from amelio.documents.access import reach_condition

        return reach_condition(user)

    def locks_children(self) -> bool:
        """A withdrawn document takes no new version."""
        return self.status == "withdrawn"

    def clean(self) -> None:
        """The code is unique among the documents in use of the company (neither archived
        nor withdrawn), whatever its case; the external fields are for external documents."""
        self.code = " ".join((self.code or "").split())
        if self.code and self.org_unit_id and self._code_taken():
            raise ValidationError(
                {
                    "code": _("The code %(code)s is already used by another document.")
                    % {"code": self.code}
                }
            )

    def _code_taken(self) -> bool:
        from amelio.core.models import OrgUnit

        path = OrgUnit.objects.filter(pk=self.org_unit_id).values_list("path", flat=True).first()
        company = "/" + (path or "").strip("/").split("/")[0] + "/"
        return (
            Document.objects.filter(
                code__iexact=self.code,
                archived_at__isnull=True,
                org_unit__path__startswith=company,
            )
            .exclude(status="withdrawn")
            .exclude(pk=self.pk)
            .exists()
        )

    @property
    def is_external(self) -> bool:
        return self.kind == DocumentKind.EXTERNAL

    @property
    def is_withdrawn(self) -> bool:
        return self.status == "withdrawn"

    @property
    def current_label(self) -> str:
        """The version in force as people name it ("v3"), or a dash."""
        version = self.current_version if self.current_version_id else None
        return f"v{version.number}" if version is not None else "—"

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality not in OPEN_LEVELS


# The files a version may hold: documents and images (never archives or executables).
VERSION_EXTENSIONS = (
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "odp",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
)


def validate_version_file(value) -> None:
    """A version's file: one of VERSION_EXTENSIONS, within the attachments' size limit."""
    if not value:
        return
    limit = settings.AMELIO_ATTACHMENT_MAX_BYTES
    size = getattr(value, "size", 0) or 0
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="file_size",
            params={"size": round(size / 1048576, 1), "limit": round(limit / 1048576)},
        )
    suffix = PurePosixPath(value.name or "").suffix.lower().lstrip(".")
    if suffix not in VERSION_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(type)s” are not accepted. Accepted types: %(types)s."),
            code="file_type",
            params={"type": suffix or "?", "types": ", ".join(VERSION_EXTENSIONS)},
        )


def version_path(instance: DocumentVersion, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    day = timezone.localdate()
    return f"documents/{day:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class DocumentVersion(Record):
    """One version of a document: an uploaded file or rich text written in Amelio, its change
    summary, and where it stands (draft, in review, approved, published, superseded)."""

    REFERENCE_PREFIX = "VER"
    # Read wherever its document is read (a company's procedure by its sites).
    SHARED_WITH_UNITS_BELOW = True

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(
        pgettext_lazy("document", "version"), default=1, editable=False
    )
    changes = models.TextField(
        _("what changed"), blank=True, help_text=_("Shown in the document's history.")
    )
    file = models.FileField(
        _("file"),
        upload_to=version_path,
        max_length=255,
        blank=True,
        validators=[validate_version_file],
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument or an image."),
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Write the document here, or attach a file. # starts a heading, - a list item, "
            "**bold**, *italic*."
        ),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    status = models.CharField(
        pgettext_lazy("document version", "status"),
        max_length=12,
        choices=version_workflow.choices(),
        default=version_workflow.initial,
        editable=False,
    )
    approved_on = models.DateTimeField(_("approved on"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("docver", f)
                for f in ("reference", "document", "status", "published_on")
            ],
        ]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="doc_version_number")
        ]

    workflow = version_workflow

    def __str__(self) -> str:
        return f"{self.document.code} v{self.number}"

    @classmethod
    def access_condition(cls, user) -> models.Q:
        """A version, its file and its evidence are reached as its document is."""
        from amelio.documents.access import reach_condition

        return reach_condition(user, prefix="document__")

    def clean(self) -> None:
        """A new version takes the next number of its document; it belongs to its document's
        unit; it holds a file or a text, not both."""
        if self.document_id is None:
            return
        document = self.document
        if self._state.adding:
            last = document.versions.aggregate(last=models.Max("number"))["last"]
            self.number = (last or 0) + 1
        if self.org_unit_id and self.org_unit_id != document.org_unit_id:
            raise ValidationError(
                {"org_unit": _("A version belongs to the org unit of its document.")}
            )
        self.body = richtext.normalise(self.body)
        if self.file and self.body:
            raise ValidationError({"body": _("Either attach a file or write the text, not both.")})

    def save(self, *args, **kwargs) -> None:
        """Keep the file's name and the SHA-256 of the content while the version is a draft;
        once submitted, the stored hash is what the signatures are checked against."""
        self.body = richtext.normalise(self.body)
        if self.file and not getattr(self.file, "_committed", True):
            self.original_name = PurePosixPath(str(self.file.name)).name[:255]
        if not self.file:
            self.original_name = ""
        if self._state.adding or self.status == "draft":
            self.sha256 = self.content_sha256()
        super().save(*args, **kwargs)

    def content_sha256(self) -> str:
        """The SHA-256 of the file's bytes, or of the text (UTF-8); empty with no content."""
        if self.file:
            digest = hashlib.sha256()
            try:
                for chunk in self.file.chunks():
                    digest.update(chunk)
            except (FileNotFoundError, ValueError):
                return ""
            return digest.hexdigest()
        if self.body:
            return hashlib.sha256(self.body.encode("utf-8")).hexdigest()
        return ""

    @property
    def is_obsolete(self) -> bool:
        """Superseded, or withdrawn with its document: kept, never served as current."""
        return self.status in ("superseded", "withdrawn")

    def archive_refusal(self) -> str | None:
        """Only a draft leaves the lists: a version in review, approved or in force is kept
        with its signatures, on every path (core.services.archive_refusal)."""
        if self.status == "draft":
            return None
        return str(
            _(
                "Only a draft version can be archived: a version in review, approved or in "
                "force is kept with its signatures. Revise the document, or withdraw it."
            )
        )

    @property
    def has_content(self) -> bool:
        return bool(self.file or self.body)

    @property
    def suffix(self) -> str:
        """The file's type ("pdf", "docx"), empty for a text version."""
        return (
            PurePosixPath(str(self.original_name or self.file.name or ""))
            .suffix.lower()
            .lstrip(".")
        )

    @property
    def is_pdf(self) -> bool:
        return bool(self.file) and self.suffix == "pdf"


class SignoffRole(models.TextChoices):
    REVIEWER = "reviewer", pgettext_lazy("signoff role", "Reviewer")
    APPROVER = "approver", _("Approver")


class SignoffDecision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("signoff", "Pending")
    APPROVED = "approved", pgettext_lazy("signoff", "Approved")
    CHANGES = "changes", pgettext_lazy("signoff", "Changes requested")


class Signoff(models.Model):
    """A named reviewer's or approver's decision on a version: who, when, and the SHA-256 of
    the content they approved (a simple electronic signature, given after re-entering their
    password)."""

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=pgettext_lazy("document", "version"),
        on_delete=models.CASCADE,
        related_name="signoffs",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=10, choices=SignoffRole.choices)
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=SignoffDecision.choices,
        default=SignoffDecision.PENDING,
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 signed"), max_length=64, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review or approval")
        verbose_name_plural = _("reviews and approvals")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person", "role"], name="doc_signoff_once")
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.person} ({self.get_role_display()})"


class Distribution(models.Model):
    """One line of a document's distribution: a person, an org unit (everyone holding a role
    on it or below), or a role (everyone holding it within the document's scope)."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="distribution",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    org_unit = models.ForeignKey(
        "core.OrgUnit",
        verbose_name=_("org unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distribution")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["person", "document"], name="doc_dist_person"),
            models.Index(fields=["org_unit", "document"], name="doc_dist_unit"),
            models.Index(fields=["role", "document"], name="doc_dist_role"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, org_unit__isnull=True, role="")
                    | models.Q(person__isnull=True, org_unit__isnull=False, role="")
                    | (models.Q(person__isnull=True, org_unit__isnull=True) & ~models.Q(role=""))
                ),
                name="doc_dist_one_target",
            )
        ]

    def __str__(self) -> str:
        return str(self.person or self.org_unit or self.get_role_display())


class Acknowledgement(models.Model):
    """A person's "I have read and understood" on a published version."""

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=pgettext_lazy("document", "version"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged on"), default=timezone.now)

    class Meta:
        verbose_name = _("read acknowledgement")
        verbose_name_plural = _("read acknowledgements")
        ordering = ["-acknowledged_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["version", "person"], name="doc_ack_once")]

    def __str__(self) -> str:
        return f"{self.person} — {self.version}"


class DocumentLink(models.Model):
    """A document that another record concerns or applies (an audit checklist, a
    nonconformity); process sheets use `Document.processes`."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="links"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("linked on"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document link")
        verbose_name_plural = _("document links")
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="doc_link_target")]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "content_type", "object_id"], name="doc_link_once"
            )
        ]
