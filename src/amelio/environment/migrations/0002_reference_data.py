"""Load the European List of Waste (842 codes) and the R/D treatment operations from the
app's data files, with their source and version (see data/SOURCES.md)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
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


def load(apps, schema_editor):
    WasteCode = apps.get_model("environment", "WasteCode")
    TreatmentCode = apps.get_model("environment", "TreatmentCode")
    with (DATA / "list_of_waste_entries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            WasteCode.objects.update_or_create(
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
    with (DATA / "treatment_codes_R_D.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            TreatmentCode.objects.update_or_create(
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


class Migration(migrations.Migration):
    dependencies = [("environment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
