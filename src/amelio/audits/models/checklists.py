"""Checklists: reusable templates of questions, and the checklist of one audit as filled by the
auditor (answer, evidence seen, who answered when)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Record, active_index


class ChecklistTemplate(Record):
    """A reusable list of audit questions, written freely or built from a process sheet."""

    REFERENCE_PREFIX = "CHK"

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The process whose sheet the questions come from, if any."),
    )

    class Meta(Record.Meta):
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("achk", f) for f in ("reference", "title", "process")],
        ]


class QuestionFields(models.Model):
    """What a question says, in a template and in an audit's checklist."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    section = models.CharField(_("section"), max_length=120, blank=True)
    question = models.CharField(_("question"), max_length=500)
    guidance = models.TextField(_("guidance"), blank=True)
    expected_evidence = models.TextField(_("expected evidence"), blank=True)
    requirement = models.CharField(
        _("requirement"), max_length=120, blank=True, help_text=_("e.g. ISO 9001 §8.5.1")
    )

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.question


class TemplateQuestion(QuestionFields):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="questions"
    )

    class Meta(QuestionFields.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")


class Answer(models.TextChoices):
    CONFORM = "conform", _("Conform")
    NONCONFORM = "nonconform", _("Not conform")
    OBSERVATION = "observation", _("Observation")
    NOT_APPLICABLE = "na", _("Not applicable")


class ChecklistItem(QuestionFields):
    """One question of an audit's checklist with the auditor's answer and evidence notes."""

    audit = models.ForeignKey("audits.Audit", on_delete=models.CASCADE, related_name="checklist")
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices, blank=True)
    notes = models.TextField(_("evidence seen"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    class Meta(QuestionFields.Meta):
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist")
        indexes = [models.Index(fields=["audit", "position"], name="audits_item_audit")]
