"""Navigation built from the registry, grouped by area, for the signed-in user."""

from amelio.core.registry import registry


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"nav_areas": registry.by_area()}
