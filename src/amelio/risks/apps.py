from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    """Risks and opportunities (ISO clause 6.1), assessed with a scoring matrix."""

    name = "amelio.risks"
    label = "risks"
    verbose_name = _("Risks and opportunities")

    def ready(self) -> None:
        from amelio.risks import panels

        panels.install()
