"""The lists' default order (newest first, undated last, then title and id) over the published
events, as an index PostgreSQL can read a page from without sorting the table. SQLite cannot index
NULLS LAST, so there the migration does nothing."""

from django.db import migrations

INDEX = "events_event_published_newest"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_event "
            "(start_date DESC NULLS LAST, title, id) WHERE publication_status = 'published'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_history_version_publish_permission"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
