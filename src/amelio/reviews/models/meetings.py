"""Meetings: agenda, attendees, minutes, decisions that become actions.

A meeting (a QSE committee, a CSSCT meeting, a project steering committee, a process review)
is a register record; its attendance, agenda items and decisions are parts of it, edited on
its page while its state allows (decision 0037). Meetings of the same kind, unit, process
and project form a series: each one opens with the review of the actions of the previous one
(`amelio.reviews.services_meetings`), frozen in `previous_review` when the minutes are sent.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index
from amelio.reviews.workflows_meetings import meeting_workflow

__all__ = ["AgendaItem", "Attendance", "Decision", "Meeting"]


class Meeting(Actionable, Record):
    """A meeting with its organiser, attendees, agenda, minutes and decisions; the decisions
    become actions linked to it, reviewed at the next meeting of its series."""

    REFERENCE_PREFIX = "MTG"
    # The actions of a meeting are improvements decided together, not corrections of a fault.
    ACTION_ROLE = "improvement"
    ACTIONS_TITLE = _("Actions decided in the meeting")

    class Kind(models.TextChoices):
        QSE = "qse", _("QSE committee")
        CSSCT = "cssct", _("Health, safety and working conditions committee (CSSCT)")
        STEERING = "steering", _("Project steering committee")
        PROCESS_REVIEW = "process_review", _("Process review")
        OTHER = "other", _("Other meeting")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.QSE)
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("For a project steering committee: the project it steers."),
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("planned duration (minutes)"), null=True, blank=True
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        through="reviews.Attendance",
        blank=True,
        related_name="meetings_attended",
    )
    external_attendees = models.TextField(
        _("external attendees"),
        blank=True,
        help_text=_("People without an account: one per line, with their company or role."),
    )
    minutes = models.TextField(_("general minutes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=meeting_workflow.choices(),
        default=meeting_workflow.initial,
    )
    minutes_sent_at = models.DateTimeField(
        _("minutes sent on"), null=True, blank=True, editable=False
    )
    # The review of the previous meeting's actions as it stood when the minutes were sent:
    # {"meeting": {...}, "on": "YYYY-MM-DD", "actions": [...]}; None while it is computed live.
    previous_review = models.JSONField(
        _("review of the previous meeting's actions"), null=True, blank=True, editable=False
    )

    workflow = meeting_workflow

    class Meta(Record.Meta):
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("mtg", field)
                for field in ["reference", "title", "kind", "starts_at", "status", "owner"]
            ],
            models.Index(fields=["kind", "org_unit", "starts_at"], name="reviews_mtg_series"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    @property
    def day(self) -> datetime.date:
        """The meeting's day in the site's time zone."""
        return timezone.localdate(self.starts_at)

    @property
    def ends_at(self) -> datetime.datetime | None:
        if not self.duration_minutes:
            return None
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_open(self) -> bool:
        """Whether its agenda, attendance and decisions may still change."""
        return not self.is_archived and self.workflow.is_editable(self)


class Attendance(models.Model):
    """A user invited to a meeting and whether they came."""

    class Presence(models.TextChoices):
        INVITED = "invited", _("Invited")
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    presence = models.CharField(
        _("presence"), max_length=8, choices=Presence.choices, default=Presence.INVITED
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["user__last_name", "user__first_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="reviews_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_presence_display()})"


class AgendaItem(models.Model):
    """An item of a meeting's agenda, in order, with who presents it, its time and what was
    said about it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presenter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    notes = models.TextField(_("minutes of the item"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Decision(models.Model):
    """What the meeting decided, on one of its items or in general; "make it an action"
    turns it into an action linked to the meeting, remembered here."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    action = models.ForeignKey(
        "actions.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        item = self.item
        if item is not None and self.meeting_id and item.meeting_id != self.meeting_id:
            raise ValidationError({"item": _("This item is on another meeting's agenda.")})
