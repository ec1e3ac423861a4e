"""Risks and opportunities (ISO clause 6.1): cause, event, consequence, inherent and residual
assessments with a scoring matrix, treatment, acceptance, and the review log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index
from amelio.core.models.records import ACTIVE
from amelio.scoring.scored import Scored

LEVEL: dict[str, Any] = {"max_length": 30, "blank": True, "editable": False}
# Every field the register filters or sorts on (see RiskRegister): one partial index each.
INDEXED = [
    "reference",
    "title",
    "risk_type",
    "process",
    "inherent_level",
    "residual_level",
    "inherent_score",
    "residual_score",
    "treatment",
    "source",
    "matrix",
    "owner",
    "review_date",
    "domain_quality",
    "domain_safety",
    "domain_environment",
    "domain_energy",
    "domain_csr",
    "inherent_likelihood",
    "inherent_severity",
    "residual_likelihood",
    "residual_severity",
]


class Risk(Scored, Actionable, Record):
    """A risk (threat) or an opportunity of the management system, tied to a process and an org
    unit, assessed before (inherent) and after (residual) treatment with one scoring matrix.
    Scores and levels are stored when the record is saved."""

    REFERENCE_PREFIX = "RSK"

    class Type(models.TextChoices):
        RISK = "risk", _("Risk")
        OPPORTUNITY = "opportunity", _("Opportunity")

    class Source(models.TextChoices):
        PROCESS = "process", _("Process analysis")
        CONTEXT_ISSUE = "context_issue", _("Context issue")
        INTERESTED_PARTY = "interested_party", _("Interested party")
        AUDIT = "audit", _("Audit")
        INCIDENT = "incident", _("Incident or nonconformity")
        REGULATION = "regulation", _("Regulatory watch")
        REVIEW = "review", _("Management review")
        OTHER = "other", _("Other")

    class Treatment(models.TextChoices):
        AVOID = "avoid", _("Avoid")
        REDUCE = "reduce", _("Reduce")
        TRANSFER = "transfer", _("Transfer / share")
        ACCEPT = "accept", _("Accept")
        EXPLOIT = "exploit", _("Exploit")
        ENHANCE = "enhance", _("Enhance")
        SHARE = "share", _("Share")
        IGNORE = "ignore", _("Ignore")

    RISK_TREATMENTS = ("avoid", "reduce", "transfer", "accept")
    OPPORTUNITY_TREATMENTS = ("exploit", "enhance", "share", "ignore")
    DOMAINS = (
        "domain_quality",
        "domain_safety",
        "domain_environment",
        "domain_energy",
        "domain_csr",
    )

    assessments = {
        "inherent": ("inherent_likelihood", "inherent_severity", "inherent_third"),
        "residual": ("residual_likelihood", "residual_severity", "residual_third"),
    }
    optional_assessments = ("residual",)

    title = models.CharField(_("title"), max_length=200)
    risk_type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.RISK)
    domain_quality = models.BooleanField(_("quality"), default=False)
    domain_safety = models.BooleanField(_("health & safety"), default=False)
    domain_environment = models.BooleanField(_("environment"), default=False)
    domain_energy = models.BooleanField(_("energy"), default=False)
    domain_csr = models.BooleanField(_("CSR"), default=False)
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.PROCESS
    )
    context_issue = models.ForeignKey(
        "context.ContextIssue",
        verbose_name=_("context issue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risks",
    )
    interested_party = models.ForeignKey(
        "context.InterestedParty",
        verbose_name=_("interested party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risks",
    )
    cause = models.TextField(_("cause"), blank=True)
    event = models.TextField(_("event"), help_text=_("What could happen."))
    consequence = models.TextField(_("consequence"), blank=True)
    existing_controls = models.TextField(_("existing controls"), blank=True)
    matrix = models.ForeignKey(
        "scoring.ScoringMatrix",
        verbose_name=_("scoring matrix"),
        on_delete=models.PROTECT,
        related_name="risks",
    )
    inherent_likelihood = models.PositiveSmallIntegerField(_("inherent likelihood"))
    inherent_severity = models.PositiveSmallIntegerField(_("inherent severity"))
    inherent_third = models.PositiveSmallIntegerField(
        _("inherent third factor"),
        null=True,
        blank=True,
        help_text=_("Only for matrices with a third factor (detection, control level)."),
    )
    inherent_score = models.PositiveIntegerField(
        _("inherent score"), null=True, blank=True, editable=False
    )
    inherent_level = models.CharField(_("inherent level"), **LEVEL)
    treatment = models.CharField(
        _("treatment option"), max_length=10, choices=Treatment.choices, default=Treatment.REDUCE
    )
    treatment_description = models.TextField(_("treatment"), blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"), null=True, blank=True
    )
    residual_severity = models.PositiveSmallIntegerField(
        _("residual severity"), null=True, blank=True
    )
    residual_third = models.PositiveSmallIntegerField(
        _("residual third factor"), null=True, blank=True
    )
    residual_score = models.PositiveIntegerField(
        _("residual score"), null=True, blank=True, editable=False
    )
    residual_level = models.CharField(_("residual level"), **LEVEL)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_until = models.DateField(_("accepted until"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_date = models.DateField(_("review date"), null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("risk", field) for field in INDEXED],
            # The heatmap counts the records of one matrix per cell.
            models.Index(
                fields=["matrix", "inherent_likelihood", "inherent_severity"],
                condition=ACTIVE,
                name="risk_inherent_cell_a",
            ),
            models.Index(
                fields=["matrix", "residual_likelihood", "residual_severity"],
                condition=ACTIVE,
                name="risk_residual_cell_a",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def clean(self) -> None:
        """Treatment options follow the type; a source names its record; acceptance has a who;
        the matrix is one in use (or kept from before); then both assessments are scored."""
        errors: dict = {}
        allowed = self.RISK_TREATMENTS if self.is_risk else self.OPPORTUNITY_TREATMENTS
        if self.treatment and self.treatment not in allowed:
            errors["treatment"] = (
                _("A risk is avoided, reduced, transferred or accepted.")
                if self.is_risk
                else _("An opportunity is exploited, enhanced, shared or ignored.")
            )
        if self.source == self.Source.CONTEXT_ISSUE and not self.context_issue_id:
            errors["context_issue"] = _("Name the context issue this comes from.")
        if self.source == self.Source.INTERESTED_PARTY and not self.interested_party_id:
            errors["interested_party"] = _("Name the interested party this comes from.")
        if self.treatment in ("accept", "ignore") and not self.accepted_by_id:
            errors["accepted_by"] = _("Say who accepted this.")
        if self.accepted_until and not self.accepted_by_id:
            errors["accepted_by"] = _("Say who accepted this.")
        matrix = getattr(self, "matrix", None)
        if not self.pk and matrix is not None and matrix.status != matrix.Status.IN_USE:
            errors["matrix"] = _("Choose a matrix in use.")
        if errors:
            raise ValidationError(errors)
        self.score_assessments()
        self._check_residual()

    def save(self, *args, **kwargs) -> None:
        # Scores follow the factors even when a caller saves without full_clean().
        if kwargs.get("update_fields") is None:
            self.score_assessments()
        super().save(*args, **kwargs)

    def _check_residual(self) -> None:
        if (
            self.is_risk
            and self.residual_score is not None
            and self.inherent_score is not None
            and self.residual_score > self.inherent_score
        ):
            raise ValidationError(
                {"residual_likelihood": _("The residual risk cannot exceed the inherent risk.")}
            )

    @property
    def is_risk(self) -> bool:
        return self.risk_type != self.Type.OPPORTUNITY

    @property
    def domains(self) -> str:
        """The QSE domains ticked, as a person reads them."""
        fields = [self._meta.get_field(n) for n in self.DOMAINS if getattr(self, n)]
        names = [str(getattr(f, "verbose_name", f.name)) for f in fields]
        return capfirst(", ".join(names)) or "—"

    @property
    def inherent(self):
        """The inherent level as a badge (list column)."""
        return self._badge("inherent")

    @property
    def residual(self):
        return self._badge("residual")

    def _badge(self, prefix: str):
        from amelio.scoring.templatetags.scoring import level_badge

        return level_badge(self.level_info(prefix), getattr(self, f"{prefix}_score"))


class RiskReview(models.Model):
    """One periodic review of a risk: who, when, the scores as they were then, and a comment.
    The evolution chart is drawn from these rows."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("review date"), default=timezone.localdate)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inherent_score = models.PositiveIntegerField(_("inherent score"), null=True)
    inherent_level = models.CharField(_("inherent level"), max_length=30, blank=True)
    residual_score = models.PositiveIntegerField(_("residual score"), null=True)
    residual_level = models.CharField(_("residual level"), max_length=30, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        ordering = ["reviewed_on", "id"]
        indexes = [models.Index(fields=["risk", "reviewed_on"], name="risks_review_risk")]

    def __str__(self) -> str:
        return f"{self.risk.reference} {self.reviewed_on}"
