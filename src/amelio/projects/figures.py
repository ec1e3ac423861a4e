"""The figures of the projects, computed once here and read by the project page, the budget
export, the list filter and the measures: budget totals and variance, progress of the
milestones and of the work items, the latest weather, the indicators against their target,
the projects running on a day and the lessons recorded in a period.

Indicator values and statuses are those the indicators app stored (never recomputed here);
risk levels those the risks app stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType

from amelio.actions.computations import DONE_STATES, OPEN_STATES
from amelio.core.similarity import ranked
from amelio.projects.models import BudgetLine, Lesson, Milestone, Project

ZERO = Decimal("0.00")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
SIMILAR_LIMIT = 5
SIMILAR_POOL = 500
# A project runs between its start and its end, once started, unless put on hold or cancelled.
RUNNING_STATES = ("running", "closed")


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """`part` in percent of `whole`, to one decimal (half up); None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BudgetRow:
    """Planned, committed and actual amounts of a category (or of the whole budget)."""

    label: str
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def variance(self) -> Decimal:
        """Planned minus actual: positive while the spending stays within the budget."""
        return self.planned - self.actual

    @property
    def consumed(self) -> Decimal | None:
        """Actual spending in percent of the planned amount."""
        return percent(self.actual, self.planned)

    @property
    def engaged(self) -> Decimal | None:
        """Committed amounts in percent of the planned amount."""
        return percent(self.committed, self.planned)


@dataclass(frozen=True)
class Budget:
    """The budget lines, a row per category used, and the total."""

    lines: list[BudgetLine]
    categories: list[BudgetRow]
    total: BudgetRow


def budget(lines: Iterable[BudgetLine], total_label: str = "") -> Budget:
    """Totals of the budget lines, per category (in the order of the categories) and overall."""
    lines = list(lines)
    labels = dict(BudgetLine.Category.choices)
    categories = []
    for key in labels:
        chosen = [line for line in lines if line.category == key]
        if chosen:
            categories.append(_sum(str(labels[key]), chosen))
    return Budget(lines, categories, _sum(total_label, lines))


def _sum(label: str, lines: list[BudgetLine]) -> BudgetRow:
    return BudgetRow(
        label,
        sum((line.planned for line in lines), ZERO),
        sum((line.committed for line in lines), ZERO),
        sum((line.actual for line in lines), ZERO),
    )


@dataclass(frozen=True)
class Progress:
    """How many of a project's items are done out of those that count."""

    done: int
    total: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.done, self.total)


def milestone_progress(milestones: Iterable[Milestone]) -> Progress:
    """Milestones achieved out of the milestones not dropped."""
    kept = [m for m in milestones if m.status != Milestone.Status.DROPPED]
    return Progress(sum(m.status == Milestone.Status.ACHIEVED for m in kept), len(kept))


def project_actions(project: Project):
    """The active actions linked to the project (whoever may see them), cancelled ones left
    out: the project's work items."""
    from amelio.actions.models import Action

    content_type = ContentType.objects.get_for_model(Project)
    return (
        Action.objects.active()
        .filter(links__content_type=content_type, links__object_id=project.pk)
        .exclude(status="cancelled")
        .distinct()
    )


@dataclass(frozen=True)
class ActionFigures:
    """The work items of a project: done (done or verified) out of all, and those overdue."""

    progress: Progress
    overdue: int


def action_figures(statuses: Iterable[tuple[str, dt.date | None]], today: dt.date) -> ActionFigures:
    """From the (status, due date) of the project's actions."""
    rows = list(statuses)
    done = sum(status in DONE_STATES for status, _due in rows)
    overdue = sum(status in OPEN_STATES and due is not None and due < today for status, due in rows)
    return ActionFigures(Progress(done, len(rows)), overdue)


@dataclass
class Dashboard:
    """What the top of a project page shows."""

    milestones: Progress
    actions: ActionFigures
    budget: Budget
    latest_report: object | None
    overdue_milestones: list[Milestone] = field(default_factory=list)


def dashboard(project: Project, today: dt.date, total_label: str = "") -> Dashboard:
    """The project's progress, budget, latest status report and overdue milestones."""
    milestones = list(project.milestones.all())
    statuses = project_actions(project).values_list("status", "due_date")
    return Dashboard(
        milestones=milestone_progress(milestones),
        actions=action_figures(statuses, today),
        budget=budget(project.budget_lines.all(), total_label),
        latest_report=project.status_reports.order_by("-reported_on", "-id").first(),
        overdue_milestones=[m for m in milestones if m.is_overdue(today)],
    )


def indicator_rows(project: Project, user) -> list[dict]:
    """The linked indicators the user sees, each with its latest value, the target in force
    for that period and the status, as the indicators app stored them."""
    from amelio.core.registry import registry

    indicators = (
        registry.get("indicators.indicator")
        .queryset_for(user, "view")
        .active()
        .filter(projects=project)
        .prefetch_related("targets")
        .order_by("name")
    )
    rows = []
    for indicator in indicators:
        period = indicator.latest_period
        target = indicator.target_on(period) if period else None
        rows.append(
            {
                "indicator": indicator,
                "latest": indicator.latest,
                "period": period,
                "target": indicator.format(target.target) if target else "—",
                "status": indicator.latest_status,
            }
        )
    return rows


def risk_rows(project: Project, user) -> list:
    """The linked risks and opportunities the user sees, with their stored levels (label and
    colour from their matrix)."""
    from amelio.core.registry import registry

    risks = list(
        registry.get("risks.risk")
        .queryset_for(user, "view")
        .active()
        .filter(projects=project)
        .order_by("title", "pk")
    )
    for risk in risks:
        risk.inherent_info = risk.level_info("inherent")
        risk.residual_info = risk.level_info("residual")
    return risks


def steering_meetings(project: Project, user) -> list:
    """The project's meetings the user sees (its steering committees), the latest first."""
    from amelio.core.registry import registry

    return list(
        registry.get("reviews.meeting")
        .queryset_for(user, "view")
        .active()
        .filter(project=project)
        .order_by("-starts_at", "-pk")
    )


def similar_lessons(project: Project, user) -> list[tuple[Lesson, int]]:
    """Lessons of other projects (or from elsewhere) the user may read whose words are
    closest to the project's title and objective, with their similarity in percent; the
    same ranking as the similar nonconformities (core.similarity)."""
    from amelio.core.registry import registry

    pool = (
        registry.get("projects.lesson")
        .queryset_for(user, "view")
        .active()
        .exclude(project=project)
        .select_related("project")
        .order_by("-recorded_on", "-id")[:SIMILAR_POOL]
    )
    return ranked(project.search_text(), pool, Lesson.search_text, SIMILAR_LIMIT)


def running_on(projects, day: dt.date):
    """The projects running on `day`: started (running, or closed since) on or before it
    and not ended before it. A project on hold or cancelled does not run."""
    return projects.filter(status__in=RUNNING_STATES, start_date__lte=day).exclude(
        actual_end__lt=day
    )


def lessons_recorded(lessons, start: dt.date, end: dt.date):
    """The lessons recorded from `start` included to `end` excluded."""
    return lessons.filter(recorded_on__gte=start, recorded_on__lt=end)
