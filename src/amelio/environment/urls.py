"""Environment pages that are not generated from the registry (none yet: the legal register
and the indicators are register pages)."""

urlpatterns: list = []
