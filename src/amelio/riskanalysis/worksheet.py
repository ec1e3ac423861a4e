"""The FMEA worksheet: its columns in the usual spreadsheet order, the data the page's script
draws the table from, and the saves it sends (one cell, a new line, a copy), each validated by
the line's register form and written by `core.services`, like any other edit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from amelio.core import services
from amelio.core.registry import registry
from amelio.riskanalysis import computations
from amelio.riskanalysis.models import Classification, Fmea, FmeaLine
from amelio.scoring.models import localised

# (field, kind): the columns of the worksheet after the line number, in the order of the
# usual FMEA form; RPN and priority are shown after D and after the revised D.
COLUMNS: list[tuple[str, str]] = [
    ("item", "long"),
    ("function", "long"),
    ("failure_mode", "long"),
    ("effect", "long"),
    ("severity", "rating"),
    ("classification", "choice"),
    ("cause", "long"),
    ("prevention_controls", "long"),
    ("occurrence", "rating"),
    ("detection_controls", "long"),
    ("detection", "rating"),
    ("recommended_action", "long"),
    ("responsible", "person"),
    ("target_date", "date"),
    ("actions_taken", "long"),
    ("revised_severity", "rating"),
    ("revised_occurrence", "rating"),
    ("revised_detection", "rating"),
]
EDITABLE = {name for name, _kind in COLUMNS}
REQUIRED = ("item", "failure_mode", "effect", "severity", "cause", "occurrence", "detection")
PRIORITY_CODES = (computations.MUST, computations.ACT, computations.NONE)
XLSX_FIELDS = [
    "reference",
    "fmea",
    "org_unit",
    "position",
    *[name for name, _kind in COLUMNS[:11]],
    "initial_score",
    *[name for name, _kind in COLUMNS[11:]],
    "revised_score",
]


def priority_labels(rules: computations.Rules) -> dict[str, str]:
    labels = {
        computations.ACT: _("RPN ≥ %(rpn)d") % {"rpn": rules.rpn_threshold},
        computations.NONE: _("Below the thresholds"),
    }
    if rules.severity_threshold is not None:
        labels[computations.MUST] = _("Severity ≥ %(s)d: always acted on") % {
            "s": rules.severity_threshold
        }
    return labels


def _value(line: FmeaLine, name: str) -> Any:
    if name == "responsible":
        return line.responsible_id
    if name == "target_date":
        return line.target_date.isoformat() if line.target_date else None
    return getattr(line, name)


def _level(fmea: Fmea, key: str) -> dict | None:
    level = fmea.matrix.level(key) if key else None
    if level is None:
        return None
    return {"label": localised(level.get("label")), "colour": level.get("colour", "#6c757d")}


def line_payload(line: FmeaLine, fmea: Fmea) -> dict:
    """What the worksheet shows of a line after it is read or saved."""
    rules = fmea.rules()
    return {
        "id": line.pk,
        "version": line.version,
        "reference": line.reference,
        "url": reverse("riskanalysis:fmealine_detail", args=[line.pk]),
        "position": line.position,
        "values": {name: _value(line, name) for name in EDITABLE},
        "rpn": line.initial_score,
        "level": _level(fmea, line.initial_level),
        "priority": computations.priority(
            line.severity, line.occurrence, line.detection, rules
        ).code,
        "revised_rpn": line.revised_score,
        "revised_level": _level(fmea, line.revised_level),
    }


def _people(fmea: Fmea, lines: list[FmeaLine]) -> list[tuple[int, str]]:
    """Who may be named responsible from the worksheet: the leader, the team and whoever a
    line already names (anyone else through the line's own form)."""
    ids = {fmea.owner_id, *fmea.team.values_list("pk", flat=True)}
    ids |= {line.responsible_id for line in lines}
    people = get_user_model()._default_manager.filter(pk__in=[i for i in ids if i])
    return sorted(
        ((person.pk, person.get_full_name() or person.get_username()) for person in people),
        key=lambda item: item[1].lower(),
    )


def _label(name: str) -> str:
    return str(getattr(FmeaLine._meta.get_field(name), "verbose_name", name))


def _column(name: str, kind: str) -> dict:
    field = FmeaLine._meta.get_field(name)
    return {
        "name": name,
        "kind": kind,
        "label": str(getattr(field, "verbose_name", name)),
        "required": name in REQUIRED,
    }


def payload(fmea: Fmea, lines: list[FmeaLine], *, editable: bool) -> dict:
    """Everything the worksheet's script needs, as JSON."""
    rules = fmea.rules()
    return {
        "columns": [_column(name, kind) for name, kind in COLUMNS],
        "lines": [line_payload(line, fmea) for line in lines],
        "people": _people(fmea, lines),
        "classes": [[value, value or "—", str(label)] for value, label in Classification.choices],
        "priorities": priority_labels(rules),
        "editable": editable,
        "urls": {
            "cell": reverse("riskanalysis:fmea_worksheet_cell", args=[fmea.pk]),
            "add": reverse("riskanalysis:fmea_worksheet_add", args=[fmea.pk]),
            "copy": reverse("riskanalysis:fmea_worksheet_copy", args=[fmea.pk]),
        },
    }


def _form(line: FmeaLine | None, user, changes: dict[str, Any]):
    """The line's register form bound to its current values (none for a new line) with
    `changes` applied: the same validation as the form page and the import."""
    register = registry.get("riskanalysis.fmealine")
    form_class = register.get_form_class()
    data: dict[str, Any] = dict.fromkeys(register.form_fields, "")
    if line is not None:
        current = form_class(instance=line, user=user)
        for name in register.form_fields:
            value = current[name].value()
            data[name] = "" if value is None else value
    data.update(changes)
    return form_class(data, instance=line, user=user)


def _refuse(form) -> None:
    raise ValidationError(
        {name: list(errors) for name, errors in form.errors.items() if name != "version"}
        or _("The line could not be saved.")
    )


def save_cell(line: FmeaLine, field: str, value: str, user, version: int) -> FmeaLine:
    """Save one cell of a line read at `version` (ConflictError when someone saved since)."""
    if field not in EDITABLE:
        raise ValidationError(_("This column cannot be changed here."))
    form = _form(line, user, {field: value.strip()})
    if not form.is_valid():
        _refuse(form)
    saved = form.save(commit=False)
    services.record_update(record=saved, user=user, expected_version=version)
    return saved


def _make_room(fmea: Fmea, after: FmeaLine | None) -> int:
    """The position of a line placed below `after` (at the end without it); the lines below
    move down. Positions only order the worksheet: moving them is not a change of the lines."""
    lines = FmeaLine.objects.filter(fmea=fmea)
    if after is None:
        last = lines.order_by("-position").values_list("position", flat=True).first()
        return (last or 0) + 10
    lines.filter(position__gt=after.position).update(position=F("position") + 10)
    return after.position + 10


def _initial(fmea: Fmea, position: int) -> dict[str, Any]:
    return {"fmea": fmea.pk, "org_unit": fmea.org_unit_id, "position": position}


def add_line(fmea: Fmea, values: dict, user, *, after: FmeaLine | None = None) -> FmeaLine:
    """Create a line from the worksheet's new row; all or nothing."""
    changes = {name: str(value).strip() for name, value in values.items() if name in EDITABLE}
    missing = [name for name in REQUIRED if not changes.get(name)]
    if missing:
        labels = [_label(name) for name in missing]
        raise ValidationError(
            {name: _("Required.") for name in missing}
            | {"__all__": _("Fill in: %(fields)s.") % {"fields": ", ".join(labels)}}
        )
    with transaction.atomic():
        position = _make_room(fmea, after)
        form = _form(None, user, {**changes, **_initial(fmea, position)})
        if not form.is_valid():
            _refuse(form)
        line = form.save(commit=False)
        services.record_create(record=line, user=user)
        return line


def copy_line(line: FmeaLine, user) -> FmeaLine:
    """A copy of the line (ratings and texts; not its re-rating nor its actions) below it."""
    position = _make_room(line.fmea, line)
    copy = FmeaLine(
        fmea=line.fmea,
        org_unit=line.org_unit,
        position=position,
        **{name: getattr(line, name) for name in REQUIRED},
        **{
            name: getattr(line, name)
            for name in ("function", "classification", "prevention_controls", "detection_controls")
        },
    )
    services.record_create(record=copy, user=user)
    return copy


def error_fields(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [name for name in error.error_dict if name != "__all__"]
    return []
