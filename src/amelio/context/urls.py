"""Context pages that are not generated from the registry."""

from django.urls import path

from amelio.context import views

urlpatterns = [
    path("texts/<int:pk>/new-version/", views.new_text_version, name="managementtext_new_version"),
]
