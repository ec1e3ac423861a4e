"""How action plans and actions appear."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from amelio.actions import boards, dashboard, serializers
from amelio.actions.forms import ActionForm
from amelio.actions.models import Action, ActionPlan
from amelio.actions.workflows import CLOSED_STATES
from amelio.core.registry import Register, registry


@registry.register
class ActionPlanRegister(Register):
    """Named action plans."""

    model = ActionPlan
    slug = "plans"
    columns = ["reference", "name", "owner", "start_date", "end_date", "budget"]
    filters = ["org_unit", "owner", "start_date", "end_date"]
    search = ["reference", "name", "objective"]
    form_fields = [
        "name",
        "org_unit",
        "owner",
        "start_date",
        "end_date",
        "objective",
        "budget",
        "owner_may_verify",
    ]
    area = "improvement"
    icon = "kanban"
    order = 410

    def detail_context(self, record, request) -> dict:
        """Progress, cost totals and actions of the plan (actions/actionplan/detail.html)."""
        return dashboard.plan_context(record, request.user)


def _origin_types():
    from amelio.actions.services import actionable_models

    return [
        (ct.pk, capfirst(str(ct.model_class()._meta.verbose_name_plural)))
        for ct in ContentType.objects.get_for_models(*actionable_models()).values()
    ]


class OriginTypeFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs["choices"] = _origin_types
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(links__content_type_id=value).distinct() if value else qs


class OverdueFilter(django_filters.ChoiceFilter):
    def filter(self, qs, value):
        if value == "true":
            return qs.overdue()
        if value == "false":
            return qs.exclude(pk__in=qs.overdue().values("pk"))
        return qs


@registry.register
class ActionRegister(Register):
    """Every action, whatever its plan or origin."""

    model = Action
    slug = "actions"
    columns = [
        "reference",
        "title",
        "status",
        "owner",
        "due_date",
        "priority",
        "progress",
        "origins",
    ]
    computed_columns = {"origins": _("origin")}
    filters = [
        "org_unit",
        "status",
        "plan",
        "owner",
        "action_type",
        "stage",
        "priority",
        "due_date",
    ]
    extra_filters = {
        "origin_type": OriginTypeFilter(label=_("Origin type"), empty_label=_("All")),
        "overdue": OverdueFilter(
            label=_("Overdue"),
            empty_label=_("All"),
            choices=[("true", _("Yes")), ("false", _("No"))],
        ),
    }
    search = ["reference", "title", "description"]
    form_fields = ActionForm.Meta.fields
    form_class = ActionForm
    detail_fields = [
        *ActionForm.Meta.fields,
        "done_on",
        "effectiveness_result",
        "verified_by",
        "verified_on",
    ]
    serializer_class = serializers.ActionSerializer
    area = "improvement"
    icon = "check2-square"
    order = 400
    default_sort = "due_date"
    extra_views = [*boards.EXTRA_VIEWS, *dashboard.EXTRA_VIEWS]
    review_date_field = "due_date"
    example = {"action_type": "improvement", "effectiveness_criterion": "No recurrence"}

    def still_open(self, queryset):
        return queryset.exclude(status__in=CLOSED_STATES)

    def base_queryset(self):
        return (
            super().base_queryset().prefetch_related("links__target", "contributors", "depends_on")
        )
