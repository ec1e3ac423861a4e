"""Pages of the compliance app that are not generated from the registry: inspections."""

from __future__ import annotations

urlpatterns: list = []
