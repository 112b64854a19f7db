"""Indexes of the published initiatives, organisations, places and sources in each order their lists
offer (`ordering=`), read forwards or backwards, so that no order sorts the table; dates that may be
empty are indexed per database (the newest-first orders have theirs, 0011)."""

from django.db import migrations, models

from cooperation.core.records import dated_ordering_index_operations


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0011_published_newest_indexes"),
        ("people", "0006_ordering_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["title", "id"],
                name="coop_init_pub_title",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["kind", "id"],
                name="coop_init_pub_kind",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["status", "id"],
                name="coop_init_pub_status",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["updated_at", "id"],
                name="coop_init_pub_updated_at",
            ),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                condition=models.Q(("publication_status", "published")), fields=["kind", "id"], name="coop_org_pub_kind"
            ),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["updated_at", "id"],
                name="coop_org_pub_updated_at",
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["kind", "id"],
                name="coop_place_pub_kind",
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["updated_at", "id"],
                name="coop_place_pub_updated_at",
            ),
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["title", "id"],
                name="coop_source_pub_title",
            ),
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["updated_at", "id"],
                name="coop_source_pub_updated_at",
            ),
        ),
        *dated_ordering_index_operations(
            ("coop_init", "cooperation_initiative", "start_date", ("asc", "desc")),
            ("coop_init", "cooperation_initiative", "end_date", ("asc", "desc")),
            ("coop_org", "cooperation_organisation", "founded_date", ("asc", "desc")),
            ("coop_source", "cooperation_source", "published_date", ("asc", "desc")),
        ),
    ]
