from django.contrib import admin

from amelio.safety.models import RiskFamily


@admin.register(RiskFamily)
class RiskFamilyAdmin(admin.ModelAdmin):
    """The risk families of the DUERP: rename, add, or take out of use (never delete one in
    use: lines keep it)."""

    list_display = ["order", "code", "name_fr", "name_en", "active"]
    list_editable = ["name_fr", "name_en", "active"]
    list_display_links = ["code"]
    ordering = ["order", "code"]
