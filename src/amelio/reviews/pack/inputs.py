"""The input sections of the management review pack, one function per section.

Each function takes the review and its `Periods` and returns a serialisable dict:
`{"figures": [figure, ...], "tables": {name: [row, ...]}}` where a figure comes from
`pack.figures` (a module's measure, or a count of records) and a row is a dict of plain
values (text, numbers, ISO dates, choice codes). While a review is prepared the page computes
them live; when it is held they are stored in the inputs' snapshots and only those are read.
How a row is shown (column labels, choice labels) is in `pack.present`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.reviews.pack.figures import Periods, count, family, figures

ALL = ("9001", "14001", "45001", "50001")


@dataclass(frozen=True)
class Section:
    """One input of the review: its key, title, the clauses it answers, the standards that
    ask for it and the function compiling it."""

    key: str
    title: object
    clauses: str
    standards: tuple[str, ...]
    compute: Callable[..., dict]


def _within(queryset, periods: Periods, field: str):
    scope = periods.current
    return queryset.filter(**{f"{field}__gte": scope.aware_start, f"{field}__lt": scope.aware_end})


def _scoped(model, periods: Periods):
    return model.objects.active().filter(org_unit__path__startswith=periods.current.path)


# --- a) actions from previous reviews --------------------------------------------------------


def previous_review(review):
    """The latest review of the same unit held before this one's period ends."""
    from amelio.reviews.models import ManagementReview

    return (
        ManagementReview.objects.active()
        .filter(org_unit=review.org_unit, status__in=["held", "approved"])
        .filter(period_end__lt=review.period_end)
        .exclude(pk=review.pk)
        .order_by("-period_end", "-pk")
        .first()
    )


def action_state(action, day) -> str:
    """done (done or verified), cancelled, late (open and past due on `day`) or on_time."""
    if action.status in ("done", "verified"):
        return "done"
    if action.status == "cancelled":
        return "cancelled"
    return "late" if action.due_date < day else "on_time"


def previous_actions(review, periods: Periods) -> dict:
    from amelio.actions.models import Action

    previous = previous_review(review)
    rows: list[dict] = []
    if previous is not None:
        kind = ContentType.objects.get_for_model(previous)
        actions = (
            Action.objects.active()
            .filter(links__content_type=kind, links__object_id=previous.pk)
            .select_related("owner")
            .order_by("due_date", "pk")
        )
        day = periods.current.as_of
        rows = [
            {
                "reference": a.reference,
                "title": a.title,
                "owner": str(a.owner),
                "due_date": a.due_date.isoformat(),
                "state": action_state(a, day),
            }
            for a in actions
        ]
    states = Counter(row["state"] for row in rows)
    return {
        "previous": previous.reference if previous else None,
        "figures": [
            count("reviews.previous_actions", len(rows)),
            *(count(f"reviews.actions_{s}", states[s]) for s in ("done", "on_time", "late")),
        ],
        "tables": {"actions": rows},
    }


# --- b) changes in context -----------------------------------------------------------------


def context_changes(review, periods: Periods) -> dict:
    from amelio.context.models import ContextIssue, InterestedParty

    rows = []
    for model, kind, label in (
        (ContextIssue, "issue", "title"),
        (InterestedParty, "party", "name"),
    ):
        scope = periods.current
        changed = _scoped(model, periods).filter(
            Q(created_at__gte=scope.aware_start, created_at__lt=scope.aware_end)
            | Q(updated_at__gte=scope.aware_start, updated_at__lt=scope.aware_end)
        )
        for record in changed.order_by("reference"):
            created = periods.current.aware_start <= record.created_at < periods.current.aware_end
            rows.append(
                {
                    "reference": record.reference,
                    "title": getattr(record, label),
                    "kind": kind,
                    "change": "created" if created else "changed",
                }
            )
    kinds = Counter((row["kind"], row["change"]) for row in rows)
    return {
        "figures": [
            count("reviews.issues_created", kinds["issue", "created"]),
            count("reviews.issues_changed", kinds["issue", "changed"]),
            count("reviews.parties_created", kinds["party", "created"]),
            count("reviews.parties_changed", kinds["party", "changed"]),
            *figures(["context.reviews_overdue"], periods),
        ],
        "tables": {"changes": rows},
    }


