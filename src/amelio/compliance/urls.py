"""Compliance pages that are not generated from the registry, one module per area."""

from amelio.compliance import views_frameworks, views_inspections, views_legal

urlpatterns = [
    *views_legal.urlpatterns,
    *views_frameworks.urlpatterns,
    *views_inspections.urlpatterns,
]
