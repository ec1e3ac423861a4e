from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """REST API under /api/v1/, generated from the registry."""

    name = "amelio.api"
    label = "api"
    verbose_name = _("API")