# --- c) performance -------------------------------------------------------------------------


def _measures(*keys: str) -> Callable[..., dict]:
    def compute(review, periods: Periods) -> dict:
        return {"figures": figures(list(keys), periods), "tables": {}}

    return compute


def _last_in_period(indicator, periods: Periods):
    """The indicator's last value in the period and its status against the target then,
    as the indicators app judges it (`Indicator.status_of`)."""
    scope = periods.current
    values = [v for v in indicator.values.all() if scope.start <= v.period < scope.end]
    if not values:
        return None, None, "none"
    last = max(values, key=lambda v: v.period)
    target = indicator.target_on(last.period)
    return last, target, indicator.status_of(last.value, last.period)


def _indicators(periods: Periods):
    from amelio.indicators.models import Indicator

    return (
        _scoped(Indicator, periods)
        .select_related("objective", "process")
        .prefetch_related("values", "targets")
        .order_by("reference")
    )


def _indicator_row(indicator, periods: Periods) -> dict:
    last, target, status = _last_in_period(indicator, periods)
    return {
        "reference": indicator.reference,
        "name": indicator.name,
        "value": None if last is None else indicator.format(last.value),
        "target": None if target is None else indicator.format(target.target),
        "status": status,
    }


WORST = ["off_target", "alert", "on_target"]


def objectives(review, periods: Periods) -> dict:
    from amelio.indicators.models import Objective

    indicators = list(_indicators(periods))
    rows = []
    for objective in _scoped(Objective, periods).order_by("reference"):
        own = [_indicator_row(i, periods) for i in indicators if i.objective_id == objective.pk]
        statuses = {row["status"] for row in own}
        rows.append(
            {
                "reference": objective.reference,
                "title": objective.title,
                "axis": objective.policy_axis,
                "due_date": objective.due_date.isoformat() if objective.due_date else None,
                "status": next((s for s in WORST if s in statuses), "no_target"),
                "indicators": len(own),
            }
        )
    states = Counter(row["status"] for row in rows)
    return {
        "figures": [
            count("reviews.objectives", len(rows)),
            count("reviews.objectives_on_target", states["on_target"]),
            count("reviews.objectives_off_target", states["off_target"] + states["alert"]),
        ],
        "tables": {
            "objectives": rows,
            "indicators": [_indicator_row(i, periods) for i in indicators if i.objective_id],
        },
    }


def processes(review, periods: Periods) -> dict:
    from amelio.processes.models import Process

    indicators = list(_indicators(periods))
    rows = []
    for process in _scoped(Process, periods).order_by("code"):
        statuses = Counter(
            _last_in_period(i, periods)[2] for i in indicators if i.process_id == process.pk
        )
        rows.append(
            {
                "reference": process.code,
                "title": process.name,
                "indicators": sum(statuses.values()),
                "on_target": statuses["on_target"],
                "alert": statuses["alert"],
                "off_target": statuses["off_target"],
            }
        )
    return {"figures": [count("reviews.processes", len(rows))], "tables": {"processes": rows}}


def nonconformities(review, periods: Periods) -> dict:
    keys = [
        "nonconformities.ncs",
        *family("nonconformities.ncs", periods),
        "nonconformities.cost",
        "nonconformities.eight_d_on_time_rate",
        "actions.on_time_rate",
        "actions.effectiveness_rate",
        "actions.overdue",
    ]
    return {"figures": figures(keys, periods), "tables": {}}


def monitoring(review, periods: Periods) -> dict:
    """The indicators of the scope with a value in alert or off target in the period."""
    scope = periods.current
    rows = []
    for indicator in _indicators(periods):
        values = [v for v in indicator.values.all() if scope.start <= v.period < scope.end]
        statuses = Counter(indicator.status_of(v.value, v.period) for v in values)
        if statuses["alert"] or statuses["off_target"]:
            row = _indicator_row(indicator, periods)
            row.update(alert=statuses["alert"], off_target=statuses["off_target"])
            rows.append(row)
    return {
        "figures": [count("reviews.indicators_in_alert", len(rows))],
        "tables": {"alerts": rows},
    }


def audits(review, periods: Periods) -> dict:
    keys = [
        "audits.programme_completion",
        *family("audits.findings", periods),
        "audits.days_to_close_findings",
    ]
    return {"figures": figures(keys, periods), "tables": {}}


