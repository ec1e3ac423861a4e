"""The Actions panel on the detail page of every actionable record."""

from __future__ import annotations

from amelio.actions.models import ActionLink
from amelio.actions.services import actions_for
from amelio.core.models import Actionable
from amelio.core.permissions import can, can_anywhere
from amelio.core.registry import DetailPanel, add_detail_panel, registry


def _context(record, request):
    user = request.user
    register = registry.for_model(type(record))
    actions = list(actions_for(record, user).prefetch_related("links"))
    for action in actions:
        action.link_to_record = next(
            (
                link
                for link in action.links.all()
                if link.object_id == record.pk and link.content_type.model_class() is type(record)
            ),
            None,
        )
    return {
        "record": record,
        "actions": actions,
        "origin": f"{register.key}:{record.pk}" if register else "",
        "may_add": can_anywhere(user, "add") and not record.is_archived,
        "may_link": can(user, "view", record.org_unit) and not record.is_archived,
        "roles": ActionLink.Role.choices,
        # A record whose actions are of one kind (a DUERP line: preventive) presets it.
        "default_role": getattr(record, "ACTION_ROLE", ""),
        # A record may name its actions (a survey campaign: "Actions from results").
        "title": getattr(record, "ACTIONS_TITLE", ""),
    }


def install() -> None:
    add_detail_panel(
        DetailPanel(
            template="actions/panel.html",
            applies=lambda model: issubclass(model, Actionable),
            context=_context,
            order=10,
        )
    )


def _answers_context(action, request):
    """What the action answers (records the user may see) and its milestones."""
    user = request.user
    origins = []
    for link in action.links.select_related("content_type"):
        target = link.target
        register = registry.for_model(type(target)) if target is not None else None
        visible = bool(register) and can(user, "view", getattr(target, "org_unit", None))
        origins.append(
            {
                "link": link,
                "register": register,
                "record": target if visible else None,
            }
        )
    may_change = can(user, "change", action.org_unit) and not action.is_archived
    return {
        "action": action,
        "origins": origins,
        "milestones": list(action.milestones.all()),
        "may_change": may_change and action.workflow.is_editable(action),
    }


def install_action_panels() -> None:
    from amelio.actions.models import Action

    add_detail_panel(
        DetailPanel(
            template="actions/answers_panel.html",
            applies=lambda model: model is Action,
            context=_answers_context,
            order=5,
        )
    )
