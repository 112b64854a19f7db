"""On PostgreSQL, each public record's search vector also holds its words as stemmed in English,
Russian and Arabic (cooperation/core/search.py), so a search finds another form of a word: "Шушу"
finds "Шуша". The stored column is added again with the new expression, which rewrites each table
once.
"""

from django.db import migrations

from cooperation.core.search import search_vector_operations

TABLES = [
    "cooperation_place",
    "cooperation_organisation",
    "cooperation_initiative",
    "cooperation_source",
    "people_person",
    "events_event",
]

# The key's words as written and as stemmed by each language's configuration.
STEMMED_SEARCH_VECTOR = " || ".join(
    f"to_tsvector('{config}'::regconfig, COALESCE(\"search_key\", ''))"
    for config in ("simple", "arabic", "english", "russian")
)

# The search vector this migration replaces (0010): the key's words as written.
SIMPLE_SEARCH_VECTOR = "to_tsvector('simple'::regconfig, COALESCE(\"search_key\", ''))"


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0018_translations"),
        ("people", "0008_translations"),
        ("events", "0012_translations"),
    ]

    operations = search_vector_operations(*TABLES, expression=STEMMED_SEARCH_VECTOR, previous=SIMPLE_SEARCH_VECTOR)
