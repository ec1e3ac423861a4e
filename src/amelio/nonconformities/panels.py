"""Where a nonconformity comes from, on both pages: the source record on the nonconformity,
and on any actionable record the nonconformities raised from it, with a button to report one."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from amelio.core.models import Actionable
from amelio.core.permissions import can, can_anywhere
from amelio.core.registry import DetailPanel, add_detail_panel, registry
from amelio.nonconformities.models import Nonconformity


def _source_context(record, request):
    """The record the nonconformity was raised from (None: no panel)."""
    if record.source_content_type_id is None:
        return None
    source = record.source_record
    register = registry.for_model(type(source)) if source is not None else None
    visible = bool(register) and can(request.user, "view", getattr(source, "org_unit", None))
    return {
        "record": source if visible else None,
        "register": register,
        "archived": bool(visible and source.is_archived),
    }


def _raised_context(record, request):
    """The nonconformities raised from `record` that the user may see, and the report button."""
    user = request.user
    register = registry.for_model(type(record))
    raised = list(
        Nonconformity.objects.for_user(user)
        .filter(
            source_content_type=ContentType.objects.get_for_model(record),
            source_object_id=record.pk,
        )
        .order_by("-detected_on", "-id")
    )
    may_add = can_anywhere(user, "add") and not record.is_archived
    if not raised and not may_add:
        return None
    return {
        "record": record,
        "raised": raised,
        "source": f"{register.key}:{record.pk}" if register else "",
        "may_add": may_add and register is not None,
    }


NAMED_BY_FIELD = ("suppliers.supplier", "customers.customer")


def install() -> None:
    add_detail_panel(
        DetailPanel(
            template="nonconformities/source_panel.html",
            applies=lambda model: model is Nonconformity,
            context=_source_context,
            order=5,
        )
    )
    add_detail_panel(
        DetailPanel(
            template="nonconformities/raised_panel.html",
            applies=lambda model: (
                issubclass(model, Actionable)
                and model is not Nonconformity
                and model._meta.app_label != "actions"
                # Suppliers and customers list the nonconformities that name them, with
                # their own button to report one (the supplier or customer filled in).
                and model._meta.label_lower not in NAMED_BY_FIELD
            ),
            context=_raised_context,
            order=20,
        )
    )
