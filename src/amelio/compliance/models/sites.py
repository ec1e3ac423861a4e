"""Facts about a site that Amelio cannot find in its other registers, declared by the
coordinator (temporary workers, night work, a tertiary building…). With the facts it holds
(ICPE installations, headcount, waste, energies, equipment, DUERP), they decide which legal
texts are proposed to the site."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Record, active_index


class DeclaredKey(models.TextChoices):
    TEMPORARY_WORKERS = "temporary_workers", _("Temporary workers")
    YOUNG_WORKERS = "young_workers", _("Young workers (under 18)")
    NIGHT_WORK = "night_work", _("Night work")
    CONTRACTORS_ON_SITE = "contractors_on_site", _("Outside companies working on site")
    LOADING_OPERATIONS = "loading_operations", _("Loading and unloading by carriers")
    CMR_AGENTS = "cmr_agents", _("Carcinogenic, mutagenic or reprotoxic agents (CMR)")
    TERTIARY_1000M2 = "tertiary_1000m2", _("Tertiary buildings of 1,000 m² or more")
    PUBLIC_RECEPTION = "public_reception", _("Premises open to the public (ERP)")
    FOOD_HANDLING = "food_handling", _("Food handling")
    COMPANY_VEHICLES = "company_vehicles", _("Company vehicles on the road")
    WATER_DISCHARGE = "water_discharge", _("Industrial waste water discharged")
    GROUNDWATER_ABSTRACTION = "groundwater_abstraction", _("Water abstraction")


class DeclaredFact(Record):
    """A fact declared for a site (or a unit below it: the site holds it)."""

    REFERENCE_PREFIX = "FAIT"

    fact = models.CharField(
        pgettext_lazy("declared", "fact"), max_length=30, choices=DeclaredKey.choices
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Where, how many people, since when.")
    )

    class Meta(Record.Meta):
        verbose_name = _("declared site fact")
        verbose_name_plural = _("declared site facts")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("cmpfct", f) for f in ("reference", "fact")],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_fact_display()}".strip()
