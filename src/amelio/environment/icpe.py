"""The ICPE classification of a site from its installations: the legal parameters and
obligations of data/icpe_parameters.json, and the site classification through the pure
functions of `computations` (quantities summed per rubrique, thresholds, worst regime)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from amelio.environment import computations as calc

DATA = Path(__file__).resolve().parent / "data" / "icpe_parameters.json"


@cache
def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def parameters() -> dict:
    """Parameter name -> value (control periods, rubriques not summed)."""
    return {name: item["value"] for name, item in _data()["parameters"].items()}


def parameter_sources() -> dict:
    return {name: item["source"] for name, item in _data()["parameters"].items()}


def data_version() -> str:
    return _data()["version"]


def obligations(regime: str) -> list[str]:
    """The main obligations of a regime, in the user's language."""
    key = "en" if (get_language() or "fr").startswith("en") else "fr"
    return [item[key] for item in _data()["obligations"].get(regime, [])]


def thresholds_for(rubriques) -> dict[tuple[str, str], list[calc.Threshold]]:
    from amelio.environment.models import IcpeThreshold

    found: dict[tuple[str, str], list[calc.Threshold]] = {}
    for t in IcpeThreshold.objects.filter(rubrique__in=set(rubriques)):
        found.setdefault((t.rubrique, t.scale), []).append(
            calc.Threshold(t.alinea, t.regime, t.bound, t.inclusive)
        )
    return found


def classify_site(site) -> list[calc.RubriqueClass]:
    """The classification of a site's active installations."""
    if not site.pk:
        return []
    items = [
        calc.InstallationQuantity(
            id=i.pk,
            rubrique=i.rubrique,
            scale=i.scale,
            alinea=i.alinea,
            regime=i.regime,
            quantity=i.quantity,
            commissioned_on=i.commissioned_on,
        )
        for i in site.installations.filter(archived_at__isnull=True)
    ]
    return calc.classify_installations(
        items, thresholds_for(i.rubrique for i in items), parameters()["not_summed"]
    )
