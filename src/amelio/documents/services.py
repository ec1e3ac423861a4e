"""State changes of the controlled library: naming reviewers and approvers, signing, publishing,
revising, withdrawing, the distribution lines. No HTTP here: callers pass the acting user.

Every change is atomic; a refused one raises `ValidationError` (or `PermissionDenied`) and
leaves nothing written. The edits of a version's fields go through `core.services`
(`record_update` refuses any version that is not a draft, whatever the path).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.core import services as core
from amelio.core.models import TransitionLog
from amelio.core.permissions import can
from amelio.documents.models import (
    Distribution,
    Document,
    DocumentVersion,
    Signoff,
    SignoffDecision,
    SignoffRole,
)

IN_PROGRESS = ("draft", "in_review", "approved")


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _refresh_acknowledgements(document: Document) -> None:
    """The document's acknowledgement figures, recounted by the distribution module."""
    try:
        from amelio.documents.distribution import refresh_acknowledgements
    except ImportError:  # the distribution module is not there (yet)
        return
    refresh_acknowledgements(document)


def _move(record: Any, user, name: str, comment: str = "") -> None:
    """Carry out a step that follows from something else (a signature, a publication): the
    state, the record's version and the transition log; the caller checked it may happen."""
    transition = type(record).workflow.transition(name)
    source = record.status
    record.status = transition.target
    record.version += 1
    record.updated_by = user
    record.updated_at = timezone.now()
    record.save()
    TransitionLog.objects.create(
        target=record,
        transition=name,
        source=source,
        target_state=transition.target,
        user=user,
        comment=comment,
    )


# Submission and signatures --------------------------------------------------------------


def submission_effect(version: DocumentVersion) -> None:
    """On submission: the hash of what is submitted is the one every signature must match,
    and every reviewer and approver decides again."""
    version.sha256 = version.content_sha256()
    version.signoffs.update(
        decision=SignoffDecision.PENDING, decided_at=None, sha256="", comment=""
    )


def _draft_for_signoffs(version: DocumentVersion, user) -> None:
    if version.status != "draft":
        raise ValidationError(_("Reviewers and approvers are named while the version is a draft."))
    if not core.may_edit(user, version):
        raise PermissionDenied(_("You are not allowed to do this on this record."))


@transaction.atomic
def signoff_add(*, version: DocumentVersion, user, person, role: str) -> Signoff:
    """Name `person` as a reviewer or an approver of a draft version."""
    _draft_for_signoffs(version, user)
    if role not in SignoffRole.values:
        raise ValidationError(_("Choose reviewer or approver."))
    if not person.is_active:
        raise ValidationError(_("This person can no longer sign."))
    if version.signoffs.filter(person=person, role=role).exists():
        raise ValidationError(
            _("%(person)s is already named in this role.") % {"person": _name(person)}
        )
    return Signoff.objects.create(version=version, person=person, role=role)


@transaction.atomic
def signoff_remove(*, signoff: Signoff, user) -> None:
    """Take a reviewer or an approver off a draft version."""
    _draft_for_signoffs(signoff.version, user)
    signoff.delete()


def _name(person) -> str:
    return person.get_full_name() or person.get_username()


def signature_refusal(signoff: Signoff, user) -> str | None:
    """Why `user` may not sign `signoff` now, or None."""
    version = signoff.version
    if signoff.person_id != user.pk:
        return _("Only the person named may sign.")
    if version.status != "in_review":
        return _("This version is not in review.")
    if signoff.decision != SignoffDecision.PENDING:
        return _("You have already given your decision on this version.")
    if signoff.role == SignoffRole.APPROVER and _reviews_pending(version):
        return _("The reviewers decide first; the approvers sign once every review is done.")
    return None


def _reviews_pending(version: DocumentVersion) -> bool:
    return version.signoffs.filter(
        role=SignoffRole.REVIEWER, decision=SignoffDecision.PENDING
    ).exists()


def _check_signature(signoff: Signoff, user, password: str, decision: str, comment: str) -> str:
    """The content hash the signature covers, once every check passed."""
    refusal = signature_refusal(signoff, user)
    if refusal:
        raise ValidationError(refusal)
    if decision not in (SignoffDecision.APPROVED, SignoffDecision.CHANGES):
        raise ValidationError(_("Approve, or request changes."))
    if decision == SignoffDecision.CHANGES and not comment.strip():
        raise ValidationError(_("Say which changes you request."))
    if not (password and user.check_password(password)):
        raise ValidationError(
            _("The password is not correct: nothing was signed."), code="password"
        )
    current = signoff.version.content_sha256()
    if not current or current != signoff.version.sha256:
        raise ValidationError(
            _(
                "The content of this version changed since it was submitted: nothing was "
                "signed. Ask the author to submit it again."
            ),
            code="hash",
        )
    return current


@transaction.atomic
def signoff_decide(
    *, signoff: Signoff, user, password: str, decision: str, comment: str = ""
) -> Signoff:
    """Sign a decision on a version in review: the person named re-enters their password; the
    decision keeps who, when and the SHA-256 of the content decided on. Changes requested take
    the version back to draft; once every reviewer and approver approved, it is approved."""
    version = DocumentVersion.objects.select_for_update().get(pk=signoff.version_id)
    signoff = Signoff.objects.select_related("version__document").get(pk=signoff.pk)
    signoff.version = version
    digest = _check_signature(signoff, user, password, decision, comment)
    signoff.decision = decision
    signoff.decided_at = timezone.now()
    signoff.sha256 = digest
    signoff.comment = comment.strip()
    signoff.save()
    if decision == SignoffDecision.CHANGES:
        _move(version, user, "request_changes", signoff.comment)
    elif not version.signoffs.exclude(decision=SignoffDecision.APPROVED).exists():
        version.approved_on = signoff.decided_at
        _move(version, user, "approve")
    return signoff


