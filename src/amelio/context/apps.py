from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContextConfig(AppConfig):
    """Context of the organisation (ISO clause 4): issues, interested parties, scope, policy."""

    name = "amelio.context"
    label = "context"
    verbose_name = _("Context of the organisation")
