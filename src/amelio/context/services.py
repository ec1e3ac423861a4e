"""Changes across records of the context app, and its reviews past their date."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from amelio.context.models import ContextIssue, InterestedParty, ManagementText
from amelio.core import services
from amelio.core.permissions import can

COPIED_FIELDS = ["kind", "title", "org_unit", "standards", "body", "exclusions", "owner"]


def next_version_label(label: str) -> str:
    """3 -> 4; anything that is not a whole number gets '.1' appended (2027-A -> 2027-A.1)."""
    label = label.strip()
    return str(int(label) + 1) if label.isdigit() else f"{label}.1"


@transaction.atomic
def text_new_version(*, text: ManagementText, user) -> ManagementText:
    """Start the next version of an approved scope or policy text, as a draft copy."""
    if not can(user, "change", text.org_unit):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    if text.status != "approved":
        raise ValidationError(_("A new version is made from the approved text."))
    pending = ManagementText.objects.active().filter(
        kind=text.kind, org_unit=text.org_unit, status__in=["draft", "review"]
    )
    if pending.exists():
        raise ValidationError(
            _("A new version is already in preparation: %(ref)s.") % {"ref": pending.first()}
        )
    draft = ManagementText(**{name: getattr(text, name) for name in COPIED_FIELDS})
    draft.version_label = next_version_label(text.version_label)
    services.record_create(record=draft, user=user)
    return draft


def text_versions(text: ManagementText):
    """Every version of the same kind of text for the same org unit, newest first."""
    return ManagementText.objects.filter(kind=text.kind, org_unit=text.org_unit).order_by(
        "-created_at", "-id"
    )


def reviews_overdue(queryset, day: dt.date):
    """The records of `queryset` whose review date is past on `day` (a review due on `day`
    itself is not late yet). Risks follow the same rule."""
    return queryset.filter(review_date__lt=day)


# The context records reviewed periodically: the issues and the interested parties.
REVIEWED_MODELS = (ContextIssue, InterestedParty)