# Publication ------------------------------------------------------------------------------


def publication_refusal(version: DocumentVersion, user) -> str | None:
    """Why `user` may not publish `version` now, or None: its author, the document's owner or
    those who approve documents on its unit publish it, after the version in force."""
    document = version.document
    if user.pk not in (version.created_by_id, document.owner_id) and not can(
        user, "approve", document.org_unit
    ):
        return _("Only the author, the document's owner or a QSE coordinator may publish it.")
    current = document.current_version
    if current is not None and current.number > version.number:
        return _("A later version (v%(number)s) is already in force.") % {"number": current.number}
    return None


def publication_effect(version: DocumentVersion, user) -> None:
    """The version becomes the one in force: the one before is superseded, the document is
    published (if it was not), its next review falls `review_months` later, and who must
    acknowledge it is counted again."""
    today = timezone.localdate()
    version.published_on = today
    document = Document.objects.select_for_update().get(pk=version.document_id)
    previous = document.current_version
    if previous is not None and previous.pk != version.pk:
        previous.superseded_on = today
        _move(previous, user, "supersede", version.reference)
    document.current_version = version
    document.next_review_on = months_after(today, document.review_months)
    if document.status == "draft":
        _move(document, user, "publish_document", version.reference)
    else:
        document.version += 1
        document.updated_by = user
        document.updated_at = timezone.now()
        document.save()
    version.document = document
    _refresh_acknowledgements(document)


@transaction.atomic
def version_submit(*, version: DocumentVersion, user) -> DocumentVersion:
    return cast(DocumentVersion, core.record_transition(record=version, user=user, name="submit"))


@transaction.atomic
def version_publish(*, version: DocumentVersion, user) -> DocumentVersion:
    """Publish an approved version (see `publication_effect`)."""
    return cast(DocumentVersion, core.record_transition(record=version, user=user, name="publish"))


# Revision and withdrawal -------------------------------------------------------------------


def revision_refusal(version: DocumentVersion, user) -> str | None:
    """Why `user` may not revise `version` now, or None."""
    document = version.document
    if document.is_withdrawn:
        return _("A withdrawn document is not revised.")
    if version.status != "published" or document.current_version_id != version.pk:
        return _("Only the version in force is revised.")
    if not can(user, "add", document.org_unit):
        return _("You are not allowed to do this on this record.")
    pending = document.versions.filter(status__in=IN_PROGRESS, archived_at__isnull=True).first()
    if pending is not None:
        return _("Version v%(number)s is already in progress.") % {"number": pending.number}
    return None


@transaction.atomic
def version_revise(*, version: DocumentVersion, user) -> DocumentVersion:
    """Start the next version of the document from the one in force: a draft with its text
    (a file version asks for the new file) and the same reviewers and approvers."""
    Document.objects.select_for_update().get(pk=version.document_id)
    version = DocumentVersion.objects.select_related("document").get(pk=version.pk)
    refusal = revision_refusal(version, user)
    if refusal:
        raise ValidationError(refusal)
    revision = DocumentVersion(
        document=version.document, org_unit=version.document.org_unit, body=version.body
    )
    core.record_create(record=revision, user=user)
    Signoff.objects.bulk_create(
        Signoff(version=revision, person_id=s.person_id, role=s.role)
        for s in version.signoffs.all()
    )
    return revision


def withdrawal_effect(document: Document, user, comment: str) -> None:
    """On withdrawal: no version is served as current any more; the one in force and those in
    progress are withdrawn with it (kept, marked obsolete)."""
    today = timezone.localdate()
    document.withdrawn_on = today
    document.current_version = None
    document.concerned_count = 0
    document.acknowledged_count = 0
    document.acknowledgement_rate = None
    versions = document.versions.filter(status__in=(*IN_PROGRESS, "published"))
    for version in versions.select_for_update().order_by("number"):
        if version.status == "published":
            version.superseded_on = today
        _move(version, user, "obsolete", comment)


def document_withdraw(*, document: Document, user, comment: str) -> Document:
    """Withdraw a document with the reason (see `withdrawal_effect`)."""
    withdrawn = core.record_transition(record=document, user=user, name="withdraw", comment=comment)
    return cast(Document, withdrawn)


# Distribution -----------------------------------------------------------------------------


def _may_distribute(document: Document, user) -> None:
    if not core.may_edit(user, document):
        raise PermissionDenied(_("You are not allowed to do this on this record."))


@transaction.atomic
def distribution_add(
    *, document: Document, user, person=None, org_unit=None, role: str = ""
) -> Distribution:
    """Add one line to the distribution: a person, an org unit or a role."""
    _may_distribute(document, user)
    targets = [t for t in (person, org_unit, role) if t]
    if len(targets) != 1:
        raise ValidationError(_("Choose one person, one org unit or one role."))
    existing = document.distribution.filter(
        person=person, org_unit=org_unit, role=role or ""
    ).exists()
    if existing:
        raise ValidationError(_("This line is already in the distribution."))
    line = Distribution.objects.create(
        document=document, person=person, org_unit=org_unit, role=role or ""
    )
    _refresh_acknowledgements(document)
    return line


@transaction.atomic
def distribution_remove(*, line: Distribution, user) -> None:
    """Take one line off the distribution."""
    document = line.document
    _may_distribute(document, user)
    line.delete()
    _refresh_acknowledgements(document)
