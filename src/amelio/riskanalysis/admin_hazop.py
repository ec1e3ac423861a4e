"""The HAZOP reference data in the administration: reword a guide word or a parameter, add a
parameter, or take one out of use (never delete one in use: deviations keep it)."""

from django.contrib import admin

from amelio.riskanalysis.models import HazopGuideWord, HazopParameter


@admin.register(HazopGuideWord)
class HazopGuideWordAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "label_fr", "label_en", "active"]
    list_editable = ["label_fr", "label_en", "active"]
    list_display_links = ["code"]
    ordering = ["order", "code"]


@admin.register(HazopParameter)
class HazopParameterAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name_fr", "name_en", "feminine", "active"]
    list_editable = ["name_fr", "name_en", "active"]
    list_display_links = ["code"]
    filter_horizontal = ["guide_words"]
    ordering = ["order", "code"]
