"""Documents pages that are not generated from the registry, one module per area."""

from amelio.documents import views_distribution, views_library, views_retention

urlpatterns = [
    *views_library.urlpatterns,
    *views_distribution.urlpatterns,
    *views_retention.urlpatterns,
]
