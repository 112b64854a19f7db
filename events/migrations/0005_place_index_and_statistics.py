"""The events at given places (a country's, a city's), newest first: an index PostgreSQL reads the
few events of a small place from, and sorts, instead of walking the whole newest-first index looking
for them. And finer statistics on the columns the lists filter by (an event's place, a
participation's person and organisations), whose values are far from evenly spread (a few people
take part in many events): with them the planner knows a small place or a rare person from a busy
one and picks the plan that suits each. SQLite cannot index NULLS LAST and keeps no such
statistics, so there the migration does nothing."""

from django.db import migrations

INDEX = "events_event_published_place_newest"
STATISTICS = {  # table: columns whose most common values the planner should know, up to 1,000 of them
    "events_event": ["place_id"],
    "events_participation": ["person_id", "organisation_id", "on_behalf_of_id"],
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_event "
            "(place_id, start_date DESC NULLS LAST, title, id) WHERE publication_status = 'published'"
        )
        for table, columns in STATISTICS.items():
            for column in columns:
                schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS 1000")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        for table, columns in STATISTICS.items():
            for column in columns:
                schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_published_newest_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
