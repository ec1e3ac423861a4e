from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnergyConfig(AppConfig):
    """Energy (ISO 50001): meters, readings with their kWh and CO2e, relevant variables,
    energy performance indicators with their baseline, and the versioned conversion and
    emission factors."""

    name = "amelio.energy"
    label = "energy"
    verbose_name = _("Energy")
