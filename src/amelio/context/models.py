"""Context issues (SWOT/PESTEL), interested parties, and the scope and policy texts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.context.workflows import text_workflow
from amelio.core.models import Actionable, Record, active_index


class Origin(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class Domain(models.TextChoices):
    QUALITY = "quality", _("Quality")
    SAFETY = "safety", _("Health & safety")
    ENVIRONMENT = "environment", _("Environment")
    ENERGY = "energy", _("Energy")
    ALL = "qhse", _("All QHSE domains")


class ContextIssue(Actionable, Record):
    """An internal or external issue relevant to the management system (ISO clause 4.1),
    placed in a SWOT quadrant and, when external, a PESTEL category."""

    REFERENCE_PREFIX = "CTX"

    class Pestel(models.TextChoices):
        POLITICAL = "political", _("Political")
        ECONOMIC = "economic", _("Economic")
        SOCIAL = "social", _("Social")
        TECHNOLOGICAL = "technological", _("Technological")
        ENVIRONMENTAL = "environmental", _("Environmental")
        LEGAL = "legal", _("Legal")

    class Swot(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        WEAKNESS = "weakness", _("Weakness")
        OPPORTUNITY = "opportunity", _("Opportunity")
        THREAT = "threat", _("Threat")

    class Impact(models.IntegerChoices):
        LOW = 1, _("Low")
        MODERATE = 2, _("Moderate")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    class Trend(models.TextChoices):
        IMPROVING = "improving", _("Improving")
        STABLE = "stable", _("Stable")
        WORSENING = "worsening", _("Worsening")

    INTERNAL_QUADRANTS = (Swot.STRENGTH, Swot.WEAKNESS)

    title = models.CharField(_("title"), max_length=200)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    pestel = models.CharField(
        _("PESTEL category"), max_length=15, choices=Pestel.choices, blank=True
    )
    swot = models.CharField(_("SWOT quadrant"), max_length=12, choices=Swot.choices)
    domain = models.CharField(
        _("QHSE domain"), max_length=12, choices=Domain.choices, default=Domain.ALL
    )
    description = models.TextField(_("description"), blank=True)
    impact = models.PositiveSmallIntegerField(
        _("impact"), choices=Impact.choices, default=Impact.MODERATE
    )
    trend = models.CharField(_("trend"), max_length=10, choices=Trend.choices, default=Trend.STABLE)
    climate_related = models.BooleanField(
        _("related to climate change"),
        default=False,
        help_text=_("ISO amendment 2024: say whether climate change is a relevant issue."),
    )
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
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")
        indexes = [
            *Record.Meta.indexes,
            active_index("ctx_issue", "reference"),
            active_index("ctx_issue", "title"),
            active_index("ctx_issue", "swot"),
            active_index("ctx_issue", "pestel"),
            active_index("ctx_issue", "impact"),
            active_index("ctx_issue", "trend"),
            active_index("ctx_issue", "review_date"),
            active_index("ctx_issue", "origin"),
            active_index("ctx_issue", "domain"),
            active_index("ctx_issue", "climate_related"),
            active_index("ctx_issue", "owner"),
        ]

    def clean(self) -> None:
        """Strengths and weaknesses are internal; opportunities and threats external; only
        external issues take a PESTEL category."""
        errors = {}
        internal = self.origin == Origin.INTERNAL
        if self.swot and internal != (self.swot in self.INTERNAL_QUADRANTS):
            errors["swot"] = (
                _("An internal issue is a strength or a weakness.")
                if internal
                else _("An external issue is an opportunity or a threat.")
            )
        if internal and self.pestel:
            errors["pestel"] = _("Only external issues take a PESTEL category.")
        if errors:
            raise ValidationError(errors)


class InterestedParty(Actionable, Record):
    """A party whose needs and expectations matter to the management system (ISO clause 4.2),
    placed on the influence/interest grid."""

    REFERENCE_PREFIX = "PIP"

    class Category(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        EMPLOYEE = "employee", _("Employees")
        STAFF_REPRESENTATIVE = "staff_rep", _("Staff representatives")
        SHAREHOLDER = "shareholder", _("Shareholders / owners")
        SUPPLIER = "supplier", _("Supplier / subcontractor")
        AUTHORITY = "authority", _("Authority / regulator")
        NEIGHBOURS = "neighbours", _("Neighbours / local community")
        INSURER = "insurer", _("Insurer")
        BANK = "bank", _("Bank / investor")
        CERTIFIER = "certifier", _("Certification body")
        ASSOCIATION = "association", _("Association / NGO")
        OTHER = "other", _("Other")

    class Level(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")
        VERY_HIGH = 4, _("Very high")

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=15, choices=Category.choices)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.EXTERNAL
    )
    needs = models.TextField(_("needs and expectations"))
    compliance_obligation = models.BooleanField(
        _("compliance obligation"),
        default=False,
        help_text=_("Some of these needs are legal or contractual requirements."),
    )
    climate_related = models.BooleanField(
        _("requirements related to climate change"), default=False
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), choices=Level.choices, default=Level.MEDIUM
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), choices=Level.choices, default=Level.MEDIUM
    )
    response = models.TextField(_("how they are addressed"), blank=True)
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
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")
        indexes = [
            *Record.Meta.indexes,
            active_index("ctx_party", "reference"),
            active_index("ctx_party", "name"),
            active_index("ctx_party", "category"),
            active_index("ctx_party", "origin"),
            active_index("ctx_party", "influence"),
            active_index("ctx_party", "interest"),
            active_index("ctx_party", "review_date"),
            active_index("ctx_party", "compliance_obligation"),
            active_index("ctx_party", "climate_related"),
            active_index("ctx_party", "owner"),
        ]

    HIGH = 3

    @property
    def strategy(self) -> str:
        """The usual influence/interest strategy (Mendelow's grid)."""
        high_influence = self.influence >= self.HIGH
        high_interest = self.interest >= self.HIGH
        if high_influence and high_interest:
            return str(_("Manage closely"))
        if high_influence:
            return str(_("Keep satisfied"))
        if high_interest:
            return str(_("Keep informed"))
        return str(_("Monitor"))


class ManagementText(Record):
    """A versioned text of the management system: its scope (clause 4.3) or the QSE policy
    (clause 5.2). Approving a version supersedes the one approved before it."""

    REFERENCE_PREFIX = "TXT"

    class Kind(models.TextChoices):
        SCOPE = "scope", _("Scope of the management system")
        POLICY = "policy", _("QSE policy")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    version_label = models.CharField(_("version"), max_length=20, help_text=_("e.g. 3 or 2027-A"))
    standards = models.CharField(
        _("standards covered"),
        max_length=200,
        blank=True,
        help_text=_("e.g. ISO 9001, ISO 14001, ISO 45001"),
    )
    body = models.TextField(_("text"))
    exclusions = models.TextField(_("exclusions and justification"), blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=text_workflow.choices(), default=text_workflow.initial
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_date = models.DateField(_("review date"), null=True, blank=True)

    workflow = text_workflow

    class Meta(Record.Meta):
        verbose_name = _("scope or policy text")
        verbose_name_plural = _("scope and policy")
        indexes = [
            *Record.Meta.indexes,
            active_index("ctx_text", "reference"),
            active_index("ctx_text", "title"),
            active_index("ctx_text", "kind"),
            active_index("ctx_text", "status"),
            active_index("ctx_text", "version_label"),
            active_index("ctx_text", "effective_date"),
            active_index("ctx_text", "owner"),
        ]
