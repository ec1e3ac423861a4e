"""Customer pages that are not generated from the registry."""

from amelio.customers import views_surveys

urlpatterns: list = [*views_surveys.urlpatterns]
