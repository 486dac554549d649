"""PostgreSQL: a text search configuration `kennisplein_dutch` = Dutch stemming with accents
removed first (unaccent), so "cooperatie" finds "coöperatie". Without the unaccent extension
(not installed, or no right to create it) the configuration is plain `dutch`. Other databases:
nothing to do."""

from django.db import migrations

CONFIG = "kennisplein_dutch"


def create_config(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if cursor.fetchone():
            return
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.dutch)")
        cursor.execute("SAVEPOINT kennisplein_unaccent")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        except Exception:  # the extension is optional: stemming still works without it
            cursor.execute("ROLLBACK TO SAVEPOINT kennisplein_unaccent")
            return
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
            "hword, hword_part, word WITH unaccent, dutch_stem"
        )


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies: list = []
    operations = [migrations.RunPython(create_config, drop_config)]
