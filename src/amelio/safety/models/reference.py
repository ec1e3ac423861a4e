"""Reference data of health and safety, shipped as versioned data and editable: the risk
families of the DUERP (INRS ED 840) and the legal parameters (thresholds, periods)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def parameters() -> dict:
    """The legal parameters with their version and sources (data/parameters.json)."""
    return json.loads((DATA / "parameters.json").read_text(encoding="utf-8"))


def parameter(name: str) -> int:
    return int(parameters()["parameters"][name]["value"])


class RiskFamily(models.Model):
    """A family of occupational risks (falls, noise, chemicals...), in French and English.
    Shipped from INRS ED 840; the coordinator may rename, add or retire families."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("risk family")
        verbose_name_plural = _("risk families")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr
