from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    """Versioned scoring matrices (reference data) and their pure evaluation."""

    name = "amelio.scoring"
    label = "scoring"
    verbose_name = _("Scoring matrices")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from amelio.scoring import services
        from amelio.scoring.models import ScoringMatrix

        auditlog.register(ScoringMatrix, exclude_fields=["updated_at", "updated_by"])
        post_save.connect(services.forget_matrix, sender=ScoringMatrix)
