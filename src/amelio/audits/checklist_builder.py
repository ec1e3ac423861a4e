"""Questions of a checklist, built from a template, from the sheets of the audited processes
(inputs, outputs, resources, indicators, risks, improvement) or from the clauses covered.

The questions are written in the language active when they are built (the auditor's)."""

from __future__ import annotations

from django.utils.translation import gettext as _

QUESTION_FIELDS = ("section", "question", "guidance", "expected_evidence", "requirement")


def from_template(template) -> list[dict]:
    return [{name: getattr(q, name) for name in QUESTION_FIELDS} for q in template.questions.all()]


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def from_process(process) -> list[dict]:
    """The questions of a process audit drawn from its sheet (ISO 9001 4.4)."""
    from amelio.indicators.models import Indicator
    from amelio.risks.models import Risk

    section = f"{process.code} {process.name}"
    questions = [
        {
            "question": _("Is the purpose of the process known and are its results achieved?"),
            "guidance": process.purpose,
            "expected_evidence": _("Process sheet, last review, results against objectives."),
            "requirement": "ISO 9001 §4.4",
        }
    ]
    for flow in process.flows.all():
        if flow.direction == "input":
            text = _("Input “%(element)s”: is it received as needed, and checked?")
        else:
            text = _("Output “%(element)s”: does it meet the requirements of those who receive it?")
        questions.append(
            {
                "question": text % {"element": flow.label},
                "expected_evidence": _("Records of receipt, checks, customer feedback."),
                "requirement": "ISO 9001 §4.4.1",
            }
        )
    for resource in _lines(process.resources):
        questions.append(
            {
                "question": _("Resource “%(resource)s”: is it available, maintained, competent?")
                % {"resource": resource},
                "expected_evidence": _("Maintenance records, training records, calibration."),
                "requirement": "ISO 9001 §7.1",
            }
        )
    indicators = list(
        Indicator.objects.active().filter(process=process).values_list("name", flat=True)
    )
    for name in indicators or _lines(process.kpis):
        questions.append(
            {
                "question": _("Indicator “%(name)s”: is it measured, on target, and acted upon?")
                % {"name": name},
                "expected_evidence": _("Latest values, trend, actions when off target."),
                "requirement": "ISO 9001 §9.1",
            }
        )
    for risk in Risk.objects.active().filter(process=process).order_by("-inherent_score")[:10]:
        questions.append(
            {
                "question": _(
                    "%(kind)s “%(title)s”: are the planned controls in place and working?"
                )
                % {"kind": risk.get_risk_type_display(), "title": risk.title},
                "expected_evidence": _("Controls seen in use, actions done and effective."),
                "requirement": "ISO 9001 §6.1",
            }
        )
    questions.append(
        {
            "question": _("What has been improved since the last audit, and what is planned?"),
            "expected_evidence": _("Closed actions, results of the last audit, suggestions."),
            "requirement": "ISO 9001 §10.3",
        }
    )
    return [{"section": section, **q} for q in questions]


def from_processes(processes) -> list[dict]:
    questions: list[dict] = []
    for process in processes.prefetch_related("flows"):
        questions += from_process(process)
    return questions


def framework_questions(clauses) -> dict[tuple[str, str], str]:
    """{(standard, clause): the auditor's question of the standards framework's clause}, in
    the active language, for the clauses of the active frameworks named like `standard`
    ("ISO 9001:2015", the framework's name and edition)."""
    from amelio.compliance.models import Clause

    wanted = {(c.standard, c.clause) for c in clauses}
    numbers = {number for _standard, number in wanted}
    found: dict[tuple[str, str], str] = {}
    candidates = Clause.objects.filter(
        number__in=numbers, framework__archived_at__isnull=True
    ).select_related("framework")
    for clause in candidates:
        key = (str(clause.framework), clause.number)
        if key in wanted and clause.question:
            found[key] = clause.question[:500]
    return found


def from_clauses(clauses) -> list[dict]:
    """One question per clause covered: the framework's question when the clause comes from
    a standards framework, else how the requirement is met."""
    clauses = list(clauses)
    questions = framework_questions(clauses)
    return [
        {
            "section": clause.standard,
            "question": questions.get((clause.standard, clause.clause))
            or _("§%(clause)s %(title)s: how is this requirement met?")
            % {"clause": clause.clause, "title": clause.title},
            "expected_evidence": _("Documented information and records showing it in practice."),
            "requirement": f"{clause.standard} §{clause.clause}",
        }
        for clause in sorted(clauses, key=lambda c: (c.standard, clause_key(c.clause)))
    ]


def clause_key(clause: str) -> tuple:
    """Sort "4.1" before "10.2": numbers compared as numbers."""
    parts = clause.replace("-", ".").split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)
