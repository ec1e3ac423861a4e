"""Installing the shipped reference data of waste (the European List of Waste and the R/D
treatment operations, with their source and version): run by the data migration with the
historical models, and by the demo loader (a test database flushed between browser journeys
loses what migrations loaded)."""

from __future__ import annotations

import csv
from decimal import Decimal
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
    from amelio.environment.models import IcpeEntry

    if not IcpeEntry.objects.exists():
        install_icpe()


NOMENCLATURE_VERSION = "ICPE nomenclature (C. env. R511-9 annex), Envinorma 2021-07 snapshot"
NOMENCLATURE_SOURCE = "Envinorma/envinorma-web db/seeds/classement_references.csv (37f09317)"
THRESHOLDS_VERSION = "Amelio compilation 2026-12 (DOMAIN.md section 5.2)"


def install_icpe(entry_model=None, threshold_model=None) -> int:
    """Create or update the ICPE nomenclature (by rubrique and alinéa) and the thresholds of
    the common rubriques; returns the number of rows written."""
    if entry_model is None or threshold_model is None:
        from amelio.environment.models import IcpeEntry, IcpeThreshold

        entry_model, threshold_model = IcpeEntry, IcpeThreshold
    written = 0
    with (DATA / "icpe_nomenclature_2021.csv").open(encoding="utf-8") as handle:
        rows: dict[tuple[str, str], dict] = {}
        for row in csv.DictReader(handle):
            # A rubrique without alinéa may have a heading and a classifying row: keep the latter.
            key = (row["rubrique"], row["alinea"])
            if key not in rows or rows[key]["row_type"] == "heading":
                rows[key] = row
        for row in rows.values():
            entry_model.objects.update_or_create(
                rubrique=row["rubrique"],
                alinea=row["alinea"],
                defaults={
                    "heading": row["row_type"] == "heading",
                    "regime": row["regime"],
                    "label": row["label"][:300],
                    "version": NOMENCLATURE_VERSION,
                    "source": NOMENCLATURE_SOURCE,
                },
            )
            written += 1
    with (DATA / "icpe_thresholds.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            threshold_model.objects.update_or_create(
                rubrique=row["rubrique"],
                scale=row["scale"],
                alinea=row["alinea"],
                bound=Decimal(row["bound"]),
                defaults={
                    "regime": row["regime"],
                    "inclusive": row["inclusive"] == "1",
                    "unit": row["unit"],
                    "measure_fr": row["measure_fr"],
                    "measure_en": row["measure_en"],
                    "status": row["status"][:120],
                    "source_url": row["source_url"],
                    "version": THRESHOLDS_VERSION,
                },
            )
            written += 1
    return written
