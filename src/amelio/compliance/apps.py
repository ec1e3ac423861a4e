from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    """Compliance: the legal register (texts, requirements, applicability to each site from
    the facts Amelio holds, conformity evaluations), the standards frameworks and their gap
    assessments, and the periodic inspections of equipment."""

    name = "amelio.compliance"
    label = "compliance"
    verbose_name = _("Compliance")
