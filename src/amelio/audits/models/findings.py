"""Findings (ISO 19011 6.4.8): what the audit found against a requirement, graded; a major or
minor nonconformity raises a nonconformity, an opportunity for improvement an action."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record, active_index

INDEXED = ["reference", "title", "grade", "audit", "process"]


class Grade(models.TextChoices):
    MAJOR = "major", _("Major nonconformity")
    MINOR = "minor", _("Minor nonconformity")
    OBSERVATION = "observation", _("Observation")
    IMPROVEMENT = "improvement", _("Opportunity for improvement")
    STRENGTH = "strength", _("Strong point")
    CONFORMITY = "conformity", _("Conformity")


NC_GRADES = (Grade.MAJOR, Grade.MINOR)


class Finding(Actionable, Record):
    """A finding of an audit, graded, with the requirement and the evidence behind it."""

    REFERENCE_PREFIX = "FND"

    audit = models.ForeignKey(
        "audits.Audit", verbose_name=_("audit"), on_delete=models.PROTECT, related_name="findings"
    )
    checklist_item = models.ForeignKey(
        "audits.ChecklistItem",
        verbose_name=_("checklist question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
        editable=False,
    )
    grade = models.CharField(
        pgettext_lazy("audit finding", "grade"), max_length=12, choices=Grade.choices
    )
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requirement = models.CharField(
        _("requirement"), max_length=200, blank=True, help_text=_("e.g. ISO 9001 §7.1.5")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("finding"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    nonconformity = models.OneToOneField(
        "nonconformities.Nonconformity",
        verbose_name=_("nonconformity raised"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_finding",
        editable=False,
    )

    class Meta(Record.Meta):
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        indexes = [*Record.Meta.indexes, *[active_index("afnd", f) for f in INDEXED]]

    @property
    def is_nonconformity(self) -> bool:
        return self.grade in NC_GRADES

    def after_create(self, user) -> None:
        """Raise the nonconformity or the improvement action the grade calls for."""
        from amelio.audits.services import finding_follow_up

        finding_follow_up(finding=self, user=user)


FORM_FIELDS = ["audit", "grade", "title", "process", "requirement", "description", "evidence"]
