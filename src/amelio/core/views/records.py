"""Standard register pages: list, detail, add, edit, archive, restore, history."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.core import services
from amelio.core.filters import filterset_for
from amelio.core.history import history_rows
from amelio.core.models import Attachment, Comment, TransitionLog, list_ordering
from amelio.core.pagination import DeferredJoinPaginator
from amelio.core.permissions import can
from amelio.core.readers import field_value as readable
from amelio.core.readers import list_columns, state_tone, value_reader
from amelio.core.views.base import RegisterView

PAGE_SIZES = (25, 50, 100)


def filtered_queryset(register, request, action: str = "view"):
    """The register's records the user may `action`, filtered and sorted as the request asks."""
    filterset = filterset_for(register)(
        request.GET, queryset=register.queryset_for(request.user, action), request=request
    )
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    sort = request.GET.get("sort") or register.default_sort
    if sort.lstrip("-") not in {*register.sort_fields, "created_at"}:
        sort = register.default_sort
    return filterset, queryset.order_by(*list_ordering(sort)), sort


LINK_COLUMNS = frozenset({"reference", "title", "name"})
CELL_CLASSES = {
    "reference": "text-nowrap",
    "title": "amelio-title-cell",
    "name": "amelio-title-cell",
}


def table_rows(register, records) -> list[dict]:
    """The list's rows with their cells already rendered.

    The same markup as a template loop over columns, built in Python: at 25 to 100 rows of
    eight columns, a template tag and an include per cell cost more than the database.
    The columns are `list_columns(register)`, the ones the template heads the table with.
    """
    columns = list_columns(register)
    readers = {column: value_reader(register.model, column) for column in columns}
    archived = format_html(' <span class="badge text-bg-secondary">{}</span>', _("Archived"))
    rows = []
    for record in records:
        url = register.url("detail", record.pk)
        cells = []
        for column in columns:
            css = CELL_CLASSES.get(column)
            if column == "status" and hasattr(record, "get_status_display"):
                html = format_html(
                    '<span class="badge text-bg-{}">{}</span>',
                    state_tone(record),
                    record.get_status_display(),
                )
            elif column in LINK_COLUMNS:
                html = format_html('<a href="{}">{}</a>', url, readers[column](record))
            elif column == "org_unit":
                css = "small"
                html = conditional_escape(readers[column](record))
                if record.is_archived:
                    html += archived
            else:
                html = conditional_escape(readers[column](record))
            cells.append(
                format_html('<td class="{}">{}</td>', css, html) if css else f"<td>{html}</td>"
            )
        rows.append({"record": record, "cells": mark_safe("".join(cells))})  # noqa: S308  # cells escaped above
    return rows


class ListView(RegisterView):
    """The register's table with filters, search, sorting and pagination (htmx partial)."""

    def get(self, request):
        register = self.register
        filterset, queryset, sort = filtered_queryset(register, request)
        try:
            per_page = int(request.GET.get("per_page", register.per_page))
        except ValueError:
            per_page = register.per_page
        per_page = per_page if per_page in PAGE_SIZES else register.per_page
        page = DeferredJoinPaginator(queryset, per_page).get_page(request.GET.get("page"))
        context = self.base_context(
            filterset=filterset,
            page=page,
            rows=table_rows(register, page.object_list),
            sort=sort,
            page_sizes=PAGE_SIZES,
            per_page=per_page,
        )
        template = self.templates("list.html")
        if request.htmx and not request.htmx.boosted:
            template = [f"{name}#results" for name in template]
        response = TemplateResponse(request, template, context)
        response["Vary"] = "HX-Request"
        return response


class DetailView(RegisterView):
    """One record: its fields, workflow, comments, evidence and the links to its history."""

    def get(self, request, pk):
        record = self.get_record(pk)
        context = {**self.detail_context(record), **self.register.detail_context(record, request)}
        context["panels"] = _panels(record, request)
        return TemplateResponse(request, self.templates("detail.html"), context)

    def detail_context(self, record, **extra):
        user = self.request.user
        content_type = ContentType.objects.get_for_model(record)
        on_record = {"content_type": content_type, "object_id": record.pk}
        workflow = self.register.workflow
        transitions = []
        if workflow and not record.is_archived:
            for transition in workflow.available(record):
                refusal = services.transition_refusal(record, user, transition.name)
                transitions.append({"transition": transition, "refusal": refusal})
        return self.base_context(
            record=record,
            state=workflow.state(record.status) if workflow else None,
            transitions=transitions,
            transition_log=TransitionLog.objects.filter(**on_record).select_related("user"),
            comments=Comment.objects.filter(**on_record).select_related("author"),
            attachments=Attachment.objects.filter(
                **on_record, archived_at__isnull=True
            ).select_related("uploaded_by"),
            may_change=services.may_edit(user, record),
            may_archive=services.may_archive(user, record),
            may_comment=can(user, "comment", record.org_unit),
            parent_lock=services.parent_lock(record),
            **extra,
        )


