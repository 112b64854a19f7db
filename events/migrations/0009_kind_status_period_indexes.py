"""Indexes of the published events by kind and by status, each in date order: a kind or a status
within a period (`?kind=meeting&year=2020`) is counted and paged from one index, not from the kind's
and the period's together."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cooperation', '0013_search_words'),
        ('events', '0008_ordering_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('publication_status', 'published')), fields=['kind', 'start_date', 'id'], name='events_event_pub_kind_start'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('publication_status', 'published')), fields=['status', 'start_date', 'id'], name='events_event_pub_status_start'),
        ),
    ]
