"""Supplier pages that are not generated from the registry, one module per area."""

from amelio.suppliers import views, views_specifications

urlpatterns: list = [*views.urlpatterns, *views_specifications.urlpatterns]
