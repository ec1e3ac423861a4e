from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    """Suppliers and purchasing (ISO 9001 clause 8.4): the approved-supplier file with
    certifications and deliveries, specifications and the selection of offers, and the
    periodic evaluation computed from the nonconformities and deliveries."""

    name = "amelio.suppliers"
    label = "suppliers"
    verbose_name = _("Suppliers and purchasing")
