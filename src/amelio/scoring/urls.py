"""Scoring-matrix pages (not a register: matrices are organisation-wide reference data)."""

from django.urls import path

from amelio.scoring import views

app_name = "scoring"

urlpatterns = [
    path("matrices/", views.matrix_list, name="matrix_list"),
    path("matrices/add/", views.matrix_add, name="matrix_add"),
    path("matrices/<int:pk>/", views.matrix_detail, name="matrix_detail"),
    path("matrices/<int:pk>/edit/", views.matrix_edit, name="matrix_edit"),
    path("matrices/<int:pk>/status/", views.matrix_status, name="matrix_status"),
    path("matrices/<int:pk>/new-version/", views.matrix_new_version, name="matrix_new_version"),
]
