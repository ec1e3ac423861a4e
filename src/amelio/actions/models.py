"""Action plans, actions, their milestones, and the links from any record to its actions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.actions.workflows import CLOSED_STATES, action_workflow
from amelio.core.models import Record, RecordQuerySet, active_index

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2, "null": True, "blank": True}


class ActionPlan(Record):
    """A named set of actions ("Plan d'actions QSE 2027", "PAPRIPACT 2027", an audit's plan)."""

    REFERENCE_PREFIX = "PLAN"

    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    objective = models.TextField(_("objective"), blank=True)
    budget = models.DecimalField(_("budget (€)"), **MONEY)
    owner_may_verify = models.BooleanField(
        _("owners may verify their own actions"),
        default=False,
        help_text=_("Leave unticked so that someone other than the owner checks effectiveness."),
    )

    class Meta(Record.Meta):
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        indexes = [
            *Record.Meta.indexes,
            active_index("act_plan", "reference"),
            active_index("act_plan", "name"),
            active_index("act_plan", "start_date"),
            active_index("act_plan", "end_date"),
            active_index("act_plan", "budget"),
            active_index("act_plan", "owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class ActionQuerySet(RecordQuerySet):
    def open(self):
        return self.exclude(status__in=[*CLOSED_STATES, "done"])

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)


class Action(Record):
    """Something to do, with an owner and a due date, whose effectiveness is checked before it
    is closed. It may answer several records through `ActionLink`."""

    REFERENCE_PREFIX = "ACT"

    class Type(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediate / containment")
        CORRECTION = "correction", _("Correction")
        CORRECTIVE = "corrective", _("Corrective action")
        PREVENTIVE = "preventive", _("Preventive action")
        IMPROVEMENT = "improvement", _("Improvement")

    class Stage(models.TextChoices):
        PLAN = "plan", _("Plan")
        DO = "do", _("Do")
        CHECK = "check", _("Check")
        ACT = "act", _("Act")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")
        URGENT = 4, _("Urgent")

    NEEDS_CRITERION = (Type.CORRECTIVE, Type.PREVENTIVE)

    title = models.CharField(_("title"), max_length=200)
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    description = models.TextField(_("description"), blank=True)
    action_type = models.CharField(
        _("type"), max_length=12, choices=Type.choices, default=Type.CORRECTIVE
    )
    stage = models.CharField(_("PDCA stage"), max_length=5, choices=Stage.choices, default=Stage.DO)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("contributors"), blank=True, related_name="+"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    planned_cost = models.DecimalField(_("planned cost (€)"), **MONEY)
    actual_cost = models.DecimalField(_("actual cost (€)"), **MONEY)
    effort_days = models.DecimalField(
        _("effort (days)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("depends on"),
        blank=True,
        symmetrical=False,
        related_name="followers",
    )
    effectiveness_criterion = models.TextField(
        _("effectiveness criterion"),
        blank=True,
        help_text=_("How we will know it worked, e.g. no recurrence within 3 months."),
    )
    effectiveness_due = models.DateField(_("effectiveness check due"), null=True, blank=True)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verifier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=action_workflow.choices(),
        default=action_workflow.initial,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    effectiveness_result = models.TextField(_("effectiveness result"), blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True, editable=False)

    workflow = action_workflow
    objects = ActionQuerySet.as_manager()  # type: ignore[misc]

    class Meta(Record.Meta):
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            *Record.Meta.indexes,
            active_index("act_action", "reference"),
            active_index("act_action", "title"),
            active_index("act_action", "status"),
            active_index("act_action", "due_date"),
            active_index("act_action", "priority"),
            active_index("act_action", "progress"),
            active_index("act_action", "action_type"),
            active_index("act_action", "stage"),
            active_index("act_action", "plan"),
            active_index("act_action", "owner"),
            models.Index(fields=["owner", "archived_at", "status"], name="actions_act_owner"),
        ]

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = _("The due date is before the start date.")
        if self.action_type in self.NEEDS_CRITERION and not self.effectiveness_criterion.strip():
            errors["effectiveness_criterion"] = _(
                "Corrective and preventive actions need an effectiveness criterion."
            )
        if self.effectiveness_due and self.due_date and self.effectiveness_due < self.due_date:
            errors["effectiveness_due"] = _("The check comes after the due date.")
        if self.plan is not None and self.org_unit_id:
            plan_unit = self.plan.org_unit
            if not self.org_unit.path.startswith(plan_unit.path):
                errors["plan"] = _("The action's org unit must be within the plan's org unit.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self) -> bool:
        return self.status in ("planned", "in_progress", "not_effective") and (
            self.due_date < timezone.localdate()
        )

    @property
    def origins(self) -> str:
        """The records this action answers, as shown in the plan's origin column."""
        return ", ".join(str(link.target) for link in self.links.all() if link.target) or "—"


class Milestone(models.Model):
    """A dated step of an action, shown as a diamond on the Gantt chart."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    reached = models.BooleanField(_("reached"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.title


class ActionLink(models.Model):
    """Links an action to a record it answers (an NC, a risk, a context issue...), with a role.
    One action may answer several records; a record may have several actions."""

    class Role(models.TextChoices):
        CONTAINMENT = "containment", _("Containment")
        CORRECTIVE = "corrective", _("Corrective")
        PREVENTIVE = "preventive", _("Preventive")
        IMPROVEMENT = "improvement", _("Improvement")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.CORRECTIVE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action link")
        verbose_name_plural = _("action links")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "content_type", "object_id"], name="actions_link_unique"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="actions_link_obj")]

    def __str__(self) -> str:
        return f"{self.action} → {self.target}"


class CalendarFeed(models.Model):
    """The secret token of a user's iCalendar feed of actions (revocable)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