def energy(review, periods: Periods) -> dict:
    keys = [
        "energy.kwh",
        "energy.tco2e",
        "energy.cost",
        "energy.seu_share",
        *family("energy.enpi", periods),
        *family("energy.enpi_improvement", periods),
    ]
    return {"figures": figures(keys, periods), "tables": {}}


def improvement(review, periods: Periods) -> dict:
    from amelio.actions.models import Action
    from amelio.risks.models import Risk

    opportunities = (
        _scoped(Risk, periods).filter(risk_type=Risk.Type.OPPORTUNITY).order_by("reference")
    )
    actions = _within(
        _scoped(Action, periods).filter(action_type=Action.Type.IMPROVEMENT), periods, "created_at"
    ).order_by("reference")
    ideas = _public_ideas(periods)
    return {
        "figures": [
            *figures(["risks.opportunities_taken"], periods),
            count("reviews.opportunities", opportunities.count()),
            count("reviews.improvement_actions", actions.count()),
            count("reviews.ideas", len(ideas)),
        ],
        "tables": {
            "opportunities": [
                {"reference": r.reference, "title": r.title, "treatment": r.treatment}
                for r in opportunities
            ],
            "improvement_actions": [
                {"reference": a.reference, "title": a.title, "state": a.status}
                for a in actions.select_related("owner")
            ],
            "ideas": ideas,
        },
    }


def _public_ideas(periods: Periods) -> list[dict]:
    try:
        from amelio.safety.models import PublicReport
    except ImportError:  # pragma: no cover - the safety module is part of Amelio
        return []
    reports = _within(
        _scoped(PublicReport, periods).filter(kind=PublicReport.Kind.IDEA), periods, "created_at"
    )
    return [
        {"reference": r.reference, "title": r.description[:200], "state": r.status}
        for r in reports.order_by("reference")
    ]


