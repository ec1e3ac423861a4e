from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    """Audits following ISO 19011: programme, audits, checklists, findings, reports."""

    name = "amelio.audits"
    label = "audits"
    verbose_name = _("Audits")
