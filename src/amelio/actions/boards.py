"""Kanban board and Gantt chart of actions.

Both take the same filters as the list. The Kanban board has one column per workflow state; a
card may be dragged (or moved with its "Move to…" menu) to the column of a state that one of
the transitions the user may do leads to. The move posts to the register's transition URL, so
the server stays the authority. The Gantt chart is built by `amelio.actions.charts`.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import Coalesce, TruncDate
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext_lazy as _

from amelio.actions import charts
from amelio.actions.workflows import action_workflow
from amelio.core import services
from amelio.core.registry import ExtraView
from amelio.core.views.base import RegisterView
from amelio.core.views.records import filtered_queryset

STATES = action_workflow.states
KANBAN_LIMIT = 200
GANTT_LIMIT = 300
GANTT_TEXTS = {
    "status": _("Status"),
    "owner": _("Owner"),
    "plan": _("Action plan"),
    "start": _("Start date"),
    "due": _("Due date"),
    "overdue": _("Overdue"),
    "today": _("Today"),
    "milestones": _("Milestones"),
    "reached": _("Reached"),
    "to_reach": _("To reach"),
    "no_plan": _("No plan"),
    "field": _("%(label)s: %(value)s"),
}


def card_moves(register, action, user) -> list[dict[str, Any]]:
    """Every step from the action's state: where it leads, its URL, and why it is refused
    (None when `user` may do it now)."""
    moves = []
    for transition in action_workflow.available(action):
        moves.append(
            {
                "name": transition.name,
                "label": transition.label,
                "target": transition.target,
                "target_label": action_workflow.state(transition.target).label,
                "url": register.url("transition", action.pk, transition.name),
                "needs_comment": transition.needs_comment,
                "refusal": services.transition_refusal(action, user, transition.name),
            }
        )
    return moves


def allowed_moves(moves: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Target state -> the first step the user may do to get there (what a drop may do)."""
    allowed: dict[str, dict[str, Any]] = {}
    for move in moves:
        if move["refusal"] is None and move["target"] not in allowed:
            allowed[move["target"]] = {
                "url": move["url"],
                "label": str(move["label"]),
                "comment": move["needs_comment"],
            }
    return allowed


def refused_moves(moves: list[dict[str, Any]]) -> dict[str, str]:
    """Target state -> why no step the user may do leads there (shown when dropped there)."""
    allowed = allowed_moves(moves)
    return {
        m["target"]: str(m["refusal"])
        for m in moves
        if m["refusal"] is not None and m["target"] not in allowed
    }


def kanban_card(register, action, user) -> dict[str, Any]:
    """What a card shows and the moves it offers, as JSON for kanban.js."""
    moves = card_moves(register, action, user)
    allowed = allowed_moves(moves)
    return {
        "action": action,
        "moves": moves,
        "allowed": allowed,
        "moves_json": json.dumps(allowed),
        "refusals_json": json.dumps(refused_moves(moves)),
    }


def counts_by_status(queryset) -> dict[str, int]:
    """How many of the filtered actions are in each state (one query)."""
    rows = queryset.order_by().values("status").annotate(count=Count("id", distinct=True))
    return {row["status"]: row["count"] for row in rows}


class KanbanView(RegisterView):
    """One column per workflow state, with at most `KANBAN_LIMIT` cards each."""

    def get(self, request):
        filterset, queryset, _sort = filtered_queryset(self.register, request)
        queryset = queryset.prefetch_related(None)
        counts = counts_by_status(queryset)
        columns = [self.column(state, queryset, counts.get(state.name, 0)) for state in STATES]
        context = self.base_context(
            filterset=filterset,
            columns=columns,
            limit=KANBAN_LIMIT,
            truncated=any(column["truncated"] for column in columns),
        )
        return TemplateResponse(request, "actions/kanban.html", context)

    def column(self, state, queryset, count: int) -> dict[str, Any]:
        """A state's cards; closed states show the latest due first, as old ones pile up."""
        records = queryset.filter(status=state.name)
        if state.final:
            records = records.order_by("-due_date", "-id")
        cards = [
            kanban_card(self.register, action, self.request.user)
            for action in records[:KANBAN_LIMIT]
        ]
        return {"state": state, "cards": cards, "count": count, "truncated": count > len(cards)}


def gantt_row(action, url: str) -> charts.GanttAction:
    """The plain data of an action's bar."""
    return {
        "id": action.pk,
        "reference": action.reference,
        "title": action.title,
        "status": action.status,
        "owner": str(action.owner),
        "plan": action.plan.name if action.plan else "",
        "start": action.start_date,
        "created": timezone.localdate(action.created_at),
        "due": action.due_date,
        "overdue": action.is_overdue,
        "url": url,
    }


def gantt_data(register, actions: list) -> dict[str, Any]:
    """Rows, milestones and (predecessor, follower) pairs of the shown actions."""
    return {
        "actions": [gantt_row(a, register.url("detail", a.pk)) for a in actions],
        "milestones": [
            {"action": a.pk, "title": m.title, "date": m.date, "reached": m.reached}
            for a in actions
            for m in a.milestones.all()
        ],
        "dependencies": [(before.pk, a.pk) for a in actions for before in a.depends_on.all()],
    }


def _short_date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


class GanttView(RegisterView):
    """Bars from start to due date, by plan then start date, at most `GANTT_LIMIT` actions."""

    def get(self, request):
        filterset, queryset, _sort = filtered_queryset(self.register, request)
        queryset = (
            queryset.prefetch_related(None)
            .prefetch_related("milestones", "depends_on")
            .order_by(
                F("plan__name").asc(nulls_last=True),
                Coalesce("start_date", TruncDate("created_at")),
                "id",
            )
        )
        total = queryset.count()
        actions = list(queryset[:GANTT_LIMIT])
        context = self.base_context(
            filterset=filterset,
            figure=self.figure(gantt_data(self.register, actions)) if actions else None,
            actions=actions,
            total=total,
            limit=GANTT_LIMIT,
            truncated=total > len(actions),
        )
        return TemplateResponse(request, "actions/gantt.html", context)

    def figure(self, data: dict[str, Any]) -> dict[str, Any]:
        return charts.gantt_figure(
            data["actions"],
            milestones=data["milestones"],
            dependencies=data["dependencies"],
            states=[{"name": s.name, "label": str(s.label), "tone": s.tone} for s in STATES],
            today=timezone.localdate(),
            texts={key: str(text) for key, text in GANTT_TEXTS.items()},
            format_date=_short_date,
            date_format=charts.d3_date_format(get_format("SHORT_DATE_FORMAT")),
        )


# URL patterns added under /actions/ and extra views of the actions register.
urlpatterns: list = []
EXTRA_VIEWS: list = [
    ExtraView("kanban", KanbanView, _("Kanban board"), "kanban"),
    ExtraView("gantt", GanttView, _("Gantt chart"), "bar-chart-steps"),
]
