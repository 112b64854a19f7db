"""The words search knows, for "Did you mean …?" (cooperation/core/vocabulary.py): on PostgreSQL with
pg_trgm and a GIN index of the words' trigrams, which the closest word is read from. A database from
before this migration gets its words after `migrate` (cooperation/core/signals.py)."""

from django.db import migrations, models


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # pg_trgm is a trusted extension: the database's owner may create it. Left in place when the
        # migration is reversed, as other uses of the database may rely on it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS cooperation_searchword_trigram ON cooperation_searchword "
            "USING gin (word gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS cooperation_searchword_trigram")


class Migration(migrations.Migration):

    dependencies = [
        ('cooperation', '0012_ordering_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('word', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='word')),
            ],
            options={
                'verbose_name': 'search word',
                'verbose_name_plural': 'search words',
            },
        ),
        migrations.RunPython(trigram_index, drop_trigram_index, elidable=False),
    ]
