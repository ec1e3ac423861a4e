"""Helpers shared by the register views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.views import View

from amelio.core.lookups import get_record_for
from amelio.core.permissions import can_anywhere, model_action


class RegisterView(View):
    """A view bound to one register (`as_view(register=...)`)."""

    register: Any = None

    def templates(self, name: str) -> list[str]:
        """Fallback chain: `<app>/<model>/<name>` then `register/<name>`."""
        reg = self.register
        return [f"{reg.app_label}/{reg.model_name}/{name}", f"register/{name}"]

    def get_record(self, pk: int, action: str = "view"):
        """The record, or 404 if the user may not even see it, or 403 if they may see it but
        not do `action` on it."""
        records = self.register.base_queryset().select_related("created_by", "updated_by")
        return get_record_for(self.request.user, records, pk, action)

    def require_anywhere(self, action: str) -> None:
        if not can_anywhere(self.request.user, model_action(self.register.model, action)):
            raise PermissionDenied

    def base_context(self, **extra) -> dict:
        user = self.request.user
        reg = self.register
        return {
            "register": reg,
            "can_add": can_anywhere(user, model_action(reg.model, "add")),
            "can_export": can_anywhere(user, "export"),
            "can_import": can_anywhere(user, model_action(reg.model, "import")),
            **extra,
        }
