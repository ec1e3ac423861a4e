"""Standards frameworks: installing clause trees (the shipped JSON files, a user's JSON or
XLSX), the shared requirements across frameworks, and the worksheet of a gap assessment with
its coverage by the other assessments of the site, its scores and its statement of
applicability.

The clause trees hold numbers, short titles, questions in our own words and the `shared` key,
nothing else: see data/frameworks/SOURCES.md (the copyright rule)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from amelio.compliance import computations as calc
from amelio.compliance.models import Clause, ClauseAnswer, ClauseResult, Framework, GapAssessment
from amelio.compliance.reference_data import Installed, framework_data, shipped_frameworks
from amelio.core import services
from amelio.core.registry import registry

CLAUSE_FIELDS = ("number", "title_fr", "title_en", "shared", "question_fr", "question_en")
FRAMEWORK_FIELDS = ("key", "name", "edition", "title_fr", "title_en", "version", "source")
RESULT_WORST_FIRST = ("not_conform", "partial", "conform")


def english() -> bool:
    return (get_language() or "fr").startswith("en")


def parent_number(number: str) -> str | None:
    """The number of the clause above: "7.1.5.2" -> "7.1.5"; None for a chapter."""
    return number.rsplit(".", 1)[0] if "." in number else None


# Installing ---------------------------------------------------------------------------------


@dataclass
class ClauseRow:
    """One clause as read from a file, with where it was read (a row number, an index)."""

    where: str
    values: dict[str, str]


@dataclass
class ClauseCheck:
    rows: list[ClauseRow]
    errors: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def check_clauses(rows: list[ClauseRow]) -> list[str]:
    """The problems of a clause tree, each naming its row and number: unknown fields, missing
    number or titles, duplicate numbers, a parent missing or after its child, too long."""
    errors: list[str] = []
    seen: set[str] = set()
    fields = {name: Clause._meta.get_field(name) for name in CLAUSE_FIELDS}
    limits = {name: getattr(f, "max_length", None) for name, f in fields.items()}
    labels = {name: str(getattr(f, "verbose_name", name)) for name, f in fields.items()}
    for row in rows:
        values = row.values
        number = values.get("number", "")
        where = {"where": row.where, "number": number or "?"}
        unknown = sorted(set(values) - set(CLAUSE_FIELDS))
        if unknown:
            errors.append(
                _("%(where)s (§%(number)s): only the number, titles, questions and shared key "
                  "are kept, not “%(fields)s”.") % {**where, "fields": ", ".join(unknown)}
            )  # fmt: skip
        if not number:
            errors.append(_("%(where)s: the clause number is missing.") % where)
            continue
        if not (values.get("title_fr") or values.get("title_en")):
            errors.append(_("%(where)s (§%(number)s): the title is missing.") % where)
        for name in CLAUSE_FIELDS:
            limit = limits[name]
            if limit and len(values.get(name, "")) > limit:
                errors.append(
                    _("%(where)s (§%(number)s): %(field)s is longer than %(limit)s characters.")
                    % {**where, "field": labels[name], "limit": limit}
                )
        if number in seen:
            errors.append(_("%(where)s: the number %(number)s appears twice.") % where)
        parent = parent_number(number)
        if parent is not None and parent not in seen:
            errors.append(
                _("%(where)s (§%(number)s): its parent clause %(parent)s must come before it.")
                % {**where, "parent": parent}
            )
        seen.add(number)
    return errors


def rows_from_json(clauses: Iterable[Mapping]) -> list[ClauseRow]:
    return [
        ClauseRow(
            _("Clause %(index)s") % {"index": index},
            {**dict.fromkeys(CLAUSE_FIELDS, ""), **{str(k): _text(v) for k, v in item.items()}},
        )
        for index, item in enumerate(clauses, start=1)
    ]


def _check_framework(data: Mapping) -> list[str]:
    errors = []
    if not _text(data.get("name")):
        errors.append(_("The framework has no name."))
    limits = {"name": 120, "edition": 20, "version": 80}
    for name, limit in limits.items():
        if len(_text(data.get(name))) > limit:
            errors.append(
                _("The framework's %(field)s is longer than %(limit)s characters.")
                % {"field": name, "limit": limit}
            )
    if not isinstance(data.get("clauses"), list):
        errors.append(_("The framework has no list of clauses."))
    return errors


def _clause_values(row: ClauseRow, position: int, leaves: set[str]) -> dict[str, Any]:
    number = row.values["number"]
    values: dict[str, Any] = {name: row.values.get(name, "") for name in CLAUSE_FIELDS[1:]}
    values["title_fr"] = values["title_fr"] or values["title_en"]
    values["title_en"] = values["title_en"] or values["title_fr"]
    values.update(position=position, depth=number.count("."), leaf=number in leaves)
    return values


@transaction.atomic
def install_clauses(
    framework: Framework, rows: list[ClauseRow], *, user, touch: bool = True
) -> Installed:
    """Set the clause tree of `framework` to `rows` (in file order), all or nothing: clauses
    are matched by number, updated, created, and removed unless answered. `touch`: record the
    change on the framework (its version and history) when the tree changed."""
    errors = check_clauses(rows)
    if errors:
        raise ValidationError(errors)
    if touch and not services.may_edit(user, framework):
        raise ValidationError(_("You may not change this framework."))
    numbers = [row.values["number"] for row in rows]
    parents = {parent_number(n) for n in numbers}
    leaves = {n for n in numbers if n not in parents}
    existing = {c.number: c for c in framework.clauses.all()}
    report = Installed()
    for position, row in enumerate(rows, start=1):
        values = _clause_values(row, position, leaves)
        clause = existing.pop(row.values["number"], None)
        if clause is None:
            Clause.objects.create(framework=framework, number=row.values["number"], **values)
            report.created += 1
        elif any(getattr(clause, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(clause, name, value)
            clause.save()
            report.updated += 1
        else:
            report.unchanged += 1
    gone = list(existing.values())
    answered = [c.number for c in gone if c.answers.exists()]
    if answered:
        raise ValidationError(
            _("Clauses %(numbers)s are answered in an assessment and cannot be removed.")
            % {"numbers": ", ".join(answered)}
        )
    for clause in gone:
        clause.delete()
        report.updated += 1
    if touch and (report.created or report.updated):
        # The change of the tree is a change of the framework: its history and version.
        services.record_update(record=framework, user=user, expected_version=None)
    return report


@transaction.atomic
def install_framework(data: Mapping, *, org_unit, user, shipped: bool = False) -> Framework:
    """Create or update, by key, a framework and its clauses from the JSON structure of
    data/frameworks (see SOURCES.md). Nothing is saved when anything is wrong."""
    errors = _check_framework(data)
    rows = rows_from_json(data.get("clauses") or [])
    errors += check_clauses(rows)
    if errors:
        raise ValidationError(errors)
    name, edition = _text(data.get("name")), _text(data.get("edition"))
    key = _text(data.get("key"))
    titles = (_text(data.get("title_en")), _text(data.get("title_fr")))
    description = (titles if english() else titles[::-1])[0] or titles[0] or titles[1]
    values = {
        "name": name,
        "edition": edition,
        "description": description,
        "data_version": _text(data.get("version")),
        "shipped": shipped,
    }
    framework = Framework.objects.active().filter(key=key).first() if key else None
    touch = True
    if framework is None:
        framework = Framework(key=key, org_unit=org_unit, **values)
        services.record_create(record=framework, user=user)
        touch = False
    else:
        changes = {n: v for n, v in values.items() if getattr(framework, n) != v}
        # The description may have been rewritten by the company: keep theirs.
        changes.pop("description", None)
        if changes:
            for name_, value in changes.items():
                setattr(framework, name_, value)
            services.record_update(record=framework, user=user, expected_version=None)
            touch = False
    install_clauses(framework, rows, user=user, touch=touch)
    return framework


def install_shipped(org_unit, user) -> list[Framework]:
    """Install (or bring up to date) every framework shipped with Amelio."""
    with transaction.atomic():
        return [
            install_framework(framework_data(key), org_unit=org_unit, user=user, shipped=True)
            for key in shipped_frameworks()
        ]


# XLSX ---------------------------------------------------------------------------------------


def template_rows() -> list[list[str]]:
    """The header and one example row of the workbook a user fills in for a framework."""
    example = [
        "4.1",
        "Compréhension de l'organisme et de son contexte",
        "Understanding the organization and its context",
        "hs-4.1",
        "Quels enjeux internes et externes avez-vous identifiés ?",
        "Which internal and external issues have you identified?",
    ]
    return [list(CLAUSE_FIELDS), example]


def rows_from_table(header: list, data: list[tuple[int, list]]) -> list[ClauseRow]:
    """Clause rows from a sheet read by `core.imports.read_table` (columns by their names)."""
    names = [_text(h).lower() for h in header]
    unknown = [n for n in names if n and n not in CLAUSE_FIELDS]
    if "number" not in names:
        raise ValidationError(_("The first row must name the columns, “number” first."))
    if unknown:
        raise ValidationError(
            _("Unknown columns: %(columns)s. Keep only %(allowed)s.")
            % {"columns": ", ".join(unknown), "allowed": ", ".join(CLAUSE_FIELDS)}
        )
    rows = []
    for number, values in data:
        cells = dict.fromkeys(CLAUSE_FIELDS, "")
        cells.update({n: _text(v) for n, v in zip(names, values, strict=False) if n})
        rows.append(ClauseRow(_("Row %(number)s") % {"number": number}, cells))
    return rows


# Shared requirements ------------------------------------------------------------------------


def effective_keys(clauses: Iterable[Clause]) -> dict[int, str]:
    """{clause id: its shared key, or when empty its nearest ancestor's} for the clauses of
    one or several frameworks. A chapter heading's key is not passed down: a chapter is not
    one requirement (9001 8.5.1 is not "the" HS chapter 8, nor 10.1 General its 10.1)."""
    by_number = {(c.framework_id, c.number): c for c in clauses}
    keys = {}
    for (framework_id, number), clause in by_number.items():
        key, current = clause.shared, number
        while not key and (current := parent_number(current) or "") and "." in current:
            above = by_number.get((framework_id, current))
            key = above.shared if above is not None else ""
        keys[clause.pk] = key
    return keys


def _visible(model, user):
    register = registry.for_model(model)
    if register is None:  # pragma: no cover - the registers are always declared
        raise LookupError(model)
    return register.queryset_for(user, "view").active()


def visible_frameworks(user):
    """The active frameworks `user` may see, through their register's scope."""
    return _visible(Framework, user)


def visible_assessments(user):
    """The active gap assessments `user` may see, through their register's scope."""
    return _visible(GapAssessment, user)


def same_requirement(framework: Framework, user) -> dict[int, list[str]]:
    """{clause id: ["ISO 14001:2015 §9.1.2", …]}: the clauses of the other active frameworks
    the user may see that carry the same (own) shared key."""
    clauses = list(framework.clauses.all())
    keys = {c.shared for c in clauses if c.shared}
    others: dict[str, list[str]] = {}
    found = (
        Clause.objects.filter(shared__in=keys, framework__in=visible_frameworks(user))
        .exclude(framework=framework)
        .select_related("framework")
        .order_by("framework__name", "framework__edition", "position")
    )
    for other in found:
        others.setdefault(other.shared, []).append(f"{other.framework} §{other.number}")
    return {c.pk: others.get(c.shared, []) for c in clauses if c.shared}


# The worksheet of an assessment -------------------------------------------------------------


RESULT_TONES = {
    "conform": "success",
    "partial": "warning",
    "not_conform": "danger",
    "not_assessed": "secondary",
}


@dataclass
class WorksheetRow:
    clause: Clause
    answer: ClauseAnswer | None
    coverage: calc.Coverage | None  # from another assessment, when not answered here
    source_answer: ClauseAnswer | None = None

    @property
    def answer_tone(self) -> str:
        return RESULT_TONES.get(self.answer.result, "secondary") if self.answer else "secondary"

    @property
    def coverage_tone(self) -> str:
        return RESULT_TONES.get(self.coverage.result, "secondary") if self.coverage else ""

    @property
    def coverage_label(self) -> str:
        if self.coverage is None:
            return ""
        return str(dict(ClauseResult.choices)[self.coverage.result])


def _site_assessments(assessment: GapAssessment, user):
    site = assessment.org_unit.site or assessment.org_unit
    return (
        visible_assessments(user)
        .filter(org_unit__path__startswith=site.path)
        .exclude(pk=assessment.pk)
        .exclude(framework_id=assessment.framework_id)
    )


def shared_answers(assessment: GapAssessment, user, keys: set[str]) -> dict[str, ClauseAnswer]:
    """{effective shared key: the worst answer given to it} in the other active assessments
    of the assessment's site the user may see (other frameworks only)."""
    answers = list(
        ClauseAnswer.objects.filter(
            assessment__in=_site_assessments(assessment, user),
            archived_at__isnull=True,
            applicable=True,
            result__in=RESULT_WORST_FIRST,
        ).select_related("assessment", "clause__framework")
    )
    frameworks = {a.clause.framework_id for a in answers}
    tree = list(Clause.objects.filter(framework_id__in=frameworks))
    their_keys = effective_keys(tree)
    worst: dict[str, ClauseAnswer] = {}
    for answer in sorted(answers, key=lambda a: (a.assessment.reference, a.clause.position)):
        key = their_keys.get(answer.clause_id, "")
        if not key or key not in keys:
            continue
        current = worst.get(key)
        if current is None or RESULT_WORST_FIRST.index(answer.result) < RESULT_WORST_FIRST.index(
            current.result
        ):
            worst[key] = answer
    return worst


def worksheet(assessment: GapAssessment, user) -> list[WorksheetRow]:
    """Every leaf clause of the assessment's framework, with its answer here or its coverage
    through the same shared requirement answered in another assessment of the site."""
    clauses = list(assessment.framework.clauses.all())
    keys = effective_keys(clauses)
    own = {
        a.clause_id: a
        for a in assessment.answers.filter(archived_at__isnull=True).select_related("clause")
    }
    others = shared_answers(assessment, user, set(keys.values()) - {""})
    shared = {
        key: (
            a.result,
            f"{a.clause.framework} §{a.clause.number} ({a.assessment.reference})",
        )
        for key, a in others.items()
    }
    leaves = [c for c in clauses if c.leaf]
    found = calc.coverage(
        [(c.pk, keys[c.pk]) for c in leaves],
        {pk: a.result for pk, a in own.items() if a.applicable},
        shared,
    )
    rows = []
    for clause in leaves:
        cover = found[clause.pk]
        answer = own.get(clause.pk)
        indirect = not cover.direct and (answer is None or answer.applicable)
        rows.append(
            WorksheetRow(
                clause=clause,
                answer=answer,
                coverage=cover if indirect else None,
                source_answer=others.get(keys[clause.pk]) if indirect else None,
            )
        )
    return rows


def chapter_titles(framework: Framework) -> dict[str, str]:
    return {c.number: c.title for c in framework.clauses.filter(depth=0)}


def scores(rows: list[WorksheetRow]) -> list[calc.ChapterScore]:
    """Scores per chapter from this assessment's own answers; every leaf clause counts as
    applicable until it is excluded."""
    return calc.chapter_scores(
        {
            "chapter": row.clause.chapter,
            "result": row.answer.result if row.answer else "not_assessed",
            "maturity": row.answer.maturity if row.answer else None,
            "applicable": row.answer.applicable if row.answer else True,
        }
        for row in rows
    )


def radar_figure(
    chapters: list[calc.ChapterScore], titles: Mapping[str, str], name: str
) -> dict[str, Any]:
    """A radar of the chapter scores (0–100), the chapters named in the reader's language."""
    import plotly.graph_objects as go

    # Long titles go on several lines (Plotly reads <br>), so that the radar keeps its size.
    labels = [
        "<br>".join(textwrap.wrap(f"{s.chapter}. {titles.get(s.chapter, '')}".strip(), 18))
        for s in chapters
    ]
    # A chapter without an answer has no point (not a zero): its axis stays, empty.
    values = [float(s.score) if s.score is not None else None for s in chapters]
    closed = (labels + labels[:1], values + values[:1]) if labels else ([], [])
    figure = go.Figure(
        data=[
            go.Scatterpolar(
                r=closed[1],
                theta=closed[0],
                name=name,
                fill="toself",
                line={"color": "#0b5d5b"},
                hovertemplate="%{theta}: %{r:.1f} %<extra></extra>",
            )
        ],
        layout={
            "template": "none",
            "height": 380,
            "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                     "size": 11},
            "margin": {"l": 90, "r": 90, "t": 30, "b": 30},
            "showlegend": False,
            "polar": {"radialaxis": {"range": [0, 100], "ticksuffix": " %", "angle": 90,
                                     "tickfont": {"size": 9}}},
        },
    )  # fmt: skip
    return figure.to_plotly_json()


def soa_rows(rows: list[WorksheetRow]) -> list[dict[str, Any]]:
    """The statement of applicability: every leaf clause, applicable or excluded with the
    justification, its result, maturity and evidence (in the reader's language)."""
    labels = dict(ClauseResult.choices)
    lines = []
    for row in rows:
        answer = row.answer
        applicable = answer.applicable if answer else True
        lines.append(
            {
                "number": row.clause.number,
                "title": row.clause.title,
                "applicable": applicable,
                "justification": "" if applicable or answer is None else answer.exclusion_reason,
                "result": str(labels[answer.result if answer else "not_assessed"]),
                "maturity": answer.maturity if answer else None,
                "evidence": answer.evidence if answer else "",
            }
        )
    return lines
