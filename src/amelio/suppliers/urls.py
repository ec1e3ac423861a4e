"""Supplier pages that are not generated from the registry."""

from amelio.suppliers import views

urlpatterns: list = [*views.urlpatterns]