SECTIONS: list[Section] = [
    Section(
        "actions",
        _("Status of actions from previous management reviews"),
        "9001 9.3.2 a); 14001 9.3 a); 45001 9.3 a); 50001 9.3 a)",
        ALL,
        previous_actions,
    ),
    Section(
        "context",
        _("Changes in external and internal issues and interested parties"),
        "9001 9.3.2 b); 14001 9.3 b) 1) 2); 45001 9.3 b) 1) 2); 50001 9.3 b)",
        ALL,
        context_changes,
    ),
    Section(
        "customers",
        _("Customer satisfaction and feedback, complaints"),
        "9001 9.3.2 c) 1); 14001 9.3 f); 45001 9.3 f)",
        ("9001", "14001", "45001"),
        _measures(
            "customers.complaints",
            "customers.complaint_rate",
            "customers.nps",
            "customers.csat",
            "customers.ces",
        ),
    ),
    Section(
        "objectives",
        _("Extent to which objectives have been met"),
        "9001 9.3.2 c) 2); 14001 9.3 c); 45001 9.3 c); 50001 9.3 c)",
        ALL,
        objectives,
    ),
    Section(
        "processes",
        _("Process performance and conformity of products and services"),
        "9001 9.3.2 c) 3)",
        ("9001",),
        processes,
    ),
    Section(
        "nonconformities",
        _("Nonconformities and corrective actions"),
        "9001 9.3.2 c) 4); 14001 9.3 d) 1); 45001 9.3 d) 1); 50001 9.3 c) 1)",
        ALL,
        nonconformities,
    ),
    Section(
        "monitoring",
        _("Monitoring and measurement results"),
        "9001 9.3.2 c) 5); 14001 9.3 d) 2); 45001 9.3 d) 2); 50001 9.3 c) 2)",
        ALL,
        monitoring,
    ),
    Section(
        "audits",
        _("Audit results"),
        "9001 9.3.2 c) 6); 14001 9.3 d) 4); 45001 9.3 d) 4); 50001 9.3 c) 3)",
        ALL,
        audits,
    ),
    Section(
        "suppliers",
        _("Performance of external providers"),
        "9001 9.3.2 c) 7); 45001 8.1.4",
        ("9001", "45001"),
        _measures(
            "suppliers.evaluation_score",
            "suppliers.on_time_delivery",
            "suppliers.blocked",
            "nonconformities.ncs.supplier",
        ),
    ),
    Section(
        "compliance",
        _("Fulfilment of compliance obligations"),
        "14001 9.3 d) 3); 45001 9.3 d) 3); 50001 9.3 c) 4)",
        ("14001", "45001", "50001"),
        _measures(
            "compliance.requirements_conform",
            "compliance.requirements_nonconform",
            "compliance.evaluations_overdue",
            "compliance.inspections_overdue",
        ),
    ),
    Section(
        "risks",
        _("Risks and opportunities, effectiveness of the actions taken"),
        "9001 9.3.2 e); 14001 9.3 b) 4); 45001 9.3 b) 4), d) 6); 50001 9.3 b)",
        ALL,
        _measures(
            "risks.above_tolerance",
            "risks.opportunities_taken",
            "risks.reviews_overdue",
            "actions.effectiveness_rate",
        ),
    ),
    Section(
        "safety",
        _("Incidents and health and safety performance, worker participation"),
        "45001 9.3 d) 1) 5)",
        ("45001",),
        _measures(
            "safety.tf1",
            "safety.tf2",
            "safety.tg",
            "safety.lost_time_accidents",
            "safety.days_lost",
            "safety.near_misses",
            "safety.reports",
            "safety.duerp_actions_done_rate",
            "safety.duerp_reviews_overdue",
        ),
    ),
    Section(
        "environment",
        _("Environmental performance: aspects, waste, emergencies, classified installations"),
        "14001 9.3 b) 3), d) 2); 14001 8.2",
        ("14001",),
        _measures(
            "environment.significant_aspects",
            "environment.waste_tonnes",
            "environment.hazardous_waste_tonnes",
            "environment.waste_recovery_rate",
            "environment.hazardous_waste_share",
            "environment.drills_overdue",
            "environment.icpe_controls_due",
        ),
    ),
    Section(
        "energy",
        _("Energy performance and EnPIs, energy policy and objectives"),
        "50001 9.3 c) 2), e); 50001 6.4",
        ("50001",),
        energy,
    ),
    Section(
        "resources",
        _("Adequacy of resources: competence, documented information"),
        "9001 9.3.2 d); 14001 9.3 e); 45001 9.3 e); 50001 9.3 d)",
        ALL,
        _measures(
            "training.completion_rate",
            "training.hours",
            "documents.reviews_overdue",
        ),
    ),
    Section(
        "improvement",
        _("Opportunities for improvement"),
        "9001 9.3.2 f); 14001 9.3 g); 45001 9.3 g); 50001 9.3 d)",
        ALL,
        improvement,
    ),
]

BY_KEY = {section.key: section for section in SECTIONS}


def sections_for(standards: list[str]) -> list[Section]:
    """The sections the chosen standards ask for, in the pack's order."""
    return [s for s in SECTIONS if set(s.standards) & set(standards)]


def compile_section(key: str, review, periods: Periods) -> dict:
    """The live figures and rows of one section."""
    return BY_KEY[key].compute(review, periods)


# Labels of the figures the pack counts itself (not published measures).
LOCAL_LABELS = {
    "reviews.previous_actions": _("Actions decided by the previous review"),
    "reviews.actions_done": _("Actions done"),
    "reviews.actions_on_time": _("Actions open, on time"),
    "reviews.actions_late": _("Actions open, late"),
    "reviews.issues_created": _("Context issues created"),
    "reviews.issues_changed": _("Context issues changed"),
    "reviews.parties_created": _("Interested parties created"),
    "reviews.parties_changed": _("Interested parties changed"),
    "reviews.objectives": _("Objectives"),
    "reviews.objectives_on_target": _("Objectives on target"),
    "reviews.objectives_off_target": _("Objectives in alert or off target"),
    "reviews.processes": _("Processes"),
    "reviews.indicators_in_alert": _("Indicators in alert or off target in the period"),
    "reviews.opportunities": _("Opportunities in the register"),
    "reviews.improvement_actions": _("Improvement actions opened in the period"),
    "reviews.ideas": pgettext_lazy("public reports", "Improvement ideas received"),
}

__all__ = ["BY_KEY", "LOCAL_LABELS", "SECTIONS", "compile_section", "sections_for"]
