"""Action pages that are not generated from the registry."""

from django.urls import path

from amelio.actions import boards, calendar_feed, dashboard, views

urlpatterns = [
    path("links/add/", views.link_existing, name="link_add"),
    path("links/<int:pk>/remove/", views.unlink, name="link_remove"),
    path("actions/<int:pk>/milestones/add/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/toggle/", views.milestone_toggle, name="milestone_toggle"),
    path("milestones/<int:pk>/remove/", views.milestone_remove, name="milestone_remove"),
    *boards.urlpatterns,
    *calendar_feed.urlpatterns,
    *dashboard.urlpatterns,
]
