"""Energy pages that are not generated from the registry: the factors page (with the import
of emission factors), the Excel export of an EnPI and the monthly value typed on a
variable's page."""

from django.urls import path

from amelio.energy import views

urlpatterns = [
    path("factors/", views.factors, name="factors"),
    path("factors/template.xlsx", views.factors_template, name="factors_template"),
    path("enpis/<int:pk>/export.xlsx", views.indicator_export, name="energyindicator_savings"),
    path("variables/<int:pk>/values/", views.variable_value, name="variable_value"),
]
