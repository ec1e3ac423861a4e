"""Pages of the compliance app that are not generated from the registry: frameworks."""

from __future__ import annotations

urlpatterns: list = []
