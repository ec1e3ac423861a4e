"""Installing the shipped reference data of health and safety (the INRS risk families): run by
the data migration with the historical model, and by the demo loader (a test database flushed
between browser journeys loses what migrations loaded)."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "risk_families.json"


def install_families(model=None) -> int:
    """Create the risk families that are missing (by code); returns how many were created.
    Families the coordinator renamed or retired are left as they are."""
    if model is None:
        from amelio.safety.models import RiskFamily as model
    data = json.loads(DATA.read_text(encoding="utf-8"))
    created = 0
    for row in data["families"]:
        _family, was_created = model.objects.get_or_create(
            code=row["code"],
            defaults={
                "name_fr": row["name_fr"],
                "name_en": row["name_en"],
                "order": row["order"],
                "source": data["source"][:200],
            },
        )
        created += was_created
    return created
