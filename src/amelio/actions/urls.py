"""Action pages that are not generated from the registry."""

from django.urls import path

from amelio.actions import boards, calendar_feed, dashboard, views

urlpatterns = [
    path("links/add/", views.link_existing, name="link_add"),
    path("links/<int:pk>/remove/", views.unlink, name="link_remove"),
    *boards.urlpatterns,
    *calendar_feed.urlpatterns,
    *dashboard.urlpatterns,
]
