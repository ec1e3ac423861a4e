from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    """Action plans and actions (PDCA), linked from any actionable record."""

    name = "amelio.actions"
    label = "actions"
    verbose_name = _("Actions")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from amelio.actions import panels
        from amelio.actions.models import Milestone

        if not auditlog.contains(Milestone):
            auditlog.register(Milestone)  # milestones are removed, the log keeps them

        panels.install()
        panels.install_action_panels()
