"""The register framework: each app declares its registers; the framework builds the rest.

A `Register` names a model and what is specific to it (columns, filters, search, form fields,
serializer, extra views). From it come the URLs, the list/detail/edit/history pages, the
exports and import, the API endpoints, the navigation and the global search.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise, cached_property
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

# Navigation areas follow the clauses of the ISO harmonised structure, which QSE people know.
AREAS: dict[str, Promise] = {
    "context": _("Context"),
    "leadership": _("Leadership"),
    "planning": _("Planning"),
    "support": _("Support"),
    "operation": _("Operation"),
    "performance": _("Performance evaluation"),
    "improvement": _("Improvement"),
}


@dataclass(frozen=True)
class ExtraView:
    """A page of a register beyond the standard ones (a board, a grid, a chart)."""

    slug: str
    view: object
    label: str | Promise
    icon: str = "grid"


class Register:
    """Declaration of one register; subclass it in `<app>/registers.py` and decorate with
    `@registry.register`."""

    model: type[models.Model]
    columns: list[str] = ["reference"]
    filters: list[str] = []
    search: list[str] = ["reference"]
    form_fields: list[str] = []
    detail_fields: list[str] | None = None
    sortable: list[str] | None = None
    default_sort: str = "-created_at"
    # The API gives `form_fields` (writable) and `api_read_only` (computed scores, states set
    # by a workflow) beside the shared record fields; a register sets `serializer_class` only
    # where its API contract differs from its form.
    serializer_class: type | None = None
    api_read_only: list[str] = []
    form_class: type | None = None
    area: str = "context"
    icon: str = "journal-text"
    order: int = 100
    owner_field: str | None = "owner"
    # The date by which a record calls for work (a review, a due date, a planned audit): the
    # "review due" lists and the cockpit's overdue and due-this-week items read it.
    review_date_field: str | None = None
    # The date of what a record reports (an accident, a nonconformity): the cockpit's latest
    # events come from the registers that set it.
    event_date_field: str | None = None
    extra_views: list[ExtraView] = []
    per_page: int = 25
    # Whether its import also reads CSV files (a provider's feed), beside Excel workbooks.
    import_csv: bool = False
    slug: str | None = None
    # Values that make a valid record together (used by the generic tests and docs).
    example: dict = {}
    # Columns that are not model fields: name -> label (the value is the record's attribute).
    computed_columns: dict[str, Any] = {}
    # Filters beyond model fields: name -> django_filters.Filter.
    extra_filters: dict[str, Any] = {}
    # The foreign key to the record this one belongs to (a finding's "audit"). While that
    # parent's `locks_children()` is true (a signed-off audit, a published DUERP), its
    # children cannot be added, changed, archived or restored, on any path (core.services).
    parent: str | None = None
    # The fields that hold personal data, blanked when a retention rule anonymises a record
    # (GDPR art. 5.1.e); "relation.field" reaches a one-to-one part (an event's victim).
    personal_fields: list[str] = []

    @cached_property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @cached_property
    def model_name(self) -> str:
        return str(self.model._meta.model_name)

    @cached_property
    def url_slug(self) -> str:
        return self.slug or str(self.model_name)

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    @property
    def label_singular(self):
        return self.model._meta.verbose_name

    @cached_property
    def workflow(self):
        return getattr(self.model, "workflow", None)

    def url_name(self, action: str) -> str:
        return f"{self.app_label}:{self.model_name}_{action}"

    def url(self, action: str, *args) -> str:
        return reverse(self.url_name(action), args=args)

    def add_url(self, **initial: Any) -> str:
        """The add form with these fields filled in (the drill of a situation, the inspection
        of an equipment); empty values are left out."""
        from urllib.parse import urlencode

        query = urlencode({name: value for name, value in initial.items() if value})
        return f"{self.url('add')}?{query}" if query else self.url("add")

    def field(self, name: str) -> Any:
        """The model field `name` (a Field, or a relation)."""
        return self.model._meta.get_field(name)

    @cached_property
    def sort_fields(self) -> list[str]:
        """Fields the list may be sorted on: concrete columns unless declared.

        Foreign keys are left out: ordering by a person or a plan sorts on the related
        model's own ordering through a join that no index of the register serves.
        """
        if self.sortable is not None:
            return list(self.sortable)
        return [c for c in self.columns if self._is_concrete(c) and not self.field(c).is_relation]

    def _is_concrete(self, name: str) -> bool:
        if name in self.computed_columns:
            return False
        try:
            return self.field(name).concrete
        except Exception:
            return False

    @cached_property
    def related_fields(self) -> list[str]:
        """Foreign keys shown in the list, to be fetched in the same query."""
        names = {"org_unit"}
        for name in [*self.columns, *(self.detail_fields or self.form_fields)]:
            if self._is_concrete(name) and self.field(name).many_to_one:
                names.add(name)
        return sorted(names)

    @cached_property
    def export_fields(self) -> list[str]:
        """The columns of a CSV/XLSX export (and of the import template)."""
        fields = ["reference", *self.form_fields]
        if self.workflow:
            fields.append("status")
        return [*dict.fromkeys(fields), "created_at", "updated_at"]

    @cached_property
    def import_fields(self) -> list[str]:
        return list(self.form_fields)

    def base_queryset(self):
        return self.model.objects.select_related(*self.related_fields)

    def queryset_for(self, user, action: str = "view"):
        """Records of this register `user` may `action`, with what the pages show fetched."""
        return self.base_queryset().for_user(user, action)

    def still_open(self, queryset):
        """The records that still call for work, for "my items" (a register whose records
        close, such as actions, leaves the closed ones out)."""
        return queryset

    def due(self, queryset, until):
        """The still-open records of `queryset` that call for work on or before the day
        `until`, most urgent first: the cockpit's overdue and due-this-week items. A register
        whose deadline is not a field (an accident's declaration) overrides it with `due_on`."""
        field = self.review_date_field
        if not field:
            return queryset.none()
        return self.still_open(queryset).filter(**{f"{field}__lte": until}).order_by(field, "pk")

    def due_on(self, record):
        """The day by which `record` calls for work (see `due`)."""
        value = getattr(record, self.review_date_field or "", None)
        if isinstance(value, datetime.datetime):
            return timezone.localdate(value)
        return value

    def detail_context(self, record, request) -> dict:
        """Extra template context for the detail page (override in a register)."""
        return {}

    def get_form_class(self):
        """The register's form class, built once (a form class per request costs a model
        form's metaclass work on every page)."""
        if "_form_class" not in self.__dict__:
            self.__dict__["_form_class"] = self.build_form_class()
        return self.__dict__["_form_class"]

    def build_form_class(self):
        """The form class: `form_class`, or one built from `form_fields`. A register whose
        form adds fields or rules overrides this; it is called once."""
        from amelio.core.forms import record_form_factory

        return self.form_class or record_form_factory(self)

    def get_serializer_class(self):
        """The API serializer: the declared one, or one derived from the form's fields."""
        if self.serializer_class is not None:
            return self.serializer_class
        if "_serializer_class" not in self.__dict__:
            from amelio.api.serializers import serializer_for

            self.__dict__["_serializer_class"] = serializer_for(self)
        return self.__dict__["_serializer_class"]

    def nav_item(self) -> dict:
        return {"label": self.label, "url": self.url("list"), "icon": self.icon, "key": self.key}

    @cached_property
    def key(self) -> str:
        return f"{self.app_label}.{self.model_name}"


# Bookkeeping fields that change on every save and say nothing to a reader of the history.
HISTORY_EXCLUDED = ["version", "updated_at", "updated_by"]


class Registry:
    """All registers, filled once at start-up by `autodiscover()`."""

    def __init__(self) -> None:
        self._registers: dict[str, Register] = {}

    def register(self, register_class: type[Register]) -> type[Register]:
        """Add a register; its model's changes are kept in the history (django-auditlog)."""
        from auditlog.registry import auditlog

        instance = register_class()
        self._registers[instance.key] = instance
        model = instance.model
        if not auditlog.contains(model):
            m2m = {f.name for f in model._meta.many_to_many}
            auditlog.register(model, exclude_fields=HISTORY_EXCLUDED, m2m_fields=m2m)
        return register_class

    def autodiscover(self) -> None:
        """Import every app's `registers`, `reminders`, `measures` and `cockpit` modules: they
        fill the registries."""
        for app_config in apps.get_app_configs():
            for name in ("registers", "reminders", "measures", "cockpit"):
                if app_config.name.startswith("amelio.") and module_has_submodule(
                    app_config.module, name
                ):
                    import_module(f"{app_config.name}.{name}")

    def __iter__(self):
        return iter(sorted(self._registers.values(), key=lambda r: (r.order, r.key)))

    def __len__(self) -> int:
        return len(self._registers)

    def get(self, key: str) -> Register:
        return self._registers[key]

    def for_model(self, model) -> Register | None:
        meta = model._meta
        return self._registers.get(f"{meta.app_label}.{meta.model_name}")

    def app_labels(self) -> list[str]:
        return list(dict.fromkeys(r.app_label for r in self))

    def by_area(self) -> list[tuple[str, Promise, list[Register]]]:
        grouped = []
        for area, label in AREAS.items():
            members = [r for r in self if r.area == area]
            if members:
                grouped.append((area, label, members))
        return grouped


registry = Registry()


@dataclass(frozen=True)
class DetailPanel:
    """A section that an app adds to the detail page of other apps' records (e.g. the actions
    linked to any actionable record). `applies(model)` chooses the models; `context(record,
    request)` returns the template context, or None to hide the panel."""

    template: str
    applies: Any
    context: Any
    order: int = 100


detail_panels: list[DetailPanel] = []


def add_detail_panel(panel: DetailPanel) -> None:
    detail_panels.append(panel)
    detail_panels.sort(key=lambda p: p.order)


@dataclass(frozen=True)
class ReminderReport:
    """What one module's reminders did: the e-mails (address, subject), one line for the
    `remind` command ("" to say nothing) and plain data for the Celery task's result."""

    sent: tuple[tuple[str, str], ...] = ()
    summary: str = ""
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reminder:
    """The daily reminders of a module (actions' digests, safety's declarations...), added in
    its `reminders.py`. `run(now=, dry_run=, options=)` returns a ReminderReport and sends
    nothing on a dry run; `add_arguments(parser)` gives `amelio remind` the module's options
    (read in `options`, None when not given)."""

    key: str
    run: Any
    add_arguments: Any = None
    order: int = 100


reminders: list[Reminder] = []


def add_reminder(reminder: Reminder) -> None:
    """Register a module's reminders (again under the same key: replaced)."""
    reminders[:] = [r for r in reminders if r.key != reminder.key]
    reminders.append(reminder)
    reminders.sort(key=lambda r: (r.order, r.key))


def run_reminders(
    *, now: Any, dry_run: bool = False, options: dict | None = None
) -> dict[str, ReminderReport]:
    """Run every registered reminder for the moment `now`: key -> its ReminderReport."""
    return {r.key: r.run(now=now, dry_run=dry_run, options=options or {}) for r in reminders}


def coordinators_of(unit: Any) -> list[Any]:
    """The QSE coordinators and administrators of `unit` or of a unit above it who can receive
    an e-mail (the recipients of a module's reminders besides the record's owner)."""
    from amelio.core.models import RoleAssignment
    from amelio.core.permissions import Role

    parts = [p for p in unit.path.split("/") if p]
    above = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    assignments = RoleAssignment.objects.filter(
        org_unit__path__in=above, role__in=[Role.COORDINATOR, Role.ADMINISTRATOR]
    ).select_related("user")
    users = {a.user.pk: a.user for a in assignments if can_receive(a.user)}
    return list(users.values())


def can_receive(user: Any) -> bool:
    """Whether a reminder can be e-mailed to `user`."""
    return user.is_active and bool((user.email or "").strip())


def recipient_language(user: Any) -> str:
    """The language of the e-mails to `user`: their profile's, else the site's."""
    from django.conf import settings

    return user.language or settings.LANGUAGE_CODE
