"""Load the European List of Waste (842 codes) and the R/D treatment operations from the
app's data files, with their source and version (see data/SOURCES.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from amelio.environment.reference_data import install_codes

    install_codes(apps.get_model("environment", "WasteCode"), apps.get_model("environment", "TreatmentCode"))


class Migration(migrations.Migration):
    dependencies = [("environment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
