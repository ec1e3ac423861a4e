"""Pages of the controlled library beyond the standard register: the document's and the
version's detail, the version's file (download, inline preview), the PDF of a text version,
the reviewers and approvers, the signatures, the revision, the distribution editor.

Every view reaches its record through `get_record_for`, so a confidential or restricted
document's file is served to those who may read it and to nobody else (decision 0028).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from amelio.core.lookups import get_record_for
from amelio.core.permissions import can
from amelio.core.registry import registry
from amelio.core.reports import pdf_response
from amelio.core.services import may_edit, transition_refusal
from amelio.documents import richtext, services
from amelio.documents.forms import (
    EXTERNAL_FIELDS,
    DistributionForm,
    SignatureForm,
    SignoffForm,
)
from amelio.documents.models import Document, DocumentLink, DocumentVersion, Signoff
from amelio.documents.workflows import SYSTEM_STEPS

INLINE_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


def _messages_of(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _user_steps(record, user) -> list[dict]:
    """The workflow buttons of the page: the steps a person takes (the others follow from
    signatures and publications)."""
    if record.is_archived:
        return []
    return [
        {"transition": t, "refusal": transition_refusal(record, user, t.name)}
        for t in type(record).workflow.available(record)
        if t.name not in SYSTEM_STEPS
    ]


# Document page ----------------------------------------------------------------------------


def _versions(document: Document, user) -> list[DocumentVersion]:
    """The document's versions `user` may open, newest first."""
    readable = registry.get("documents.documentversion").queryset_for(user, "view")
    versions = list(
        readable.filter(document=document, archived_at__isnull=True)
        .select_related("created_by")
        .prefetch_related("signoffs__person")
        .order_by("-number")
    )
    for version in versions:
        version.approvers = [  # type: ignore[attr-defined]
            s for s in version.signoffs.all() if s.role == "approver" and s.decision == "approved"
        ]
    return versions


def _links(document: Document) -> list:
    """The records that refer to the document (an audit checklist, a nonconformity)."""
    links = DocumentLink.objects.filter(document=document).select_related("content_type")
    return [link for link in links.prefetch_related("target") if link.target is not None]


def document_context(document: Document, request) -> dict:
    """The document's identity, its version in force, its history of versions, the version in
    progress with its reviewers and approvers, its distribution and its links."""
    user = request.user
    versions = _versions(document, user)
    in_progress = next((v for v in versions if v.status in services.IN_PROGRESS), None)
    current = next((v for v in versions if v.pk == document.current_version_id), None)
    may_change = may_edit(user, document)
    return {
        "transitions": _user_steps(document, user),
        "versions": versions,
        "current": current,
        "current_html": mark_safe(richtext.render(current.body)) if current else "",  # noqa: S308  # escaped by richtext
        "in_progress": in_progress,
        "distribution": document.distribution.select_related("person", "org_unit"),
        "distribution_form": DistributionForm(document=document) if may_change else None,
        "may_distribute": may_change,
        "links": _links(document),
        "external_fields": EXTERNAL_FIELDS if document.is_external else (),
        "add_version_url": _add_version_url(document, user, versions),
        "revise_refusal": services.revision_refusal(current, user) if current else None,
    }


def _add_version_url(document: Document, user, versions) -> str | None:
    """The form of a first version, for a document without any yet."""
    if versions or document.is_withdrawn or not can(user, "add", document.org_unit):
        return None
    return reverse("documents:documentversion_add") + (
        f"?document={document.pk}&org_unit={document.org_unit_id}"
    )


# Version page -----------------------------------------------------------------------------


def version_context(version: DocumentVersion, request) -> dict:
    """The version's content (preview, text, downloads), its reviewers and approvers with the
    signature form for the person named, and the steps possible."""
    user = request.user
    signoffs = list(version.signoffs.select_related("person"))
    mine = [s for s in signoffs if services.signature_refusal(s, user) is None]
    is_draft_editable = version.status == "draft" and may_edit(user, version)
    return {
        "transitions": _user_steps(version, user),
        "document": version.document,
        "signoffs": signoffs,
        "my_signoffs": mine,
        "signature_form": SignatureForm() if mine else None,
        "signoff_form": SignoffForm(document=version.document) if is_draft_editable else None,
        "body_html": mark_safe(richtext.render(version.body)),  # noqa: S308  # escaped by richtext
        "inline_type": INLINE_TYPES.get(version.suffix) if version.file else None,
        "revise_refusal": services.revision_refusal(version, user),
        "is_current": version.document.current_version_id == version.pk,
    }


def _version(request, pk: int, action: str = "view") -> DocumentVersion:
    versions = DocumentVersion.objects.select_related("document__org_unit", "org_unit")
    return get_record_for(request.user, versions, pk, action)


def _version_url(version: DocumentVersion, anchor: str = "") -> str:
    return reverse("documents:documentversion_detail", args=[version.pk]) + anchor


def _download_name(version: DocumentVersion, suffix: str) -> str:
    stem = f"{slugify(version.document.code) or version.document.reference}_v{version.number}"
    if version.is_obsolete or version.document.is_withdrawn:
        stem += "_" + _("OBSOLETE")
    return f"{stem}.{suffix}"


def _open(version: DocumentVersion):
    if not version.file:
        raise Http404
    try:
        return version.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing


