"""The number of unread indicator alerts of the user, for the bell in the top bar."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def alerts(request) -> dict:
    """Counted only when a template shows it (one indexed COUNT)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        from amelio.indicators.models import Notification

        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"indicator_alerts": SimpleLazyObject(count)}
