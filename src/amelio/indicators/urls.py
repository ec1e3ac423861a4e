"""Indicator pages that are not generated from the registry."""

from django.urls import path

from amelio.indicators import views

urlpatterns = [
    path("indicators/<int:pk>/values/add/", views.value_add, name="indicator_value_add"),
    path("indicators/<int:pk>/values/grid/", views.values_grid, name="indicator_values_grid"),
    path(
        "indicators/<int:pk>/values/import/",
        views.values_import,
        name="indicator_values_import",
    ),
    path(
        "indicators/<int:pk>/values/template.xlsx",
        views.values_template,
        name="indicator_values_template",
    ),
    path("indicators/<int:pk>/targets/add/", views.target_add, name="indicator_target_add"),
    path("indicators/<int:pk>/recompute/", views.recompute, name="indicator_recompute"),
    path("indicators/<int:pk>/pareto/", views.pareto, name="indicator_pareto"),
    path("indicators/<int:pk>/control/", views.control_chart, name="indicator_control"),
    path("alerts/", views.notifications, name="notifications"),
]
