from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    """Customer listening (ISO 9001 clause 9.1.2): customers and their segments, the journey
    map with its touchpoints, surveys with public links and single-use invitations, and the
    NPS, CSAT and CES computed from the answers."""

    name = "amelio.customers"
    label = "customers"
    verbose_name = _("Customers and satisfaction")
