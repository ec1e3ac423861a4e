from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    """Processes (ISO clause 4.4): the process map, process sheets and their interactions."""

    name = "amelio.processes"
    label = "processes"
    verbose_name = _("Processes")

    def ready(self) -> None:
        from amelio.processes import panels

        panels.install()
