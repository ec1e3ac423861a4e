from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NonconformitiesConfig(AppConfig):
    """Nonconformities, customer complaints and CAPA with the root-cause toolbox."""

    name = "amelio.nonconformities"
    label = "nonconformities"
    verbose_name = _("Nonconformities")

    def ready(self) -> None:
        from amelio.nonconformities import panels

        panels.install()
