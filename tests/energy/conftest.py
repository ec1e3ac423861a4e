import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the default language is French)."""
    with translation.override("en"):
        yield
