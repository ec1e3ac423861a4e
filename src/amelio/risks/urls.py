"""Risk pages that are not generated from the registry."""

from django.urls import path

from amelio.risks import views

urlpatterns = [
    path("risks/<int:pk>/review/", views.review_add, name="risk_review"),
]
