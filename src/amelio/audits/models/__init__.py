"""Models of the audits app: the programme, the audits, their checklists and findings."""

from amelio.audits.models.audits import Audit, AuditType, Effectiveness
from amelio.audits.models.checklists import (
    Answer,
    ChecklistItem,
    ChecklistTemplate,
    TemplateQuestion,
)
from amelio.audits.models.findings import Finding, Grade
from amelio.audits.models.programmes import (
    AuditProgramme,
    ProgrammeClause,
    ProgrammeProcess,
    RiskLevel,
)

__all__ = [
    "Answer",
    "Audit",
    "AuditProgramme",
    "AuditType",
    "ChecklistItem",
    "ChecklistTemplate",
    "Effectiveness",
    "Finding",
    "Grade",
    "ProgrammeClause",
    "ProgrammeProcess",
    "RiskLevel",
    "TemplateQuestion",
]
