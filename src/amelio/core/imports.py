"""XLSX import into a register: each row goes through the register's own form, so an import
obeys exactly the validation and the org-unit scoping of the add/edit page.

`import_rows(..., commit=False)` is the dry run; with `commit=True` every row is saved in one
transaction, and any error saves nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from zipfile import BadZipFile

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from amelio.core import services
from amelio.core.models import OrgUnit

TRUE_WORDS = {"1", "yes", "oui", "true", "vrai", "x", "y", "o"}
FALSE_WORDS = {"0", "no", "non", "false", "faux", "n", ""}


class ImportFileError(Exception):
    """The file cannot be read as an import (not XLSX, no header, too many rows)."""


@dataclass
class RowResult:
    number: int
    reference: str = ""
    action: str = "create"
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult]
    unknown_columns: list[str]
    saved: bool = False

    @property
    def errors(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def created(self) -> int:
        return sum(1 for row in self.rows if row.action == "create")

    @property
    def updated(self) -> int:
        return sum(1 for row in self.rows if row.action == "update")


def _header_map(register) -> dict[str, str]:
    """Header text (field name, or label in French or English, any case) -> field name."""
    mapping = {"reference": "reference", "référence": "reference"}
    names = ["reference", *register.import_fields]
    for name in register.import_fields:
        mapping[name.lower()] = name
    for language in ("en", "fr"):
        with translation.override(language):
            for name in names:
                mapping[force_str(register.field(name).verbose_name).lower()] = name
    return mapping


def read_table(handle, max_rows: int, *, allow_csv: bool = False) -> tuple[list, list]:
    """The header cells and the numbered non-empty rows (row 2 first) of the first sheet of a
    workbook, or of a CSV file (`allow_csv`, by its name); an ImportFileError says what is
    wrong with the file."""
    name = (getattr(handle, "name", "") or "").lower()
    if allow_csv and name.endswith(".csv"):
        lines = iter(_csv_lines(handle.read()))
        workbook = None
    else:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as error:
            message = (
                _("This file is neither an Excel workbook nor a CSV file.")
                if allow_csv
                else _("This file is not an Excel workbook (.xlsx).")
            )
            raise ImportFileError(message) from error
        lines = workbook.worksheets[0].iter_rows(values_only=True)
    header = next(lines, None)
    if not header or not any(header):
        raise ImportFileError(_("The first row must hold the column names."))
    data = []
    for number, values in enumerate(lines, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        data.append((number, list(values)))
        if len(data) > max_rows:
            raise ImportFileError(
                ngettext(
                    "The file has more than %(max)s row; split it.",
                    "The file has more than %(max)s rows; split it.",
                    max_rows,
                )
                % {"max": max_rows}
            )
    if workbook is not None:
        workbook.close()
    return list(header), data


def _csv_lines(content: bytes) -> list[list]:
    """The rows of a CSV file in UTF-8 (with or without BOM) or, failing that, in Windows-1252
    (what Excel writes on a French Windows), separated by ; , or tab."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportFileError(_("This file is neither an Excel workbook nor a CSV file."))
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(text[:2000], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as error:
        raise ImportFileError(
            _("This file is neither an Excel workbook nor a CSV file.")
        ) from error


def read_sheet(register, handle, max_rows: int) -> tuple[list, list, list[str]]:
    """Columns (field name or None when unknown) and numbered data rows of the first sheet."""
    header, data = read_table(handle, max_rows, allow_csv=register.import_csv)
    mapping = _header_map(register)
    columns = [mapping.get(str(h).strip().lower()) if h is not None else None for h in header]
    if not any(columns):
        raise ImportFileError(_("No column of this file matches a field of the register."))
    unknown = [str(h) for h, c in zip(header, columns, strict=False) if h and not c]
    return columns, data, unknown


def _choice_lookup(field_obj) -> dict[str, str]:
    lookup = {}
    for value, label in field_obj.flatchoices:
        lookup[str(value).lower()] = value
        for language in ("en", "fr"):
            with translation.override(language):
                lookup[force_str(label).lower()] = value
    return lookup


def _to_form_value(field_obj, raw):
    """Turn a spreadsheet cell into what the register's form expects."""
    if raw is None:
        return ""
    if field_obj.choices:
        text = str(raw).strip()
        return _choice_lookup(field_obj).get(text.lower(), text)
    if field_obj.many_to_one:
        return _related_pk(field_obj.related_model, str(raw).strip())
    if field_obj.many_to_many:
        parts = [p.strip() for p in str(raw).replace(";", ",").split(",")]
        return [_related_pk(field_obj.related_model, p) for p in parts if p]
    if isinstance(field_obj, models.BooleanField):
        text = str(raw).strip().lower()
        return "on" if text in TRUE_WORDS or raw is True else ""
    if isinstance(raw, dt.datetime):
        return (
            raw.date().isoformat()
            if isinstance(field_obj, models.DateField)
            and not isinstance(field_obj, models.DateTimeField)
            else raw.isoformat()
        )
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(field_obj, models.DateField) and isinstance(raw, str):
        return _french_date(raw.strip())
    return raw


def _french_date(text: str) -> str:
    for pattern in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()  # noqa: DTZ007  # a date
        except ValueError:
            continue
    return text


def _related_pk(model, text: str):  # noqa: C901  # over the complexity budget; split when its area is quiet
    if not text:
        return ""
    if getattr(model, "IMPORT_AS_TEXT", False):
        # The form reads it as people write it (a waste code "12 01 09*").
        return text
    if model is OrgUnit:
        unit = (
            OrgUnit.objects.filter(code__iexact=text).first()
            or OrgUnit.objects.filter(name__iexact=text).first()
        )
        return unit.pk if unit else text
    if model is get_user_model():
        user = (
            model.objects.filter(username__iexact=text).first()
            or model.objects.filter(email__iexact=text).first()
        )
        if user is None and " " in text:
            first, _sep, last = text.partition(" ")
            user = model.objects.filter(first_name__iexact=first, last_name__iexact=last).first()
        return user.pk if user else text
    finder = getattr(model, "find_for_import", None)
    if finder is not None:
        # A part of a record named as its exports write it (a clause: "ISO 9001:2015 §8.4").
        found = finder(text)
        return found.pk if found is not None else text
    names = {f.name for f in model._meta.get_fields()}
    for key in ("reference", "code"):
        if key in names and " " in text:
            # Exports write a record as "reference title" (or "code label"): its first word
            # names it.
            found = model._default_manager.filter(**{f"{key}__iexact": text.split()[0]}).first()
            if found is not None:
                return found.pk
    # Bilingual reference data (risk families) is named in either language.
    for lookup in ("reference", "name", "title", "code", "name_fr", "name_en"):
        if lookup in names:
            found = model._default_manager.filter(**{f"{lookup}__iexact": text}).first()
            if found is not None:
                return found.pk
    return text


def _row_form(register, user, columns, values, existing):
    # Start from what the add/edit form would show (the record, or the model's defaults), so
    # that a file may leave out any column.
    data = {}
    initial = register.get_form_class()(instance=existing, user=user)
    for name in register.import_fields:
        value = initial[name].value()
        data[name] = "" if value is None else value
    for name, raw in zip(columns, values, strict=False):
        if name and name != "reference":
            data[name] = _to_form_value(register.field(name), raw)
    for name in register.import_fields:
        if isinstance(register.field(name), models.BooleanField) and data.get(name) in (
            False,
            None,
        ):
            data[name] = ""
    return register.get_form_class()(data, instance=existing, user=user)


def _validate_row(register, user, columns, number, values) -> tuple[RowResult, object]:
    result = RowResult(number=number)
    reference = ""
    if "reference" in columns:
        reference = str(values[columns.index("reference")] or "").strip()
    existing = None
    if reference:
        existing = register.queryset_for(user, "change").filter(reference=reference).first()
        if existing is None:
            result.errors.append(
                _("Reference %(ref)s does not exist or you may not change it.") % {"ref": reference}
            )
            return result, None
        result.action, result.reference = "update", reference
    form = _row_form(register, user, columns, values, existing)
    if not form.is_valid():
        for name, messages in form.errors.items():
            label = form.fields[name].label if name in form.fields else _("Row")
            result.errors.extend(
                _("%(label)s: %(value)s") % {"label": label, "value": m} for m in messages
            )
    result.values = {k: v for k, v in zip(columns, values, strict=False) if k}
    return result, form


def import_rows(register, user, handle, *, commit: bool, max_rows: int = 20000) -> ImportReport:
    """Validate every row and save it, all or nothing: the dry run (`commit` false) saves
    too, then rolls back, so that it finds what only saving tells (a row that overlaps an
    earlier row of the same file) on the row where it happens."""
    columns, data, unknown = read_sheet(register, handle, max_rows)
    results = []
    with transaction.atomic():
        for number, values in data:
            result, form = _validate_row(register, user, columns, number, values)
            results.append(result)
            if result.errors:
                continue
            try:
                with transaction.atomic():
                    _save_row(register, user, result, form)
            except ValidationError as error:
                result.errors.extend(error.messages)
        report = ImportReport(rows=results, unknown_columns=unknown)
        if commit and results and not report.errors:
            report.saved = True
        else:
            transaction.set_rollback(True)
    return report


def _save_row(register, user, result, form) -> None:
    instance = form.save(commit=False)
    try:
        if result.action == "update":
            services.record_update(
                record=instance, user=user, expected_version=None, m2m_save=form.save_m2m
            )
        else:
            services.record_create(record=instance, user=user, m2m_save=form.save_m2m)
    except ValidationError:
        raise
    except services.ConflictError as error:
        raise ValidationError(_("The record was changed meanwhile; import again.")) from error
    except PermissionDenied as error:
        raise ValidationError(_("You may not save a record in this org unit.")) from error
