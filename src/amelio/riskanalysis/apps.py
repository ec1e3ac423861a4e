from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskAnalysisConfig(AppConfig):
    """Quality and process risk analysis: FMEA (AMDEC) worksheets rated on the severity,
    occurrence and detection scales, HACCP studies with the Codex decision tree, HAZOP studies
    by node and guide word, and the control plan whose controls come due and feed SPC."""

    name = "amelio.riskanalysis"
    label = "riskanalysis"
    verbose_name = _("Risk analysis (FMEA, HACCP, HAZOP)")
