"""Energy pages that are not generated from the registry: the factors page (with the import
of emission factors) and the Excel export of an EnPI."""

from django.urls import path

from amelio.energy import views

urlpatterns = [
    path("factors/", views.factors, name="factors"),
    path("factors/template.xlsx", views.factors_template, name="factors_template"),
    path("enpis/<int:pk>/export.xlsx", views.indicator_export, name="energyindicator_savings"),
]
