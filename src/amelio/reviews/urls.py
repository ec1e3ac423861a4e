"""Meeting and management-review pages that are not generated from the registry."""

from amelio.reviews import views_management, views_meetings

urlpatterns: list = [*views_meetings.urlpatterns, *views_management.urlpatterns]
