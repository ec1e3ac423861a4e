"""Ship the default matrices (4x4, 5x5, FMEA S/O/D) as versioned reference data."""

from django.db import migrations


def install(apps, schema_editor):
    from amelio.scoring.services import install_defaults

    install_defaults(apps.get_model("scoring", "ScoringMatrix"))


def remove(apps, schema_editor):
    from amelio.scoring.services import default_matrices

    model = apps.get_model("scoring", "ScoringMatrix")
    for item in default_matrices():
        model.objects.filter(code=item["code"], version=item["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
