"""Makers of meetings and their actions for the meetings' tests."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from amelio.actions.models import Action, ActionLink
from amelio.reviews.models import Meeting

PARIS = timezone.get_fixed_timezone(60)


def at(day: str, hour: int = 9) -> dt.datetime:
    """A moment in Paris (winter time) on the ISO day `day`."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=PARIS)


def meeting(unit, user, day: str, *, kind: str = "qse", process=None, **values) -> Meeting:
    values.setdefault("title", f"Comité {day}")
    record = Meeting(
        org_unit=unit,
        kind=kind,
        process=process,
        starts_at=at(day, values.pop("hour", 9)),
        owner=user,
        created_by=user,
        **values,
    )
    record.save()
    return record


def action_of(record, owner, title: str, due: str, status: str = "planned") -> Action:
    """An action linked to `record`, due on `due`, in `status`."""
    action = Action.objects.create(
        title=title,
        org_unit=record.org_unit,
        owner=owner,
        due_date=dt.date.fromisoformat(due),
        action_type=Action.Type.IMPROVEMENT,
        status=status,
    )
    ActionLink.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        role=ActionLink.Role.IMPROVEMENT,
    )
    return action


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)
