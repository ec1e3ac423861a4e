from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    """Action plans and actions (PDCA), linked from any actionable record."""

    name = "amelio.actions"
    label = "actions"
    verbose_name = _("Actions")

    def ready(self) -> None:
        from amelio.actions import panels

        panels.install()
