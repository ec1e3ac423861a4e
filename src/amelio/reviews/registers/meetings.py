"""How meetings appear: the register of every meeting (QSE committee, CSSCT, steering
committee, process review); a meeting's page opens with the review of the previous
meeting's actions, then its attendance, agenda, minutes and decisions."""

from __future__ import annotations

from amelio.core.registry import Register, registry
from amelio.reviews import views_meetings
from amelio.reviews.models import Meeting


@registry.register
class MeetingRegister(Register):
    """Meetings and their minutes; their decisions become actions reviewed at the next
    meeting of the series."""

    model = Meeting
    slug = "meetings"
    columns = ["reference", "title", "kind", "starts_at", "org_unit", "process", "status", "owner"]
    sortable = ["reference", "title", "kind", "starts_at", "status"]
    filters = ["status", "kind", "org_unit", "process", "project", "owner"]
    search = ["reference", "title", "place", "minutes"]
    form_fields = [
        "title",
        "kind",
        "org_unit",
        "process",
        "project",
        "starts_at",
        "duration_minutes",
        "place",
        "owner",
        "external_attendees",
        "minutes",
    ]
    default_sort = "-starts_at"
    area = "performance"
    icon = "people"
    order = 590
    example = {"title": "Comité QSE de janvier", "starts_at": "2026-01-15 09:00"}

    def detail_context(self, record, request) -> dict:
        return views_meetings.meeting_context(record, request)
