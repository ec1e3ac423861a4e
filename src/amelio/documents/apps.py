from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents: the controlled library (procedures, instructions, forms, external
    documents) with its versions, approvals, distribution and read acknowledgements; and the
    retention of records (how long each kind is kept, legal holds, the approved purge)."""

    name = "amelio.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from amelio.documents import panels

        panels.install()
