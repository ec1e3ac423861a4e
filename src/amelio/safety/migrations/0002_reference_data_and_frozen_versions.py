"""Load the risk families (INRS ED 840) and make published DUERP versions unalterable in the
database itself: a trigger refuses any UPDATE, and on PostgreSQL any DELETE of a version
younger than the 40-year retention (see docs/decisions/0018-frozen-duerp-versions.md)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER safety_version_frozen BEFORE UPDATE ON safety_duerpversion
    BEGIN SELECT RAISE(ABORT, 'A published DUERP version cannot be altered'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS safety_version_frozen"]

POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION safety_version_frozen() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'A published DUERP version cannot be altered';
      END IF;
      IF OLD.published_at > now() - interval '40 years' THEN
        RAISE EXCEPTION 'A published DUERP version is kept 40 years';
      END IF;
      RETURN OLD;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER safety_version_frozen BEFORE UPDATE OR DELETE ON safety_duerpversion
    FOR EACH ROW EXECUTE FUNCTION safety_version_frozen()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS safety_version_frozen ON safety_duerpversion",
    "DROP FUNCTION IF EXISTS safety_version_frozen()",
]


def load_families(apps, schema_editor):
    from amelio.safety.reference_data import install_families

    install_families(apps.get_model("safety", "RiskFamily"))


def freeze(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    for statement in statements or []:
        schema_editor.execute(statement)


def unfreeze(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(
        schema_editor.connection.vendor
    )
    for statement in statements or []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [
        migrations.RunPython(load_families, migrations.RunPython.noop),
        migrations.RunPython(freeze, unfreeze),
    ]
