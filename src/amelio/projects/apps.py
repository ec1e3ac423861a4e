from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """QSSE projects: team, milestones, budget, indicators, risks, status reports, closure,
    and the lessons-learned library later projects are shown when they start."""

    name = "amelio.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from amelio.projects.models import (
            BudgetLine,
            Milestone,
            Stakeholder,
            StatusReport,
            TeamMember,
        )

        # The parts of a project are changed and removed from its page: the log keeps them.
        for model in (TeamMember, Stakeholder, Milestone, BudgetLine, StatusReport):
            if not auditlog.contains(model):
                auditlog.register(model)
