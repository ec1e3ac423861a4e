"""Placeholder: filled by the module's work in progress."""


def load(company) -> None:
    return None
