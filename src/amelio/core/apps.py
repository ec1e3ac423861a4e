from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Organisation, users and roles, and the register framework."""

    name = "amelio.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from amelio.core.registry import registry

        registry.autodiscover()

        from django.db.models.signals import post_migrate

        from amelio.core.search import ensure_search_indexes

        post_migrate.connect(ensure_search_indexes, sender=self)
