"""Nonconformity pages that are not generated from the registry: the root-cause tools, the
8D and A3 PDFs and the customer letters."""

from django.urls import path

from amelio.nonconformities import views

urlpatterns = [
    path("nonconformities/<int:pk>/whys/", views.whys_edit, name="nc_whys"),
    path("nonconformities/<int:pk>/ishikawa/", views.ishikawa_edit, name="nc_ishikawa"),
    path("nonconformities/<int:pk>/8d/", views.eight_d_edit, name="nc_eight_d"),
    path("nonconformities/<int:pk>/8d.pdf", views.eight_d_pdf, name="nc_eight_d_pdf"),
    path("nonconformities/<int:pk>/a3.pdf", views.a3_pdf, name="nc_a3_pdf"),
    path("nonconformities/<int:pk>/letter/<str:kind>.pdf", views.letter_pdf, name="nc_letter_pdf"),
]
