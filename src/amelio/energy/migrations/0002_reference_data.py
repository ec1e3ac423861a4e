"""Load the shipped conversion and emission factors from the app's data files, with their
version, validity, status and source (see data/SOURCES.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from amelio.energy.reference_data import install_factors

    install_factors(apps.get_model("energy", "ConversionFactor"), apps.get_model("energy", "EmissionFactor"))


def unload(apps, schema_editor):
    # Factors used by readings are protected; on the way back the readings are gone already.
    apps.get_model("energy", "EmissionFactor").objects.all().delete()
    apps.get_model("energy", "ConversionFactor").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("energy", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
