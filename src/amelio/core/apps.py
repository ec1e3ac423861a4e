from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Organisation, users and roles, and the register framework."""

    name = "amelio.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from amelio.core.registry import registry

        registry.autodiscover()
