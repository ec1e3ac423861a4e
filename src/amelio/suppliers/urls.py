"""Supplier pages that are not generated from the registry, one module per area."""

from amelio.suppliers import views_specifications

urlpatterns: list = [*views_specifications.urlpatterns]
