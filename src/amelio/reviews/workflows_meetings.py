"""Workflow of a meeting: planned -> held (its minutes written) -> minutes sent; a planned
meeting may be cancelled with a reason. Sending the minutes freezes the review of the
previous meeting's actions and e-mails the minutes to the attendees."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.workflow import State, Transition, Workflow


def _minutes_written(meeting, user):
    """A meeting is held once something of it is written: its general minutes or the notes
    of one of its items."""
    if (meeting.minutes or "").strip():
        return None
    if meeting.pk and meeting.agenda.exclude(notes="").exists():
        return None
    return _("Write the minutes (general or of an agenda item) before marking it as held.")


def _when_minutes_sent(meeting, user, comment: str) -> None:
    from amelio.reviews.services_meetings import minutes_freeze_and_send

    minutes_freeze_and_send(meeting, user)


meeting_workflow = Workflow(
    states=[
        # "Meeting state": French writes a meeting's states in the feminine (une réunion).
        State("planned", pgettext_lazy("meeting state", "Planned"), "secondary"),
        State("held", pgettext_lazy("meeting state", "Held"), "primary"),
        State(
            "minutes_sent",
            pgettext_lazy("meeting state", "Minutes sent"),
            "success",
            final=True,
            editable=False,
        ),
        State(
            "cancelled",
            pgettext_lazy("meeting state", "Cancelled"),
            "dark",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "hold",
            _("Mark as held"),
            ("planned",),
            "held",
            guards=(_minutes_written,),
        ),
        Transition(
            "send_minutes",
            _("Send the minutes"),
            ("held",),
            "minutes_sent",
            tone="success",
            effect=_when_minutes_sent,
        ),
        Transition(
            "cancel",
            pgettext_lazy("meeting", "Cancel the meeting"),
            ("planned",),
            "cancelled",
            needs_comment=True,
            tone="dark",
        ),
    ],
)
