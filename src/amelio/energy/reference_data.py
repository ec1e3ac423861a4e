"""Installing the shipped energy factors (conversion and emission, with version, validity,
status and source; see data/SOURCES.md): run by the data migration with the historical models,
and by the demo loader (a test database flushed between browser journeys loses what
migrations loaded)."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


def install_factors(conversion_model=None, emission_model=None) -> int:
    """Create or update, by energy, unit (or basis) and date of validity, the factors of the
    data files; returns the number of rows written. Imported factors are left alone."""
    if conversion_model is None or emission_model is None:
        from amelio.energy.models import ConversionFactor, EmissionFactor

        conversion_model, emission_model = ConversionFactor, EmissionFactor
    written = 0
    with (DATA / "conversion_factors.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            conversion_model.objects.update_or_create(
                energy=row["energy"],
                unit=row["unit"],
                valid_from=dt.date.fromisoformat(row["valid_from"]),
                defaults={
                    "kwh_pci_per_unit": Decimal(row["kwh_pci_per_unit"]),
                    "kwh_pcs_per_unit": _decimal(row["kwh_pcs_per_unit"]),
                    "version": row["version"],
                    "status": row["status"],
                    "source": row["source_url"],
                    "note": row["note"],
                },
            )
            written += 1
    with (DATA / "emission_factors.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            emission_model.objects.update_or_create(
                energy=row["energy"],
                valid_from=dt.date.fromisoformat(row["valid_from"]),
                defaults={
                    "value": Decimal(row["value"]),
                    "basis_unit": row["basis_unit"],
                    "scope": row["scope"],
                    "vintage": row["vintage"],
                    "base_name": row["base_name"],
                    "status": row["status"],
                    "source": row["source_url"],
                    "note": row["note"],
                },
            )
            written += 1
    return written


def ensure_factors() -> None:
    """Install the factors when the tables are empty (a flushed test database)."""
    from amelio.energy.models import ConversionFactor

    if not ConversionFactor.objects.exists():
        install_factors()
