"""Customer pages that are not generated from the registry, one module per area."""

from amelio.customers import views_journeys, views_surveys

urlpatterns: list = [*views_journeys.urlpatterns, *views_surveys.urlpatterns]
