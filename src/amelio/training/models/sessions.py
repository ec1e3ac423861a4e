"""Placeholder: filled by the module's work in progress."""

__all__: list[str] = []
