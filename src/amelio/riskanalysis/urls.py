"""Risk-analysis pages that are not generated from the registry, one module per method."""

from amelio.riskanalysis import views_control, views_fmea, views_haccp, views_hazop

urlpatterns: list = [
    *views_fmea.urlpatterns,
    *views_haccp.urlpatterns,
    *views_hazop.urlpatterns,
    *views_control.urlpatterns,
]
