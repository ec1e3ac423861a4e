from django.contrib import admin

from amelio.energy.models import ConversionFactor, EmissionFactor


class FactorAdmin(admin.ModelAdmin):
    """A factor already used by a reading is read-only: its figures were computed with it;
    a newer value gets its own "valid from" date."""

    list_filter = ["energy", "status"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.readings.exists():
            return [f.name for f in self.model._meta.fields]
        return []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.readings.exists()


@admin.register(ConversionFactor)
class ConversionFactorAdmin(FactorAdmin):
    list_display = [
        "energy",
        "unit",
        "kwh_pci_per_unit",
        "kwh_pcs_per_unit",
        "valid_from",
        "status",
    ]


@admin.register(EmissionFactor)
class EmissionFactorAdmin(FactorAdmin):
    list_display = ["energy", "value", "basis_unit", "base_name", "vintage", "valid_from", "status"]
