"""Project pages that are not generated from the registry: the parts of a project and its
budget workbook."""

from amelio.projects import views

urlpatterns: list = [*views.urlpatterns]
