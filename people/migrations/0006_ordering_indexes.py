"""Indexes of the published people by family name and by last change, read forwards or backwards, so
that neither order of the list (`ordering=`) sorts the table."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0005_published_name_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='person',
            index=models.Index(condition=models.Q(('publication_status', 'published')), fields=['family_name', 'id'], name='people_person_pub_family_name'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(condition=models.Q(('publication_status', 'published')), fields=['updated_at', 'id'], name='people_person_pub_updated_at'),
        ),
    ]
