from django.apps import AppConfig


class UiConfig(AppConfig):
    """Base templates, components, template tags and static files."""

    name = "amelio.ui"
    label = "ui"
