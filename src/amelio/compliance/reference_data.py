"""The shipped reference data of compliance, loaded with its source and version: the
equipment categories and their inspection rules (a data migration and the demo loader), the
standards frameworks and the starter legal library (installed into a company by a
coordinator, or by the demo: they are records of the company, which it may edit)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
RULES_VERSION = "Amelio compilation 2026-12 (DOMAIN.md section 6)"
FRAMEWORK_FILES = ("hs", "iso9001", "iso14001", "iso45001", "iso50001")


def install_inspection_rules(category_model=None, rule_model=None) -> int:
    """Create or update, by key, the equipment categories and their inspection rules."""
    if category_model is None or rule_model is None:
        from amelio.compliance.models import EquipmentCategory, InspectionRule

        category_model, rule_model = EquipmentCategory, InspectionRule
    written = 0
    with (DATA / "inspection_rules.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            category, _created = category_model.objects.update_or_create(
                key=row["category_key"],
                defaults={
                    "name_fr": row["category_fr"],
                    "name_en": row["category_en"],
                    "order": int(row["category_order"]),
                },
            )
            rule_model.objects.update_or_create(
                key=row["rule_key"],
                defaults={
                    "category": category,
                    "name_fr": row["rule_fr"],
                    "name_en": row["rule_en"],
                    "months": int(row["months"]),
                    "extended_months": int(row["extended_months"] or 0) or None,
                    "first_within_months": int(row["first_within_months"] or 0) or None,
                    "performed_by": row["performed_by"][:300],
                    "citation": row["citation"][:300],
                    "status": row["status"][:200],
                    "confirmed": row["confirmed"] == "1",
                    "source_url": row["source_url"],
                    "version": RULES_VERSION,
                },
            )
            written += 1
    return written


@cache
def parameters() -> dict:
    """The compliance parameters (evaluation cycle, soon windows) with their notes."""
    return json.loads((DATA / "parameters.json").read_text(encoding="utf-8"))


def parameter(name: str) -> int:
    return int(parameters()["parameters"][name]["value"])


def ensure_reference_data() -> None:
    """Install the inspection rules when the table is empty (a flushed test database)."""
    from amelio.compliance.models import InspectionRule

    if not InspectionRule.objects.exists():
        install_inspection_rules()


def framework_data(key: str) -> dict:
    return json.loads((DATA / "frameworks" / f"{key}.json").read_text(encoding="utf-8"))


def shipped_frameworks() -> list[str]:
    return [key for key in FRAMEWORK_FILES if (DATA / "frameworks" / f"{key}.json").exists()]


def legal_library() -> dict:
    return json.loads((DATA / "legal_library.json").read_text(encoding="utf-8"))


@dataclass
class Installed:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