def version_file(request, pk: int):
    """The version's file as a download, named after the document (marked obsolete when it
    is)."""
    version = _version(request, pk)
    handle = _open(version)
    response = FileResponse(
        handle, as_attachment=True, filename=_download_name(version, version.suffix)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@xframe_options_sameorigin
def version_preview(request, pk: int):
    """A PDF or an image shown in the version's page (`Content-Disposition: inline`); other
    types are only downloaded."""
    version = _version(request, pk)
    content_type = INLINE_TYPES.get(version.suffix)
    if content_type is None:
        raise Http404
    response = FileResponse(
        _open(version),
        as_attachment=False,
        filename=_download_name(version, version.suffix),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def version_pdf(request, pk: int):
    """A text version printed with the document's header and the footer of a controlled copy
    (or marked draft, or obsolete)."""
    version = _version(request, pk)
    if version.file or not version.body:
        raise Http404
    document = version.document
    context = {
        "version": version,
        "document": document,
        "body_html": mark_safe(richtext.render(version.body)),  # noqa: S308  # escaped by richtext
        "approvals": version.signoffs.filter(decision="approved").select_related("person"),
        "obsolete": version.is_obsolete or document.is_withdrawn,
        "printed": timezone.now(),
    }
    return pdf_response(
        request,
        "documents/documentversion/pdf.html",
        context,
        _download_name(version, "pdf"),
        fallback=_version_url(version),
    )


@require_POST
def signoff_add(request, pk: int):
    """Name a reviewer or an approver of a draft version."""
    version = _version(request, pk, "change")
    form = SignoffForm(request.POST, document=version.document)
    if not form.is_valid():
        messages.error(request, _("Choose a person and a role."))
        return redirect(_version_url(version, "#signoffs"))
    try:
        services.signoff_add(
            version=version,
            user=request.user,
            person=form.cleaned_data["person"],
            role=form.cleaned_data["role"],
        )
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    return redirect(_version_url(version, "#signoffs"))


@require_POST
def signoff_remove(request, pk: int, signoff_pk: int):
    version = _version(request, pk, "change")
    signoff = get_object_or_404(Signoff, pk=signoff_pk, version=version)
    try:
        services.signoff_remove(signoff=signoff, user=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    return redirect(_version_url(version, "#signoffs"))


@require_POST
def signoff_sign(request, pk: int, signoff_pk: int):
    """The named person's signed decision, after re-entering their password."""
    version = _version(request, pk)
    signoff = get_object_or_404(Signoff, pk=signoff_pk, version=version)
    if signoff.person_id != request.user.pk:
        raise PermissionDenied
    form = SignatureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose your decision and enter your password."))
        return redirect(_version_url(version, "#sign"))
    try:
        services.signoff_decide(
            signoff=signoff,
            user=request.user,
            password=form.cleaned_data["password"],
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect(_version_url(version, "#sign"))
    messages.success(request, _("Your decision was signed and recorded."))
    return redirect(_version_url(version, "#signoffs"))


@require_POST
def version_revise(request, pk: int):
    """Start the next version from the one in force."""
    version = _version(request, pk)
    try:
        revision = services.version_revise(version=version, user=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect(_version_url(version))
    messages.success(
        request, _("Version v%(number)s was started as a draft.") % {"number": revision.number}
    )
    return redirect(reverse("documents:documentversion_edit", args=[revision.pk]))


# Distribution editor ------------------------------------------------------------------------


def _document(request, pk: int, action: str = "view") -> Document:
    return get_record_for(request.user, Document.objects.select_related("org_unit"), pk, action)


def _document_url(document: Document) -> str:
    return reverse("documents:document_detail", args=[document.pk]) + "#distribution"


@require_POST
def distribution_add(request, pk: int):
    """Add a person, an org unit or a role to the document's distribution."""
    document = _document(request, pk, "change")
    form = DistributionForm(request.POST, document=document)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.non_field_errors() or form.errors))
        return redirect(_document_url(document))
    try:
        services.distribution_add(document=document, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    return redirect(_document_url(document))


@require_POST
def distribution_remove(request, pk: int, line_pk: int):
    document = _document(request, pk, "change")
    line = get_object_or_404(document.distribution, pk=line_pk)
    try:
        services.distribution_remove(line=line, user=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    return redirect(_document_url(document))


urlpatterns = [
    path("versions/<int:pk>/file/", version_file, name="version_file"),
    path("versions/<int:pk>/preview/", version_preview, name="version_preview"),
    path("versions/<int:pk>/pdf/", version_pdf, name="version_pdf"),
    path("versions/<int:pk>/signoffs/add/", signoff_add, name="version_signoff_add"),
    path(
        "versions/<int:pk>/signoffs/<int:signoff_pk>/remove/",
        signoff_remove,
        name="version_signoff_remove",
    ),
    path(
        "versions/<int:pk>/signoffs/<int:signoff_pk>/sign/",
        signoff_sign,
        name="version_sign",
    ),
    path("versions/<int:pk>/revise/", version_revise, name="version_revise"),
    path(
        "documents/<int:pk>/distribution/add/",
        distribution_add,
        name="document_distribution_add",
    ),
    path(
        "documents/<int:pk>/distribution/<int:line_pk>/remove/",
        distribution_remove,
        name="document_distribution_remove",
    ),
]
