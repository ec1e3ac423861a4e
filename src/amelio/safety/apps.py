from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    """Occupational health and safety: the DUERP per work unit, events (accidents, incidents,
    near misses), cause trees, frequency and severity rates, public reporting."""

    name = "amelio.safety"
    label = "safety"
    verbose_name = _("Health and safety")
