"""XLSX import of an indicator's values: one row per period; headings in French or English.
Every row is checked before anything is saved; errors name their row number."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amelio.core.imports import ImportFileError, read_table

MAX_ROWS = 5000
COLUMNS = {
    "period": gettext_lazy("Period"),
    "value": gettext_lazy("Value"),
    "numerator": gettext_lazy("Numerator"),
    "denominator": gettext_lazy("Denominator"),
    "comment": gettext_lazy("Comment"),
}
HEADINGS = {
    "period": "period",
    "période": "period",
    "value": "value",
    "valeur": "value",
    "numerator": "numerator",
    "numérateur": "numerator",
    "denominator": "denominator",
    "dénominateur": "denominator",
    "comment": "comment",
    "commentaire": "comment",
}


class ImportError_(Exception):
    """The file or some of its rows cannot be imported; `messages` lists why."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _date(raw) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%m/%Y", "%Y-%m"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007  # a date
        except ValueError:
            continue
    raise ValueError(text)


def _number(raw, required: bool) -> float | None:
    if raw in (None, ""):
        if required:
            raise ValueError("empty")
        return None
    if isinstance(raw, int | float):
        return float(raw)
    return float(str(raw).strip().replace(",", ".").replace("\u202f", "").replace(" ", ""))


def _row(number: int, cells: dict) -> tuple[dict | None, list[str]]:
    errors = []
    row: dict = {"comment": str(cells.get("comment") or "")[:300]}
    try:
        row["period"] = _date(cells.get("period"))
    except ValueError:
        errors.append(_("Row %(row)s: the period is not a date.") % {"row": number})
    for name in ("value", "numerator", "denominator"):
        try:
            row[name] = _number(cells.get(name), required=name == "value")
        except ValueError:
            label = str(COLUMNS[name]).lower()
            errors.append(
                _("Row %(row)s: %(column)s is not a number.") % {"row": number, "column": label}
            )
    return (None if errors else row), errors


def read_values(handle) -> list[dict]:
    """The rows of the first sheet as dicts, or ImportError_ with every problem found."""
    try:
        header_cells, lines = read_table(handle, MAX_ROWS)
    except ImportFileError as error:
        raise ImportError_([str(error)]) from error
    header = [HEADINGS.get(str(h or "").strip().lower()) for h in header_cells]
    if "period" not in header or "value" not in header:
        raise ImportError_([_("The first row must name the columns Period and Value.")])
    rows, errors = [], []
    for number, values in lines:
        cells = {name: v for name, v in zip(header, values, strict=False) if name}
        row, row_errors = _row(number, cells)
        errors += row_errors
        if row:
            rows.append(row)
    if errors:
        raise ImportError_(errors)
    return rows