def _panels(record, request) -> list[dict]:
    """The detail panels other apps contribute for this record."""
    from amelio.core.registry import detail_panels

    shown = []
    for panel in detail_panels:
        if panel.applies(type(record)):
            context = panel.context(record, request)
            if context is not None:
                shown.append({"template": panel.template, "context": context})
    return shown


class FormView(RegisterView):
    """Add (no pk) or edit (pk) a record; a stale edit shows a conflict and keeps the input."""

    def get(self, request, pk=None):
        record = self.get_record(pk, "change") if pk is not None else None
        if record is None:
            self.require_anywhere("add")
        elif not services.may_edit(request.user, record):
            reason = services.parent_lock(record)
            messages.error(
                request, reason or _("This record cannot be changed in its current state.")
            )
            return redirect(self.register.url("detail", record.pk))
        initial = request.GET.dict() if record is None else None
        form = self.register.get_form_class()(instance=record, user=request.user, initial=initial)
        return self.render(form, record)

    def post(self, request, pk=None):
        record = self.get_record(pk, "change") if pk is not None else None
        if record is None:
            self.require_anywhere("add")
        form = self.register.get_form_class()(
            request.POST, request.FILES, instance=record, user=request.user
        )
        if not form.is_valid():
            return self.render(form, record, status=422 if request.htmx else 200)
        try:
            saved = self.save(form, record)
        except services.ConflictError as conflict:
            return self.render_conflict(form, record, conflict.current)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form, record, status=422 if request.htmx else 200)
        messages.success(request, _("%(record)s was saved.") % {"record": saved})
        url = self.register.url("detail", saved.pk)
        if request.htmx:
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return HttpResponseRedirect(url)

    def save(self, form, record):
        instance = form.save(commit=False)
        if record is None:
            return services.record_create(
                record=instance, user=self.request.user, m2m_save=form.save_m2m
            )
        return services.record_update(
            record=instance,
            user=self.request.user,
            expected_version=form.cleaned_data.get("version"),
            m2m_save=form.save_m2m,
        )

    def render_conflict(self, form, record, current):
        changes = []
        for name in form.changed_data:
            if name == "version" or name not in form.fields:
                continue
            changes.append({"label": form.fields[name].label, "theirs": readable(current, name)})
        data = form.data.copy()
        data["version"] = current.version
        form = self.register.get_form_class()(data, instance=record, user=self.request.user)
        form.is_valid()
        return self.render(
            form,
            record,
            conflict={"current": current, "changes": changes},
            status=409 if self.request.htmx else 200,
        )

    def render(self, form, record, status=200, **extra):
        context = self.base_context(form=form, record=record, **extra)
        template = self.templates("form.html")
        if self.request.htmx:
            template = [f"{name}#form" for name in template]
        return TemplateResponse(self.request, template, context, status=status)


@method_decorator(require_POST, name="dispatch")
class ArchiveView(RegisterView):
    """Archive (or, with restore=True, restore) a record."""

    restore = False

    def post(self, request, pk):
        record = self.get_record(pk, "archive")
        try:
            if self.restore:
                services.record_restore(record=record, user=request.user)
                messages.success(request, _("%(record)s was restored.") % {"record": record})
            else:
                services.record_archive(record=record, user=request.user)
                messages.success(request, _("%(record)s was archived.") % {"record": record})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.register.url("detail", record.pk))


class HistoryView(RegisterView):
    """Every change of the record: who, when, which fields, from what to what."""

    def get(self, request, pk):
        record = self.get_record(pk)
        entries = (
            LogEntry.objects.get_for_object(record).select_related("actor").order_by("-timestamp")
        )
        rows = history_rows(record, entries)
        user = request.user
        context = self.base_context(
            record=record,
            rows=rows,
            may_change=services.may_edit(user, record),
            may_archive=services.may_archive(user, record),
            parent_lock=services.parent_lock(record),
        )
        return TemplateResponse(request, self.templates("history.html"), context)


@method_decorator(require_POST, name="dispatch")
class TransitionView(RegisterView):
    """Do one workflow step; a refused step changes nothing and says why."""

    def post(self, request, pk, name):
        record = self.get_record(pk)
        try:
            services.record_transition(
                record=record, user=request.user, name=name, comment=request.POST.get("comment", "")
            )
            messages.success(
                request, _("The state of %(record)s was changed.") % {"record": record}
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.register.url("detail", record.pk))
