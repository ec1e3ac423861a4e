"""Meeting and management-review pages that are not generated from the registry."""

urlpatterns: list = []
