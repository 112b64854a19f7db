"""The tally of published events per year, month, kind, status and level (events/tally.py): the table,
the triggers that keep it on every write to the events table, and its first count.

The triggers' SQL comes from events/tally.py; a change to it needs a migration that drops the triggers
(drop_sql) and creates them again (create_sql)."""

from django.db import migrations, models

from events import tally


def create_triggers(apps, schema_editor):
    for statement in tally.create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)
    tally.rebuild(schema_editor.connection.alias)


def drop_triggers(apps, schema_editor):
    for statement in tally.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0009_kind_status_period_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='EventTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(help_text='0: undated.', verbose_name='year')),
                ('month', models.PositiveSmallIntegerField(help_text='0: undated, or known to the year only.', verbose_name='month')),
                ('kind', models.CharField(choices=[('accession', 'accession'), ('award', 'award'), ('visit', 'visit'), ('meeting', 'meeting'), ('press_conference', 'press conference'), ('opening_ceremony', 'opening ceremony'), ('seminar', 'seminar'), ('forum', 'forum'), ('designation', 'designation'), ('announcement', 'announcement'), ('tour', 'tour'), ('other', 'other')], max_length=20, verbose_name='kind')),
                ('status', models.CharField(choices=[('planned', 'planned'), ('held', 'held'), ('postponed', 'postponed'), ('cancelled', 'cancelled')], max_length=10, verbose_name='status')),
                ('top_level', models.BooleanField(help_text='Not part of a larger event.', verbose_name='top level')),
                ('count', models.PositiveIntegerField(verbose_name='count')),
            ],
            options={
                'verbose_name': 'event tally',
                'verbose_name_plural': 'event tallies',
                'constraints': [models.UniqueConstraint(fields=('year', 'month', 'kind', 'status', 'top_level'), name='events_tally_key'), models.CheckConstraint(condition=models.Q(('month__lte', 12)), name='events_tally_month_valid')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
