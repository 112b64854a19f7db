"""On PostgreSQL, each public record's search vector is a stored column the database keeps from the
search key (GENERATED ALWAYS ... STORED), indexed with GIN, in place of the index on the expression:
a search that matches many records then reads each candidate's vector instead of computing it again
(a common word at a million events: a second of to_tsvector per request). The models do not declare
the column; `cooperation.core.search` reads it on PostgreSQL. SQLite searches the key itself.
"""

from django.db import migrations

TABLES = [
    "cooperation_place",
    "cooperation_organisation",
    "cooperation_initiative",
    "cooperation_source",
    "people_person",
    "events_event",
]
VECTOR = "to_tsvector('simple'::regconfig, COALESCE(\"search_key\", ''))"


def add_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "search_vector" tsvector '
            f"GENERATED ALWAYS AS ({VECTOR}) STORED"
        )
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{table}_search_vector" ON "{table}" USING gin ("search_vector")')
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_fts"')


def drop_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{table}_search_fts" ON "{table}" USING gin ({VECTOR})')
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "search_vector"')


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0009_published_name_index"),
        ("people", "0005_published_name_index"),
        ("events", "0007_published_newest_index_sqlite"),
    ]

    operations = [migrations.RunPython(add_search_vectors, drop_search_vectors)]
