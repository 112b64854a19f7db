"""The default orders of the sources and initiatives lists (newest first, undated last, then reference
or title, then id) over their published rows, as indexes a page is read from without sorting the
table: PostgreSQL's with NULLS LAST, SQLite's descending order, which already puts undated rows last
(as events/migrations/0004 and 0007 do for the events)."""

from django.db import migrations

INDEXES = [
    # The API's sources are by reference after the date, the sources page's by title.
    ("cooperation_source_published_newest", "cooperation_source", "published_date", "reference"),
    ("cooperation_source_published_newest_title", "cooperation_source", "published_date", "title"),
    ("cooperation_initiative_published_newest", "cooperation_initiative", "start_date", "title"),
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, table, date, then in INDEXES:
        order = f"{date} DESC NULLS LAST" if vendor == "postgresql" else f"{date} DESC"
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({order}, {then}, id) WHERE publication_status = 'published'"
        )


def drop(apps, schema_editor):
    for name, _table, _date, _then in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0010_stored_search_vector"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
