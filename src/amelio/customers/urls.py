"""Customer pages that are not generated from the registry, one module per area."""

from amelio.customers import views_journeys

urlpatterns = [*views_journeys.urlpatterns]
