"""QSSE projects (an ISO 45001 certification, a waste-sorting scheme, a CSR event): the
project with its team, stakeholders, milestones, budget lines and status reports, and the
lessons-learned library later projects are shown when they start."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index
from amelio.projects.workflows import OPEN_STATES, project_workflow

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2, "default": 0}
PROJECT_INDEXED = ["reference", "title", "status", "domain", "owner", "start_date", "planned_end"]
LESSON_INDEXED = ["reference", "title", "domain", "project", "recorded_on"]


class Domain(models.TextChoices):
    """The QSSE field a project or a lesson belongs to."""

    QUALITY = "quality", pgettext_lazy("QSSE domain", "Quality")
    HEALTH_SAFETY = "health_safety", _("Health and safety")
    ENVIRONMENT = "environment", pgettext_lazy("QSSE domain", "Environment")
    ENERGY = "energy", pgettext_lazy("QSSE domain", "Energy")
    CSR = "csr", _("CSR")
    MULTI = "multi", _("Several domains")


class Project(Actionable, Record):
    """A QSSE project run by a project manager for a sponsor: objective, dates, expected
    results, the work items (actions linked to it), the indicators and risks it follows, and
    at closure the results achieved against its objectives."""

    REFERENCE_PREFIX = "PRJ"
    ACTION_ROLE = "improvement"
    ACTIONS_TITLE = _("Work items of the project")
    workflow = project_workflow

    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("objective"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=project_workflow.choices(),
        default=project_workflow.initial,
        editable=False,
    )
    domain = models.CharField(_("domain"), max_length=14, choices=Domain.choices)
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sponsor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(
        _("actual end"), null=True, blank=True, help_text=_("Set to the closure day if left blank.")
    )
    expected_results = models.TextField(_("expected results"), blank=True)
    results_achieved = models.TextField(
        _("results achieved"),
        blank=True,
        help_text=_("Against each objective; needed to close the project."),
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        verbose_name=_("indicators"),
        blank=True,
        related_name="projects",
        help_text=_("The indicators that show whether the project reaches its objective."),
    )
    risks = models.ManyToManyField(
        "risks.Risk",
        verbose_name=_("risks"),
        blank=True,
        related_name="projects",
        help_text=_("The risks and opportunities the project treats or runs."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    hold_reason = models.TextField(_("reason for the hold"), blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("prj", field) for field in PROJECT_INDEXED],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def clean(self) -> None:
        errors: dict = {}
        if self.start_date and self.planned_end and self.planned_end < self.start_date:
            errors["planned_end"] = _("The project cannot end before it starts.")
        if self.start_date and self.actual_end and self.actual_end < self.start_date:
            errors["actual_end"] = _("The project cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def parts_editable(self) -> bool:
        """Whether its team, milestones, budget and status reports may still change."""
        return not self.is_archived and self.status in OPEN_STATES

    def search_text(self) -> str:
        """The words the lessons learned are compared with."""
        return f"{self.title} {self.objective}"


class ProjectPart(models.Model):
    """A part of a project (a team member, a milestone, a budget line…): reached and
    scoped through its project, changed only while the project is open."""

    scope_parent = "project"
    project: Any

    class Meta:
        abstract = True

    @property
    def org_unit(self):
        return self.project.org_unit


class TeamMember(ProjectPart):
    """A person of the project team and their role in it."""

    class Role(models.TextChoices):
        SPONSOR = "sponsor", _("Sponsor")
        MANAGER = "manager", _("Project manager")
        MEMBER = "member", _("Team member")
        EXPERT = "expert", _("Expert")
        CONTRIBUTOR = "contributor", _("Occasional contributor")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    contribution = models.CharField(_("contribution"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        ordering = ["project", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="projects_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Stakeholder(ProjectPart):
    """A party the project concerns: named in words, or one of the interested parties of
    the context."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(_("name"), max_length=160, blank=True)
    interested_party = models.ForeignKey(
        "context.InterestedParty",
        verbose_name=_("interested party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expectations = models.CharField(_("expectations"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.name or str(self.interested_party or "")

    def clean(self) -> None:
        if not self.name.strip() and self.interested_party_id is None:
            raise ValidationError(
                {"name": _("Name the stakeholder or choose an interested party.")}
            )


class Milestone(ProjectPart):
    """A dated step of the project; achieved once its achievement date is given."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("milestone status", "Planned")
        ACHIEVED = "achieved", pgettext_lazy("milestone status", "Achieved")
        MISSED = "missed", pgettext_lazy("milestone status", "Missed")
        DROPPED = "dropped", pgettext_lazy("milestone status", "Dropped")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("milestone"), max_length=200)
    planned_on = models.DateField(_("planned date"))
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "planned_on", "id"]
        indexes = [models.Index(fields=["planned_on"], name="projects_milestone_due")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.status == self.Status.ACHIEVED and self.achieved_on is None:
            raise ValidationError({"achieved_on": _("Give the day the milestone was achieved.")})
        if self.achieved_on and self.status == self.Status.PLANNED:
            self.status = self.Status.ACHIEVED

    def is_overdue(self, today) -> bool:
        """Still planned after its planned date."""
        return self.status == self.Status.PLANNED and self.planned_on < today


class BudgetLine(ProjectPart):
    """A line of the project budget: planned, committed (ordered) and actual (invoiced or
    spent) amounts in euros."""

    class Category(models.TextChoices):
        INVESTMENT = "investment", _("Investment")
        OPERATING = "operating", _("Operating expenses")
        INTERNAL = "internal", _("Internal hours")
        EXTERNAL = "external", _("External services")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    label = models.CharField(_("label"), max_length=200)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    planned = models.DecimalField(_("planned (€)"), **MONEY)
    committed = models.DecimalField(_("committed (€)"), **MONEY)
    actual = models.DecimalField(_("actual (€)"), **MONEY)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.label


class StatusReport(ProjectPart):
    """A dated report on the project: its weather, progress, what was done, what comes next
    and the issues met."""

    class Weather(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        LATE = "late", _("Late")

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="status_reports",
    )
    reported_on = models.DateField(_("date"), default=timezone.localdate)
    weather = models.CharField(_("weather"), max_length=10, choices=Weather.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    done = models.TextField(_("done since the last report"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    issues = models.TextField(_("issues and decisions needed"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["project", "-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reported_on:%Y-%m-%d} {self.get_weather_display()}"


class Lesson(Record):
    """A lesson learned, from a project or from elsewhere (an incident, an audit): the
    context, what worked, what did not and the recommendation, in a library every later
    project searches. Kept at the organisation, a lesson is read by every site."""

    REFERENCE_PREFIX = "REX"
    SHARED_WITH_UNITS_BELOW = True

    title = models.CharField(_("title"), max_length=200)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lessons",
    )
    domain = models.CharField(_("domain"), max_length=14, choices=Domain.choices)
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    context = models.TextField(_("context"), blank=True)
    what_worked = models.TextField(_("what worked"), blank=True)
    what_did_not = models.TextField(_("what did not work"), blank=True)
    recommendation = models.TextField(_("recommendation"))
    keywords = models.CharField(
        _("keywords"), max_length=200, blank=True, help_text=_("Separated by commas.")
    )

    class Meta(Record.Meta):
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("rex", field) for field in LESSON_INDEXED],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def search_text(self) -> str:
        """The words a project is compared with."""
        return " ".join([self.title, self.keywords, self.context, self.recommendation])

    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]
