"""Linking an existing action to a record, and removing a link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from amelio.actions import services
from amelio.actions.forms import MilestoneForm
from amelio.actions.models import Action, ActionLink, Milestone
from amelio.core.lookups import choosable, get_record_for
from amelio.core.registry import registry


def _back(record):
    register = registry.for_model(type(record))
    return redirect(register.url("detail", record.pk) + "#actions")


@require_POST
def link_existing(request):
    """Make an existing action (by reference) answer the record named by `origin`."""
    try:
        record = services.resolve_origin(request.user, request.POST.get("origin", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("home")
    reference = request.POST.get("reference", "").strip().upper()
    action = choosable(Action, request.user).filter(reference=reference).first()
    if action is None:
        messages.error(request, _not_found(reference))
        return _back(record)
    try:
        services.action_link(
            action=action,
            record=record,
            user=request.user,
            role=request.POST.get("role") or "corrective",
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return _back(record)


def _not_found(reference: str) -> str:
    from django.utils.translation import gettext as _

    return _("No action %(ref)s that you can see.") % {"ref": reference}


@require_POST
def unlink(request, pk):
    links = ActionLink.objects.select_related("action__org_unit", "content_type")
    link = get_object_or_404(links, pk=pk)
    get_record_for(request.user, Action, link.action_id)
    record = link.target
    if (
        record is None
        or not registry.for_model(type(record))
        .queryset_for(request.user)
        .filter(pk=record.pk)
        .exists()
    ):
        raise PermissionDenied
    try:
        services.action_unlink(link=link, user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    return _back(record)


def _editable_action(request, pk) -> Action:
    """The action, or 404 out of scope, or 403 if the user may not change it now."""
    action = get_record_for(request.user, Action, pk)
    if not services.may_change_action(action, request.user):
        raise PermissionDenied
    return action


def _action_page(action):
    return redirect(registry.for_model(Action).url("detail", action.pk) + "#milestones")


@require_POST
def milestone_add(request, pk):
    """Add a dated step to an action (shown as a diamond on the Gantt chart)."""
    action = _editable_action(request, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.milestone_add(action=action, user=request.user, **form.cleaned_data)
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return _action_page(action)


@require_POST
def milestone_toggle(request, pk):
    milestone = get_object_or_404(Milestone, pk=pk)
    action = _editable_action(request, milestone.action_id)
    services.milestone_toggle(milestone=milestone, user=request.user)
    return _action_page(action)


@require_POST
def milestone_remove(request, pk):
    milestone = get_object_or_404(Milestone, pk=pk)
    action = _editable_action(request, milestone.action_id)
    services.milestone_remove(milestone=milestone, user=request.user)
    return _action_page(action)
