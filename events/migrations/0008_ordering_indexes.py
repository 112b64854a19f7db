"""Indexes of the published events in each order the lists offer (`ordering=`), read forwards or
backwards, so that no order sorts the table: by title, kind, status, last change, and end date (which
may be empty, so indexed per database). The start date's orders have theirs (0004, 0007)."""

from django.db import migrations, models

from cooperation.core.records import dated_ordering_index_operations


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0012_ordering_indexes"),
        ("events", "0007_published_newest_index_sqlite"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["title", "id"],
                name="events_event_pub_title",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["kind", "id"],
                name="events_event_pub_kind",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["status", "id"],
                name="events_event_pub_status",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["updated_at", "id"],
                name="events_event_pub_updated_at",
            ),
        ),
        *dated_ordering_index_operations(("events_event", "events_event", "end_date", ("asc", "desc"))),
    ]
