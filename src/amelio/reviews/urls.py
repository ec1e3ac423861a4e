"""Meeting and management-review pages that are not generated from the registry."""

urlpatterns: list = []

from amelio.reviews import views_meetings  # noqa: E402

urlpatterns += views_meetings.urlpatterns
