from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnvironmentConfig(AppConfig):
    """Environment: waste streams and the chronological waste register, with the European
    List of Waste and the treatment codes as reference data."""

    name = "amelio.environment"
    label = "environment"
    verbose_name = _("Environment")
