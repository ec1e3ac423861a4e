"""Load the equipment categories and their inspection rules from the app's data file, with
their source and version (DOMAIN.md section 6)."""

from django.db import migrations


def load(apps, schema_editor):
    from amelio.compliance.reference_data import install_inspection_rules

    install_inspection_rules(
        apps.get_model("compliance", "EquipmentCategory"),
        apps.get_model("compliance", "InspectionRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
