"""Reference data of waste, loaded with its source and version: the European List of Waste
(842 codes, hazardous ones marked with an asterisk) and the R/D treatment operations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


class WasteCode(models.Model):
    """An entry of the European List of Waste (Decision 2014/955/EU, C. env. R541-8)."""

    class EntryType(models.TextChoices):
        ABSOLUTE_HAZARDOUS = "absolute_hazardous", _("Absolute hazardous")
        MIRROR_HAZARDOUS = "mirror_hazardous", _("Mirror hazardous")
        MIRROR_NON_HAZARDOUS = "mirror_non_hazardous", _("Mirror non-hazardous")
        ABSOLUTE_NON_HAZARDOUS = "absolute_non_hazardous", _("Absolute non-hazardous")

    # Imports hand the code to the form as written; the form checks it against the list.
    IMPORT_AS_TEXT = True

    code6 = models.CharField(_("code"), max_length=6, unique=True)
    code = models.CharField(_("code"), max_length=8, unique=True, help_text="12 01 09")
    hazardous = models.BooleanField(_("hazardous"))
    entry_type = models.CharField(_("entry type"), max_length=24, choices=EntryType.choices)
    chapter = models.CharField(_("chapter"), max_length=2)
    subchapter = models.CharField(_("sub-chapter"), max_length=5)
    description_fr = models.TextField(_("description (French)"))
    description_en = models.TextField(_("description (English)"))
    version = models.CharField(_("version"), max_length=80)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("waste code")
        verbose_name_plural = _("waste codes")
        ordering = ["code6"]

    def __str__(self) -> str:
        return f"{self.official} {self.description}"

    @property
    def official(self) -> str:
        """The code as the list writes it: "12 01 09*" for a hazardous waste."""
        return f"{self.code}*" if self.hazardous else self.code

    @property
    def description(self) -> str:
        return self.description_en if _english() else self.description_fr


class TreatmentCode(models.Model):
    """A recovery (R) or disposal (D) operation (directive 2008/98/EC, Annexes II and I)."""

    class Family(models.TextChoices):
        RECOVERY = "recovery", _("Recovery")
        DISPOSAL = "disposal", _("Disposal")

    code = models.CharField(_("code"), max_length=4, unique=True)
    family = models.CharField(_("family"), max_length=10, choices=Family.choices)
    final = models.BooleanField(
        _("final operation"), help_text=_("R12, R13, D9, D13, D14, D15 are intermediate.")
    )
    label_fr = models.TextField(_("label (French)"))
    label_en = models.TextField(_("label (English)"))
    modes = models.CharField(_("treatment modes"), max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    in_use = models.BooleanField(
        pgettext_lazy("treatment operation", "allowed"),
        default=True,
        help_text=_("D6, D7 and D11 are not allowed in France."),
    )
    version = models.CharField(_("version"), max_length=80)

    class Meta:
        verbose_name = _("treatment code")
        verbose_name_plural = _("treatment codes")
        ordering = ["family", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return self.label_en if _english() else self.label_fr

    @property
    def is_recovery(self) -> bool:
        return self.family == self.Family.RECOVERY
