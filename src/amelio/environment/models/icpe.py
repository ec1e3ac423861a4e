"""ICPE (installations classées pour la protection de l'environnement): the nomenclature of
C. env. R511-9 (rubriques, alinéas and their regime) and the thresholds of the common
rubriques as versioned reference data; for each site, its classified installations with the
quantity of the rubrique's characteristic measure, the regime that results, the worst regime
of the site and the periodic control a DC installation needs (C. env. R512-55 to R512-66)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index
from amelio.environment import computations as calc


class Regime(models.TextChoices):
    A = "A", _("Authorisation (A)")
    E = "E", _("Registration (E)")
    DC = "DC", _("Declaration with periodic control (DC)")
    D = "D", _("Declaration (D)")
    NC = "NC", _("Not classified (NC)")


class IcpeEntry(models.Model):
    """A line of the ICPE nomenclature: a rubrique's heading or a classifying alinéa and its
    regime (Envinorma snapshot of the R511-9 annex, see data/SOURCES.md)."""

    rubrique = models.CharField(_("rubrique"), max_length=4, db_index=True)
    alinea = models.CharField(_("alinéa"), max_length=12, blank=True)
    heading = models.BooleanField(_("heading"), default=False)
    regime = models.CharField(_("regime"), max_length=2, choices=Regime.choices, blank=True)
    label = models.CharField(_("label"), max_length=300, blank=True)
    version = models.CharField(_("version"), max_length=80)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("ICPE nomenclature entry")
        verbose_name_plural = _("ICPE nomenclature")
        ordering = ["rubrique", "alinea"]
        constraints = [
            models.UniqueConstraint(fields=["rubrique", "alinea"], name="icpe_entry_unique")
        ]

    def __str__(self) -> str:
        code = f"{self.rubrique}-{self.alinea}" if self.alinea else self.rubrique
        return f"{code} {self.label}".strip()


class IcpeThreshold(models.Model):
    """A threshold of a rubrique: from `bound` (inclusive or not) of the characteristic
    measure, the installation falls under `alinea` with `regime`. Thresholds of one `scale`
    share a measure (2940-1 volume in litres, 2940-2 kg per day...)."""

    rubrique = models.CharField(_("rubrique"), max_length=4, db_index=True)
    scale = models.CharField(
        _("part of the rubrique"),
        max_length=8,
        blank=True,
        help_text=_("When the rubrique has several measures, e.g. A for 2910-A, 1 for 2940-1."),
    )
    alinea = models.CharField(_("alinéa"), max_length=12)
    regime = models.CharField(_("regime"), max_length=2, choices=Regime.choices)
    bound = models.DecimalField(_("threshold"), max_digits=14, decimal_places=3)
    inclusive = models.BooleanField(
        _("threshold included"), help_text=_('"supérieur ou égal à" rather than "supérieur à".')
    )
    unit = models.CharField(_("unit"), max_length=12)
    measure_fr = models.CharField(_("characteristic measure (French)"), max_length=200)
    measure_en = models.CharField(_("characteristic measure (English)"), max_length=200)
    status = models.CharField(_("status"), max_length=120)
    source_url = models.URLField(_("source"), max_length=300)
    version = models.CharField(_("version"), max_length=80)

    class Meta:
        verbose_name = _("ICPE threshold")
        verbose_name_plural = _("ICPE thresholds")
        ordering = ["rubrique", "scale", "-bound"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubrique", "scale", "alinea", "bound"], name="icpe_threshold_unique"
            )
        ]

    def __str__(self) -> str:
        sign = "≥" if self.inclusive else ">"
        return f"{self.rubrique}-{self.alinea} {self.regime}: {sign} {self.bound} {self.unit}"

    @property
    def measure(self) -> str:
        from amelio.environment.models.reference import _english

        return self.measure_en if _english() else self.measure_fr

    @property
    def to_verify(self) -> bool:
        return "vérifier" in self.status


class IcpeSite(Actionable, Record):
    """The ICPE file of a site: its identifiers at the inspection, its certifications (they
    change the periodic control), its classified installations and the resulting regime."""

    REFERENCE_PREFIX = "ICPE"
    ACTION_ROLE = "preventive"

    name = models.CharField(_("name"), max_length=200)
    aiot_code = models.CharField(
        _("AIOT code"),
        max_length=20,
        blank=True,
        help_text=_("Identifier of the site at the inspection of classified installations."),
    )
    prefecture_acts = models.TextField(
        _("prefectoral acts"),
        blank=True,
        help_text=_(
            "Declaration receipts, registration or authorisation orders, with their dates."
        ),
    )
    iso14001 = models.BooleanField(
        _("ISO 14001 certified by an accredited body"),
        default=False,
        help_text=_("The periodic control of DC installations is then due every 10 years."),
    )
    emas = models.BooleanField(
        _("EMAS registered"), default=False, help_text=_("Exempts from the periodic control.")
    )
    last_control_on = models.DateField(
        _("last periodic control"),
        null=True,
        blank=True,
        help_text=_("By an approved body, for the DC installations (C. env. R512-57)."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    regime = models.CharField(
        _("site regime"), max_length=2, choices=Regime.choices, default="NC", editable=False
    )
    next_control_due = models.DateField(
        _("next periodic control due"), null=True, blank=True, editable=False
    )

    class Meta(Record.Meta):
        verbose_name = _("ICPE site")
        verbose_name_plural = _("ICPE sites")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("envicp", f)
                for f in ("reference", "name", "regime", "next_control_due")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is None and self.pk:
            self._classify()
        super().save(*args, **kwargs)

    def classification(self) -> list[calc.RubriqueClass]:
        """The regime of each rubrique of the site, quantities summed where the law sums them."""
        from amelio.environment.icpe import classify_site

        return classify_site(self)

    def _classify(self) -> list[calc.RubriqueClass]:
        found = self.classification()
        self.regime = calc.worst_regime([c.regime for c in found])
        self.next_control_due = calc.next_periodic_control(
            regimes=[c.regime for c in found],
            last_control=self.last_control_on,
            first_commissioning=min(
                (c.commissioned_on for c in found if c.commissioned_on and c.regime == "DC"),
                default=None,
            ),
            parameters=calc_parameters(),
            iso14001=self.iso14001,
            emas=self.emas,
        )
        return found

    def refresh_classification(self) -> list[calc.RubriqueClass]:
        """Classify again and store the site regime, the installations' regimes and the due
        date of the periodic control (after an installation changed)."""
        found = self._classify()
        # Saved field by field (not with update()), so that the history shows the change.
        self.save(update_fields=["regime", "next_control_due"])
        for item in found:
            for installation in Installation.objects.filter(pk__in=item.installation_ids):
                alinea = item.alinea or installation.alinea
                if (installation.regime, installation.alinea) != (item.regime, alinea):
                    installation.regime, installation.alinea = item.regime, alinea
                    installation.save(update_fields=["regime", "alinea"])
        return found


def calc_parameters() -> dict:
    from amelio.environment.icpe import parameters

    return parameters()


class Installation(Record):
    """A classified installation (or activity) of a site: its rubrique, the quantity of the
    characteristic measure and the regime that results. Without shipped thresholds for the
    rubrique, the alinéa is chosen and its regime read in the nomenclature."""

    REFERENCE_PREFIX = "INS"

    site = models.ForeignKey(
        IcpeSite,
        verbose_name=_("ICPE site"),
        on_delete=models.PROTECT,
        related_name="installations",
    )
    name = models.CharField(_("installation or activity"), max_length=200)
    rubrique = models.CharField(_("rubrique"), max_length=4)
    scale = models.CharField(
        _("part of the rubrique"),
        max_length=8,
        blank=True,
        help_text=_("When the rubrique has several measures, e.g. A for 2910-A, 1 for 2940-1."),
    )
    alinea = models.CharField(
        _("alinéa"),
        max_length=12,
        blank=True,
        help_text=_("Found from the quantity when the thresholds are known."),
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Of the rubrique's characteristic measure, in its unit."),
    )
    unit = models.CharField(_("unit"), max_length=12, blank=True, editable=False)
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    regime = models.CharField(
        _("regime"), max_length=2, choices=Regime.choices, default="NC", editable=False
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("classified installation")
        verbose_name_plural = _("classified installations")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("envins", f)
                for f in ("reference", "name", "site", "rubrique", "quantity", "regime")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.rubrique} {self.name}".strip()

    @property
    def code(self) -> str:
        return f"{self.rubrique}-{self.alinea}" if self.alinea else self.rubrique

    def thresholds(self) -> list[IcpeThreshold]:
        return list(IcpeThreshold.objects.filter(rubrique=self.rubrique, scale=self.scale))

    def clean(self) -> None:
        errors: dict = {}
        self.rubrique = (self.rubrique or "").strip()
        self.scale = (self.scale or "").strip().upper() if self.scale else ""
        self.alinea = (self.alinea or "").strip()
        if self.outside(getattr(self, "site", None)):
            errors["org_unit"] = _("The installation belongs to the site's unit or below.")
        entries = IcpeEntry.objects.filter(rubrique=self.rubrique)
        if not entries.exists():
            errors["rubrique"] = _("%(rubrique)s is not a rubrique of the ICPE nomenclature.") % {
                "rubrique": self.rubrique
            }
        else:
            scales = set(
                IcpeThreshold.objects.filter(rubrique=self.rubrique).values_list("scale", flat=True)
            )
            if self.scale in scales:
                if self.quantity is None:
                    errors["quantity"] = _("Give the quantity: the regime depends on it.")
            elif scales and not self.alinea:
                errors["scale"] = _(
                    "Choose the part of rubrique %(rubrique)s whose thresholds are known "
                    "(%(scales)s), or give the alinéa."
                ) % {
                    "rubrique": self.rubrique,
                    "scales": ", ".join(sorted(s or "—" for s in scales)),
                }
            elif not self.alinea:
                errors["alinea"] = _(
                    "No thresholds are known for this rubrique: choose its alinéa."
                )
            elif not entries.filter(alinea__iexact=self.alinea, heading=False).exists():
                choices = entries.filter(heading=False).values_list("alinea", flat=True)
                errors["alinea"] = _("Alinéas of rubrique %(rubrique)s: %(alineas)s.") % {
                    "rubrique": self.rubrique,
                    "alineas": ", ".join(choices),
                }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is None:
            self._own_regime()
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        # Archived or restored, the installation leaves or joins the site's classification.
        if fields is None or "archived_at" in fields:
            self.site.refresh_classification()

    def _own_regime(self) -> None:
        """The regime of the installation alone (the site's classification may sum it with
        others of the same rubrique)."""
        thresholds = self.thresholds()
        if thresholds:
            self.unit = thresholds[0].unit
            result = calc.icpe_regime(
                [calc.Threshold(t.alinea, t.regime, t.bound, t.inclusive) for t in thresholds],
                self.quantity or Decimal(0),
            )
            self.regime, self.alinea = result.regime, result.alinea
        else:
            entry = IcpeEntry.objects.filter(
                rubrique=self.rubrique, alinea__iexact=self.alinea, heading=False
            ).first()
            self.regime = entry.regime if entry and entry.regime else "NC"
            if entry is not None:
                self.alinea = entry.alinea
