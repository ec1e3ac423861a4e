from django.contrib import admin

from amelio.environment.models import IcpeEntry, IcpeThreshold


@admin.register(IcpeThreshold)
class IcpeThresholdAdmin(admin.ModelAdmin):
    """The thresholds of the ICPE rubriques: correct one, or add a rubrique's thresholds when
    the nomenclature changes (sites are classified again when an installation is saved)."""

    list_display = ["rubrique", "scale", "alinea", "regime", "bound", "inclusive", "unit", "status"]
    list_filter = ["regime", "rubrique"]
    search_fields = ["rubrique", "measure_fr", "measure_en"]
    ordering = ["rubrique", "scale", "-bound"]


@admin.register(IcpeEntry)
class IcpeEntryAdmin(admin.ModelAdmin):
    """The ICPE nomenclature (rubrique, alinéa, regime), as shipped; add an alinéa a decree
    created."""

    list_display = ["rubrique", "alinea", "regime", "heading", "label"]
    list_filter = ["regime", "heading"]
    search_fields = ["rubrique", "label"]
    ordering = ["rubrique", "alinea"]
