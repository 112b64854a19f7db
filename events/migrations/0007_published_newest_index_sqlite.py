"""The lists' default order over the published events, as an index SQLite can read a page from (its
descending order already puts undated events last). PostgreSQL has its own, with NULLS LAST (0004)."""

from django.db import migrations

INDEX = "events_event_published_newest"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_event "
            "(start_date DESC, title, id) WHERE publication_status = 'published'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_end_date_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
