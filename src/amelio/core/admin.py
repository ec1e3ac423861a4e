"""Administration of org units, users and role assignments (administrators only)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from amelio.core.models import OrgUnit, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["org_unit"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "kind", "code", "siret", "headcount", "hours_worked_per_year"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "siret"]
    ordering = ["path"]
    autocomplete_fields = ["parent"]

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, unit):
        return "— " * unit.depth + unit.name


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Amelio"), {"fields": ("language", "job_title", "manager")}),
    )
    list_display = ["username", "first_name", "last_name", "email", "job_title", "is_active"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "org_unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "org_unit__name"]
    autocomplete_fields = ["user", "org_unit"]
