"""API viewsets generated from the registry: same scoping, filters, search and ordering as the
pages; DELETE archives; a stale `version` gets 409 Conflict."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from amelio.core import services
from amelio.core.filters import filterset_for
from amelio.core.lookups import get_record_for
from amelio.core.models import list_ordering
from amelio.core.permissions import can, can_anywhere, may_read_shared, model_action

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "archive",
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class RegisterPermission(permissions.BasePermission):
    """Role-based: list/create need the action somewhere, objects need it on their org unit."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated) and (
            request.method != "POST" or can_anywhere(user, model_action(view.register.model, "add"))
        )

    def has_object_permission(self, request, view, obj):
        action = METHOD_ACTIONS.get(request.method, "change")
        if (
            action == "view"
            and getattr(obj, "SHARED_WITH_UNITS_BELOW", False)
            and may_read_shared(request.user, obj.org_unit)
        ):
            # A company's library is read by its sites (decision 0027).
            return True
        return can(request.user, model_action(type(obj), action), obj.org_unit)


def _raise_domain(error) -> None:
    if isinstance(error, services.ConflictError):
        message = _("stale version; current version is %(version)s")
        raise Conflict(message % {"version": error.current.version}) from error
    if isinstance(error, PermissionDenied):
        raise exceptions.PermissionDenied(str(error) or None) from error
    raise exceptions.ValidationError(error.messages) from error


class RegisterViewSet(viewsets.ModelViewSet):
    """Base of the generated viewsets; `register` is set on each subclass."""

    register = None
    permission_classes = [RegisterPermission]
    # Ids are numbers that fit any database's integers: anything else is no record (404).
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        # The filter set keeps lists to the active records unless `archived` says otherwise.
        queryset = self.register.queryset_for(self.request.user, "view")
        return queryset.order_by(*self._default_order())

    def filter_queryset(self, queryset):
        """List filters apply to lists only: a record is reached by id whatever its state."""
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def _default_order(self):
        return list_ordering(self.register.default_sort)

    def perform_create(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        m2m = {k: data.pop(k) for k in list(data) if self.register.field(k).many_to_many}
        record = self.register.model(**data)
        try:
            services.record_create(
                record=record,
                user=self.request.user,
                m2m_save=lambda: [getattr(record, k).set(v) for k, v in m2m.items()],
            )
        except (DjangoValidationError, PermissionDenied) as error:
            _raise_domain(error)
        serializer.instance = record

    def perform_update(self, serializer):
        record = serializer.instance
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        m2m = {k: data.pop(k) for k in list(data) if self.register.field(k).many_to_many}
        for key, value in data.items():
            setattr(record, key, value)
        try:
            services.record_update(
                record=record,
                user=self.request.user,
                expected_version=expected,
                m2m_save=lambda: [getattr(record, k).set(v) for k, v in m2m.items()],
            )
        except (DjangoValidationError, PermissionDenied, services.ConflictError) as error:
            _raise_domain(error)

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        try:
            services.record_archive(record=record, user=request.user)
        except (DjangoValidationError, PermissionDenied) as error:
            _raise_domain(error)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        record = get_record_for(request.user, self.register.base_queryset(), pk, "archive")
        try:
            services.record_restore(record=record, user=request.user)
        except DjangoValidationError as error:
            _raise_domain(error)
        return Response(self.get_serializer(record).data)


def viewset_for(register) -> type[RegisterViewSet]:
    """A viewset class for one register."""
    ordering = [*register.sort_fields, "created_at", "updated_at"]
    return type(
        f"{register.model.__name__}ViewSet",
        (RegisterViewSet,),
        {
            "register": register,
            "serializer_class": register.get_serializer_class(),
            "filterset_class": filterset_for(register),
            "search_fields": register.search,
            "ordering_fields": ordering,
            "queryset": register.model.objects.none(),
        },
    )
