"""Imports of the energy app that are not register imports: emission factors (a coordinator
brings ADEME's newer values) and monthly values of relevant variables. Each reads an XLSX or
CSV file, checks every row with a form, and reports the bad rows by number in the user's
language; the services then save all rows or none."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from amelio.core.imports import ImportFileError, _french_date
from amelio.core.imports import read_table as core_read_table
from amelio.energy.forms import EmissionFactorRow, ValueRow
from amelio.energy.models import EmissionFactor, Energy, FactorStatus, Variable

MAX_ROWS = 5000
# How people write a factor's unit -> the pint unit Amelio stores.
BASIS_WORDS = {
    "kwh": "kWh",
    "kwh pci": "kWh",
    "kgco2e/kwh": "kWh",
    "kgco2e/kwh pci": "kWh",
    "l": "L",
    "litre": "L",
    "liter": "L",
    "kgco2e/l": "L",
    "kgco2e/litre": "L",
    "kg": "kg",
    "kgco2e/kg": "kg",
    "t": "t",
    "tonne": "t",
    "m3": "m**3",
    "m³": "m**3",
}
FACTOR_COLUMNS = [
    "energy",
    "value",
    "basis_unit",
    "scope",
    "vintage",
    "base_name",
    "valid_from",
    "status",
    "source",
    "note",
]
VALUE_COLUMNS = ["variable", "month", "value"]


def read_table(upload) -> tuple[list[str], list[tuple[int, list]]]:
    """Header (lower case) and numbered non-empty rows of an XLSX or CSV file."""
    header, rows = core_read_table(upload, MAX_ROWS, allow_csv=True)
    return [str(h or "").strip().lower() for h in header], rows


def _labels(model, names) -> dict[str, str]:
    """Column heading (field name, or its label in English or French) -> field name."""
    mapping = {name: name for name in names}
    for language in ("en", "fr"):
        with translation.override(language):
            for name in names:
                mapping[force_str(model._meta.get_field(name).verbose_name).lower()] = name
    return mapping


def _choice(choices, text) -> str:
    text = str(text or "").strip()
    for value, label in choices:
        for language in ("en", "fr"):
            with translation.override(language):
                if text.lower() in (str(value).lower(), force_str(label).lower()):
                    return value
    return text


def _date(raw) -> str:
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return _french_date(str(raw or "").strip())


def _number(raw) -> str:
    return (
        ""
        if raw is None
        else str(raw).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    )


def _messages(number: int, form) -> list[str]:
    out = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else _("Row")
        for message in errors:
            out.append(
                _("Row %(number)s: %(message)s")
                % {
                    "number": number,
                    "message": _("%(label)s: %(value)s") % {"label": label, "value": message},
                }
            )
    return out


def emission_factor_rows(upload) -> tuple[list[tuple[int, EmissionFactor]], list[str]]:
    """The factors of a file (unsaved) and the messages of its bad rows."""
    header, rows = read_table(upload)
    mapping = _labels(EmissionFactor, FACTOR_COLUMNS)
    columns = [mapping.get(h) for h in header]
    if "energy" not in columns or "value" not in columns:
        raise ImportFileError(_("The file needs at least the columns energy and value."))
    factors, errors = [], []
    for number, values in rows:
        data = {"status": FactorStatus.TO_VERIFY, "basis_unit": "kWh"}
        for name, raw in zip(columns, values, strict=False):
            if name is not None and raw not in (None, ""):
                data[name] = raw
        data["energy"] = _choice(Energy.choices, data.get("energy"))
        data["status"] = _choice(FactorStatus.choices, data.get("status"))
        basis = str(data.get("basis_unit") or "").strip()
        data["basis_unit"] = BASIS_WORDS.get(basis.lower(), basis)
        data["value"] = _number(data.get("value"))
        data["valid_from"] = _date(data.get("valid_from"))
        form = EmissionFactorRow(data)
        if form.is_valid():
            factors.append((number, form.save(commit=False)))
        else:
            errors += _messages(number, form)
    return factors, errors


def variable_value_rows(upload, user) -> tuple[list[tuple], list[str]]:
    """(row number, variable, month, value) of a file and the messages of its bad rows; a
    variable is named by its reference (or "reference name", as the exports write it)."""
    header, rows = read_table(upload)
    mapping = _value_labels()
    columns = [mapping.get(h) for h in header]
    if set(VALUE_COLUMNS) - set(columns):
        raise ImportFileError(_("The file needs the columns variable, month and value."))
    variables = Variable.objects.for_user(user, "import").active()
    found, errors = [], []
    for number, values in rows:
        data = {name: raw for name, raw in zip(columns, values, strict=False) if name}
        form = ValueRow(
            {
                "variable": str(data.get("variable") or "").strip(),
                "month": _date(data.get("month")),
                "value": _number(data.get("value")),
            }
        )
        if not form.is_valid():
            errors += _messages(number, form)
            continue
        token = form.cleaned_data["variable"].split()[0]
        variable = variables.filter(reference__iexact=token).first()
        if variable is None:
            errors.append(
                _("Row %(number)s: %(message)s")
                % {
                    "number": number,
                    "message": _("no variable %(reference)s that you may import into.")
                    % {"reference": token},
                }
            )
            continue
        found.append((number, variable, form.cleaned_data["month"], form.cleaned_data["value"]))
    return found, errors


def _value_labels() -> dict[str, str]:
    mapping = {name: name for name in VALUE_COLUMNS}
    for language in ("en", "fr"):
        with translation.override(language):
            for name in VALUE_COLUMNS:
                mapping[force_str(ValueRow.base_fields[name].label).lower()] = name
    return mapping
