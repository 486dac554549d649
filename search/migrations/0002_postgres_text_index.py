"""PostgreSQL: a GIN index on `title || body` of the search index entries, the expression every
search matches (modelsearch's own indexes are on title and on body separately, which that
expression cannot use, so each search read every index entry), and a realistic planner cost for
the text match operator (see search/postgres_costs.py). Other databases: nothing to do."""

from django.db import migrations

INDEX = "search_indexentry_text_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.postgres_costs import apply_text_match_cost

    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON "{table}" USING gin (("title" || "body"))'
    )
    apply_text_match_cost(schema_editor.connection)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_dutch_unaccent"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]
    operations = [migrations.RunPython(create_index, drop_index)]
