"""The tally of published events per year, month, kind, status and level: derived data, so its table
and the triggers that keep it are not the migrations' (the model is unmanaged). events/tally.py
installs them after every migrate."""

from django.db import migrations, models


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
                'managed': False,
            },
        ),
    ]
