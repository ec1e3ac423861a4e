"""Placeholder: filled by the module's work in progress."""

urlpatterns: list = []
