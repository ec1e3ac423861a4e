"""Changes to actions that span records: links to the records they answer, milestones."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from amelio.actions.models import Action, ActionLink, Milestone
from amelio.core.models import Actionable
from amelio.core.permissions import can
from amelio.core.registry import registry


def actionable_models() -> list:
    """Models whose records may spawn actions, in registry order."""
    return [r.model for r in registry if issubclass(r.model, Actionable)]


def resolve_origin(user, token: str):
    """The record named by "<app>.<model>:<pk>", if it is actionable and `user` may see it."""
    try:
        key, pk = token.split(":")
        register = registry.get(key)
        record = register.queryset_for(user, "view").get(pk=int(pk))
    except (ValueError, KeyError, LookupError, ObjectDoesNotExist) as error:
        raise ValidationError(_("The record this action answers cannot be found.")) from error
    if not isinstance(record, Actionable):
        raise ValidationError(_("Actions cannot be linked to this kind of record."))
    return record


@transaction.atomic
def action_link(*, action: Action, record: Any, user, role: str = ActionLink.Role.CORRECTIVE):
    """Make `action` answer `record` too; the user must see the record and change the action."""
    if not getattr(record, "actionable", False):
        raise ValidationError(_("Actions cannot be linked to this kind of record."))
    if not (can(user, "view", record.org_unit) and can(user, "change", action.org_unit)):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    link, created = ActionLink.objects.get_or_create(
        action=action,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        defaults={"role": role},
    )
    if not created:
        raise ValidationError(_("This action already answers this record."))
    return link


@transaction.atomic
def action_unlink(*, link: ActionLink, user) -> None:
    """Remove a link (the action itself stays)."""
    if not can(user, "change", link.action.org_unit):
        raise PermissionDenied(_("You are not allowed to do this on this record."))
    link.delete()


def actions_for(record, user):
    """The actions answering `record` that `user` may see, with their link role."""
    content_type = ContentType.objects.get_for_model(record)
    return (
        Action.objects.for_user(user)
        .filter(links__content_type=content_type, links__object_id=record.pk)
        .select_related("owner", "plan")
        .order_by("due_date", "id")
    )


def may_change_action(action: Action, user) -> bool:
    """Whether `user` may change the action's plan of work (milestones) now."""
    return (
        can(user, "change", action.org_unit)
        and not action.is_archived
        and action.workflow.is_editable(action)
    )


def _check_change(action: Action, user) -> None:
    if not may_change_action(action, user):
        raise PermissionDenied(_("You may not change this action."))


def milestone_add(*, action: Action, user, title: str, date) -> Milestone:
    _check_change(action, user)
    milestone = Milestone(action=action, title=title.strip(), date=date)
    milestone.full_clean()
    milestone.save()
    return milestone


def milestone_toggle(*, milestone: Milestone, user) -> Milestone:
    _check_change(milestone.action, user)
    milestone.reached = not milestone.reached
    milestone.save(update_fields=["reached"])
    return milestone


def milestone_remove(*, milestone: Milestone, user) -> None:
    """Remove a milestone (a planning aid, not a record: the history keeps the change)."""
    _check_change(milestone.action, user)
    milestone.delete()
