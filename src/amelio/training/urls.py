"""Training pages that are not generated from the registry, one module per area."""

from amelio.training import views_competences, views_sessions

urlpatterns = [*views_sessions.urlpatterns, *views_competences.urlpatterns]
