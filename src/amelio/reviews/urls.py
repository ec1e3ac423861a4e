"""Meeting and management-review pages that are not generated from the registry."""

from amelio.reviews import views_management

urlpatterns: list = [*views_management.urlpatterns]
