from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """QSSE projects: team, milestones, budget, indicators, risks, status reports, closure,
    and the lessons-learned library later projects are shown when they start."""

    name = "amelio.projects"
    label = "projects"
    verbose_name = _("Projects")
