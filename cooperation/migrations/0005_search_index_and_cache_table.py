"""Fill the search keys of existing records, index them for full-text search on PostgreSQL, and
create the database cache table that API throttling counts in.
"""

from django.core.management import call_command
from django.db import migrations

from cooperation.core.search import index_text

# Frozen here: what each public record's search key is made of at this migration.
SEARCH_FIELDS = {
    ("cooperation", "Place"): ("name", "country_code", "description"),
    ("cooperation", "Organisation"): ("name", "acronym", "description"),
    ("cooperation", "Initiative"): ("title", "description"),
    ("cooperation", "Source"): ("title", "author_name", "reference"),
    ("people", "Person"): ("name", "given_name", "family_name", "summary"),
    ("events", "Event"): ("title", "description", "location_text"),
}


def fill_search_keys(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AlternateName = apps.get_model("cooperation", "AlternateName")
    for (app_label, model_name), fields in SEARCH_FIELDS.items():
        model = apps.get_model(app_label, model_name)
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name.lower()).first()
        for record in model.objects.all():
            texts = [str(getattr(record, name) or "") for name in fields]
            if content_type:
                names = AlternateName.objects.filter(content_type=content_type, object_id=record.pk)
                texts += names.values_list("name", flat=True)
            model.objects.filter(pk=record.pk).update(search_key=index_text(" ".join(texts)))


def index_search_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name in SEARCH_FIELDS:
        table = apps.get_model(app_label, model_name)._meta.db_table
        # The same expression as SearchVector("search_key", config="simple"), so queries use the index.
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search_fts" ON "{table}" '
            f"USING gin (to_tsvector('simple'::regconfig, COALESCE(\"search_key\", '')))"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name in SEARCH_FIELDS:
        table = apps.get_model(app_label, model_name)._meta.db_table
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_fts"')


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0004_search_key"),
        ("people", "0003_search_key"),
        ("events", "0002_search_key"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
        migrations.RunPython(index_search_keys, drop_search_indexes),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
