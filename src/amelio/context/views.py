"""Context pages beyond the standard register: SWOT board, PESTEL view, influence grid.
They take the same filters as the list, so a board can be narrowed to a site or a domain."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amelio.context import services
from amelio.context.models import ManagementText
from amelio.core.lookups import get_record_for
from amelio.core.views.base import RegisterView
from amelio.core.views.records import filtered_queryset

BOARD_LIMIT = 500
QUADRANT_TITLES = {
    "strength": gettext_lazy("Strengths"),
    "weakness": gettext_lazy("Weaknesses"),
    "opportunity": gettext_lazy("Opportunities"),
    "threat": gettext_lazy("Threats"),
}


class _BoardView(RegisterView):
    template = ""

    def records(self):
        filterset, queryset, _sort = filtered_queryset(self.register, self.request)
        return filterset, list(
            queryset.order_by("-impact" if self.has_impact else "name", "-id")[:BOARD_LIMIT]
        )

    has_impact = True

    def render(self, **extra):
        return TemplateResponse(self.request, self.template, self.base_context(**extra))


class SwotBoardView(_BoardView):
    """Four quadrants: strengths and weaknesses (internal), opportunities and threats
    (external)."""

    template = "context/swot.html"

    def get(self, request):
        from amelio.context.models import ContextIssue

        filterset, records = self.records()
        quadrants = []
        for value, _label in ContextIssue.Swot.choices:
            quadrants.append(
                {
                    "value": value,
                    "label": QUADRANT_TITLES[value],
                    "records": [r for r in records if r.swot == value],
                }
            )
        return self.render(
            filterset=filterset,
            quadrants=quadrants,
            limit=BOARD_LIMIT,
            truncated=len(records) >= BOARD_LIMIT,
        )


class PestelView(_BoardView):
    """External issues by PESTEL category, with their SWOT quadrant."""

    template = "context/pestel.html"

    def get(self, request):
        from amelio.context.models import ContextIssue

        filterset, records = self.records()
        columns = []
        for value, label in ContextIssue.Pestel.choices:
            columns.append(
                {
                    "value": value,
                    "label": label,
                    "records": [r for r in records if r.pestel == value],
                }
            )
        unclassified = [r for r in records if r.origin == "external" and not r.pestel]
        return self.render(filterset=filterset, columns=columns, unclassified=unclassified)


class InfluenceGridView(_BoardView):
    """Interested parties on a 4 x 4 influence/interest grid, high influence on top."""

    template = "context/grid.html"
    has_impact = False

    def get(self, request):
        from amelio.context.models import InterestedParty

        filterset, records = self.records()
        levels = InterestedParty.Level
        rows = []
        for influence in sorted(levels.values, reverse=True):
            cells = []
            for interest in levels.values:
                cells.append(
                    {
                        "interest": interest,
                        "records": [
                            r
                            for r in records
                            if r.influence == influence and r.interest == interest
                        ],
                        "zone": _zone(influence, interest),
                    }
                )
            rows.append({"influence": influence, "label": levels(influence).label, "cells": cells})
        return self.render(filterset=filterset, rows=rows, levels=levels)


def _zone(influence: int, interest: int) -> str:
    high = 3
    if influence >= high and interest >= high:
        return "manage"
    if influence >= high:
        return "satisfy"
    if interest >= high:
        return "inform"
    return "monitor"


@require_POST
def new_text_version(request, pk):
    """Start the next version of an approved text and open it for editing."""
    text = get_record_for(request.user, ManagementText, pk)
    try:
        draft = services.text_new_version(text=text, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("context:managementtext_detail", text.pk)
    messages.success(
        request, _("Version %(version)s was started as a draft.") % {"version": draft.version_label}
    )
    return redirect("context:managementtext_edit", draft.pk)
