from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Training: the communication plan, training sessions with their attendance and
    evaluations, the year's plan, and the competences and authorisations people hold against
    those their jobs require."""

    name = "amelio.training"
    label = "training"
    verbose_name = _("Training and competences")
