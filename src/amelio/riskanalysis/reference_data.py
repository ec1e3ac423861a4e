"""Installing the shipped reference data of risk analysis (the HAZOP guide words of IEC 61882
and the usual process parameters): run by the data migration with the historical models, and
by the demo loader (a test database flushed between browser journeys loses what migrations
loaded)."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "hazop_guide_words.json"


def hazop_data() -> dict:
    """The guide words and parameters as shipped, with their source and version."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def install_hazop(guide_model=None, parameter_model=None) -> int:
    """Create the guide words and parameters that are missing (by code); returns how many
    were created. Those the coordinator reworded or retired are left as they are."""
    if guide_model is None or parameter_model is None:
        from amelio.riskanalysis.models import HazopGuideWord, HazopParameter

        guide_model, parameter_model = HazopGuideWord, HazopParameter
    data = hazop_data()
    source = f"{data['source']} ({data['version']})"[:200]
    created = 0
    for row in data["guide_words"]:
        _word, was_created = guide_model.objects.get_or_create(
            code=row["code"], defaults={**_without(row, "code"), "source": source}
        )
        created += was_created
    words = {w.code: w for w in guide_model.objects.all()}
    for row in data["parameters"]:
        parameter, was_created = parameter_model.objects.get_or_create(
            code=row["code"],
            defaults={
                **_without(row, "code", "guide_words", "deviations"),
                "source": source,
                "wordings": row["deviations"],
            },
        )
        if was_created:
            parameter.guide_words.set([words[code] for code in row["guide_words"]])
        created += was_created
    return created


def _without(row: dict, *names: str) -> dict:
    return {key: value for key, value in row.items() if key not in names}


def ensure_hazop() -> None:
    """Install the guide words when the table is empty (a flushed test database)."""
    from amelio.riskanalysis.models import HazopGuideWord

    if not HazopGuideWord.objects.exists():
        install_hazop()
