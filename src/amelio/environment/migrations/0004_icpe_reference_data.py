"""Load the ICPE nomenclature (rubriques, alinéas, regimes) and the thresholds of the common
rubriques from the app's data files, with their source and version (see data/SOURCES.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from amelio.environment.reference_data import install_icpe

    install_icpe(apps.get_model("environment", "IcpeEntry"), apps.get_model("environment", "IcpeThreshold"))


class Migration(migrations.Migration):
    dependencies = [("environment", "0003_aspects_icpe_emergency")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
