"""An initiative's status `awarded` (a title conferred on a date, the sources silent on whether it is
still held) and a party's role `announcer`, each in its column's CHECK constraint.

SQLite cannot change a constraint in place, so there Django rebuilds the initiatives' table, and the
rebuilt table lacks the indexes that migrations 0011 and 0012 made in SQL of their own (Django's Index
cannot say NULLS LAST). So they are made again after the rebuild, whichever way the migration runs."""

import importlib

from django.db import migrations, models

from cooperation.core.records import dated_ordering_index_operations

newest_indexes = importlib.import_module("cooperation.migrations.0011_published_newest_indexes")


def indexes_made_again():
    """The operations that make those indexes (CREATE INDEX IF NOT EXISTS) both ways: placed first and
    last, one set runs after the rebuild when the migration is applied, the other when it is reversed."""
    dated = dated_ordering_index_operations(
        ("coop_init", "cooperation_initiative", "start_date", ("asc", "desc")),
        ("coop_init", "cooperation_initiative", "end_date", ("asc", "desc")),
    )
    return [
        migrations.RunPython(create, create, elidable=False)
        for create in [newest_indexes.create, *(operation.code for operation in dated)]
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0013_search_words"),
        ("people", "0006_ordering_indexes"),
    ]

    operations = [
        *indexes_made_again(),
        migrations.RemoveConstraint(
            model_name="initiative",
            name="cooperation_initiative_status_valid",
        ),
        migrations.RemoveConstraint(
            model_name="initiativeparty",
            name="cooperation_initiativeparty_role_valid",
        ),
        migrations.AlterField(
            model_name="historicalinitiative",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "proposed"),
                    ("announced", "announced"),
                    ("active", "active"),
                    ("awarded", "awarded"),
                    ("completed", "completed"),
                    ("superseded", "superseded"),
                    ("cancelled", "cancelled"),
                ],
                help_text="Where the initiative stands according to the sources (not its publication status).",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicalinitiativeparty",
            name="role",
            field=models.CharField(
                choices=[
                    ("lead", "lead"),
                    ("partner", "partner"),
                    ("host", "host"),
                    ("proposer", "proposer"),
                    ("presenter", "presenter"),
                    ("announcer", "announcer"),
                    ("organiser", "organiser"),
                    ("supporter", "supporter"),
                    ("recipient", "recipient"),
                ],
                max_length=20,
                verbose_name="role",
            ),
        ),
        migrations.AlterField(
            model_name="initiative",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "proposed"),
                    ("announced", "announced"),
                    ("active", "active"),
                    ("awarded", "awarded"),
                    ("completed", "completed"),
                    ("superseded", "superseded"),
                    ("cancelled", "cancelled"),
                ],
                help_text="Where the initiative stands according to the sources (not its publication status).",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="initiativeparty",
            name="role",
            field=models.CharField(
                choices=[
                    ("lead", "lead"),
                    ("partner", "partner"),
                    ("host", "host"),
                    ("proposer", "proposer"),
                    ("presenter", "presenter"),
                    ("announcer", "announcer"),
                    ("organiser", "organiser"),
                    ("supporter", "supporter"),
                    ("recipient", "recipient"),
                ],
                max_length=20,
                verbose_name="role",
            ),
        ),
        migrations.AddConstraint(
            model_name="initiative",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        ["proposed", "announced", "active", "awarded", "completed", "superseded", "cancelled"],
                    )
                ),
                name="cooperation_initiative_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="initiativeparty",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "role__in",
                        [
                            "lead",
                            "partner",
                            "host",
                            "proposer",
                            "presenter",
                            "announcer",
                            "organiser",
                            "supporter",
                            "recipient",
                        ],
                    )
                ),
                name="cooperation_initiativeparty_role_valid",
            ),
        ),
        *indexes_made_again(),
    ]
