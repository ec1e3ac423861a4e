from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Objectives and indicators (ISO clauses 6.2 and 9.1): values per period, targets,
    control charts, capability, dashboards and alerts."""

    name = "amelio.indicators"
    label = "indicators"
    verbose_name = _("Objectives and indicators")
