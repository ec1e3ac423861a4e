"""Load the HAZOP guide words (IEC 61882) and the usual process parameters."""

from django.db import migrations


def load_hazop(apps, schema_editor):
    from amelio.riskanalysis.reference_data import install_hazop

    install_hazop(
        apps.get_model("riskanalysis", "HazopGuideWord"),
        apps.get_model("riskanalysis", "HazopParameter"),
    )


class Migration(migrations.Migration):
    dependencies = [("riskanalysis", "0001_initial")]

    operations = [migrations.RunPython(load_hazop, migrations.RunPython.noop)]
