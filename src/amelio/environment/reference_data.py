"""Installing the shipped reference data of waste (the European List of Waste and the R/D
treatment operations, with their source and version): run by the data migration with the
historical models, and by the demo loader (a test database flushed between browser journeys
loses what migrations loaded)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LOW_VERSION = "Decision 2014/955/EU"
LOW_SOURCE = "European List of Waste (C. env. R541-8 annex); Trackdéchets FR, DEFRA EN"
TREATMENT_VERSION = "Directive 2008/98/EC annexes I-II (Trackdéchets 2026-03)"
ENTRY_TYPES = {
    "Absolute hazardous": "absolute_hazardous",
    "Mirror hazardous": "mirror_hazardous",
    "Mirror non-hazardous": "mirror_non_hazardous",
    "Absolute non-hazardous": "absolute_non_hazardous",
}
NOT_IN_FRANCE = {"D6", "D7", "D11"}


def install_codes(waste_model=None, treatment_model=None) -> int:
    """Create or update, by code, the waste codes and treatment operations of the data files;
    returns the number of rows written."""
    if waste_model is None or treatment_model is None:
        from amelio.environment.models import TreatmentCode, WasteCode

        waste_model, treatment_model = WasteCode, TreatmentCode
    written = 0
    with (DATA / "list_of_waste_entries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            waste_model.objects.update_or_create(
                code6=row["code6"],
                defaults={
                    "code": row["code"],
                    "hazardous": row["hazardous"] == "1",
                    "entry_type": ENTRY_TYPES[row["entry_type_en"]],
                    "chapter": row["chapter"],
                    "subchapter": row["subchapter"],
                    "description_fr": row["description_fr"],
                    "description_en": row["description_en"],
                    "version": LOW_VERSION,
                    "source": LOW_SOURCE,
                },
            )
            written += 1
    with (DATA / "treatment_codes_R_D.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            treatment_model.objects.update_or_create(
                code=row["code"],
                defaults={
                    "family": "recovery" if row["family"] == "valorisation" else "disposal",
                    "final": row["final_or_intermediate"] == "final",
                    "label_fr": row["label_fr"],
                    "label_en": row["meaning_en"],
                    "modes": row["trackdechets_operation_modes"][:120],
                    "note": row["note"][:200],
                    "in_use": row["code"] not in NOT_IN_FRANCE,
                    "version": TREATMENT_VERSION,
                },
            )
            written += 1
    return written


def ensure_codes() -> None:
    """Install the codes when the table is empty (a flushed test database)."""
    from amelio.environment.models import WasteCode

    if not WasteCode.objects.exists():
        install_codes()
