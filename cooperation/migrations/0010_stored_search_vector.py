"""On PostgreSQL, each public record's search vector is a stored column the database keeps from the
search key (GENERATED ALWAYS ... STORED), indexed with GIN, in place of the index on the expression:
a search that matches many records then reads each candidate's vector instead of computing it again
(a common word at a million events: a second of to_tsvector per request). The models do not declare
the column; `cooperation.core.search` reads it on PostgreSQL. SQLite searches the key itself.
"""

from django.db import migrations

from cooperation.core.search import search_vector_operations

# The search vector of this migration's time: the key's words as written (0019 adds stemmed words).
SEARCH_VECTOR = "to_tsvector('simple'::regconfig, COALESCE(\"search_key\", ''))"

TABLES = [
    "cooperation_place",
    "cooperation_organisation",
    "cooperation_initiative",
    "cooperation_source",
    "people_person",
    "events_event",
]


def drop_expression_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_fts"')


def restore_expression_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_search_fts" ON "{table}" USING gin ({SEARCH_VECTOR})'
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0009_published_name_index"),
        ("people", "0005_published_name_index"),
        ("events", "0007_published_newest_index_sqlite"),
    ]

    operations = [
        *search_vector_operations(*TABLES, expression=SEARCH_VECTOR),
        migrations.RunPython(drop_expression_indexes, restore_expression_indexes, elidable=False),
    ]
