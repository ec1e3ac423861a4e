"""List filters of scored records: the stored level of an assessment."""

from __future__ import annotations

from typing import Any

import django_filters

from amelio.scoring.models import ScoringMatrix, localised


def level_choices() -> list[tuple[str, str]]:
    """The levels of the matrices in use, by key; a key used by several matrices with other
    labels shows them all ("Important / Élevé")."""
    labels: dict[str, list[str]] = {}
    for matrix in ScoringMatrix.objects.filter(status=ScoringMatrix.Status.IN_USE):
        for level in matrix.levels:
            label = localised(level.get("label"))
            if label not in labels.setdefault(level["key"], []):
                labels[level["key"]].append(label)
    return [(key, " / ".join(names)) for key, names in labels.items()]


class LevelFilter(django_filters.ChoiceFilter):
    """A level of the stored assessment, chosen among the levels of the matrices in use."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["choices"] = level_choices
        super().__init__(*args, **kwargs)
