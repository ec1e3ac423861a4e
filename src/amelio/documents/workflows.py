"""Workflows of the controlled library.

A document: draft (no version published yet) -> published (it has a version in force) ->
withdrawn (obsolete: kept, never served as current). It is published by the publication of
one of its versions, and withdrawn with a reason by those who approve documents.

A version: draft -> in review -> approved -> published -> superseded (by the next one), or
withdrawn with its document. "In review" moves on by the signatures of the people named
(`documents.services.signoff_decide`): changes requested by one of them take it back to draft,
the approval of all of them makes it approved. Only a draft may be changed; an approved or
published version is never edited again, only revised by a new version.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.workflow import State, Transition, Workflow

# The steps that follow from something else (a signature, a publication, a withdrawal): the
# pages offer no button for them and the generic transition path refuses them.
SYSTEM_STEPS = frozenset(
    {"publish_document", "approve", "request_changes", "supersede", "obsolete"}
)


def _system(record, user):
    return _("This step follows from the signatures and publications of the versions.")


def _withdraw(document, user, comment: str) -> None:
    from amelio.documents.services import withdrawal_effect

    withdrawal_effect(document, user, comment)


document_workflow = Workflow(
    states=[
        State("draft", pgettext_lazy("document state", "Draft"), "secondary"),
        State("published", pgettext_lazy("document state", "In force"), "success"),
        State(
            "withdrawn",
            pgettext_lazy("document state", "Withdrawn"),
            "dark",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "publish_document",
            pgettext_lazy("document step", "Published"),
            ("draft",),
            "published",
            guards=(_system,),
        ),
        Transition(
            "withdraw",
            _("Withdraw the document"),
            ("draft", "published"),
            "withdrawn",
            action="approve",
            needs_comment=True,
            tone="outline-danger",
            effect=_withdraw,
        ),
    ],
)


def _has_content(version, user):
    if not (version.file or version.body.strip()):
        return _("Attach the file or write the text before submitting.")
    return None


def _has_approver(version, user):
    if not version.signoffs.filter(role="approver").exists():
        return _("Name at least one approver before submitting.")
    return None


def _may_publish(version, user):
    from amelio.documents.services import publication_refusal

    return publication_refusal(version, user)


def _publish(version, user, comment: str) -> None:
    from amelio.documents.services import publication_effect

    publication_effect(version, user)


def _submit(version, user, comment: str) -> None:
    from amelio.documents.services import submission_effect

    submission_effect(version)


version_workflow = Workflow(
    states=[
        State("draft", pgettext_lazy("version state", "Draft"), "secondary"),
        State("in_review", pgettext_lazy("version state", "In review"), "info", editable=False),
        State("approved", pgettext_lazy("version state", "Approved"), "primary", editable=False),
        State("published", pgettext_lazy("version state", "In force"), "success", editable=False),
        State(
            "superseded",
            pgettext_lazy("version state", "Superseded"),
            "dark",
            final=True,
            editable=False,
        ),
        State(
            "withdrawn",
            pgettext_lazy("version state", "Withdrawn"),
            "dark",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "submit",
            _("Submit for review and approval"),
            ("draft",),
            "in_review",
            guards=(_has_content, _has_approver),
            effect=_submit,
        ),
        Transition(
            "recall",
            _("Take back to draft"),
            ("in_review",),
            "draft",
            tone="outline-secondary",
        ),
        Transition(
            "approve",
            pgettext_lazy("version step", "Approved"),
            ("in_review",),
            "approved",
            guards=(_system,),
        ),
        Transition(
            "request_changes",
            pgettext_lazy("version step", "Changes requested"),
            ("in_review",),
            "draft",
            guards=(_system,),
        ),
        Transition(
            "publish",
            _("Publish this version"),
            ("approved",),
            "published",
            guards=(_may_publish,),
            tone="success",
            effect=_publish,
        ),
        Transition(
            "supersede",
            pgettext_lazy("version step", "Superseded"),
            ("published",),
            "superseded",
            guards=(_system,),
        ),
        Transition(
            "obsolete",
            pgettext_lazy("version step", "Withdrawn with its document"),
            ("draft", "in_review", "approved", "published"),
            "withdrawn",
            guards=(_system,),
        ),
    ],
)
