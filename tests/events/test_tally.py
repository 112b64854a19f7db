"""The tally of published events (events/tally.py): kept by the database's triggers on every write to
the events table, however it is written, and always what a count of the events gives."""

import copy
import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from events import tally
from events.models import Event, EventKind, EventStatus, EventTally
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=False)

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED


def kept():
    """The tally's non-empty rows, as the triggers left them."""
    return sorted(
        EventTally.objects.filter(count__gt=0).values_list("year", "month", "kind", "status", "top_level", "count")
    )


def assert_in_step():
    assert tally.differences() == []


def test_an_event_is_counted_under_its_year_month_kind_status_and_level():
    EventFactory(start_date=dt.date(2021, 1, 14), kind=EventKind.VISIT)
    assert kept() == [(2021, 1, "visit", "held", True, 1)]


def test_a_draft_is_not_counted_until_published_and_no_longer_once_unpublished():
    event = EventFactory(publication_status=DRAFT)
    assert kept() == []
    Event.objects.filter(pk=event.pk).update(publication_status=PUBLISHED)
    assert kept() == [(2021, 1, "meeting", "held", True, 1)]
    event.refresh_from_db()
    event.publication_status = DRAFT
    event.save()
    assert kept() == []


def test_a_date_known_to_the_year_counts_in_month_zero_and_an_undated_event_in_year_zero():
    EventFactory(start_date=dt.date(2023, 1, 1), start_date_precision=DatePrecision.YEAR)
    EventFactory(start_date=dt.date(2023, 10, 1), start_date_precision=DatePrecision.MONTH)
    EventFactory(start_date=None, start_date_precision="", kind=EventKind.DESIGNATION)
    assert kept() == [
        (0, 0, "designation", "held", True, 1),
        (2023, 0, "meeting", "held", True, 1),
        (2023, 10, "meeting", "held", True, 1),
    ]


def test_the_counts_per_year_kind_and_status_read_together_are_each_fields_own():
    EventFactory(start_date=dt.date(2021, 1, 14), kind=EventKind.VISIT)
    EventFactory(start_date=dt.date(2021, 5, 2), kind=EventKind.VISIT, status=EventStatus.PLANNED)
    EventFactory(start_date=dt.date(2022, 5, 2))
    EventFactory(start_date=None, start_date_precision="", kind=EventKind.DESIGNATION)
    EventFactory(start_date=dt.date(2022, 6, 1), publication_status=DRAFT)
    gone = EventFactory(start_date=dt.date(2019, 6, 1))
    gone.delete()  # leaves its row at 0, which is no value

    counts = EventTally.objects.per_each("year", "kind", "status")

    assert counts == {
        "year": {0: 1, 2021: 2, 2022: 1},
        "kind": {"visit": 2, "meeting": 1, "designation": 1},
        "status": {"held": 3, "planned": 1},
    }
    assert counts == {field: EventTally.objects.per(field) for field in ("year", "kind", "status")}
    assert EventTally.objects.filter(year=2021).per_each("kind") == {"kind": {"visit": 2}}


def test_every_kind_of_write_keeps_the_tally_in_step_with_a_count():
    visit = EventFactory(kind=EventKind.VISIT, start_date=dt.date(2023, 10, 3))
    parts = [EventFactory(parent=visit, start_date=dt.date(2023, 10, 3 + i)) for i in range(3)]
    EventFactory(publication_status=DRAFT)
    assert_in_step()

    # A save that moves an event to another month, kind and status; one that changes only its title.
    parts[0].start_date, parts[0].kind, parts[0].status = dt.date(2024, 2, 2), EventKind.FORUM, EventStatus.PLANNED
    parts[0].save()
    assert_in_step()
    parts[1].title = "Renamed"
    parts[1].save()
    assert_in_step()

    # A queryset's update of many rows at once, a part leaving its visit, bulk inserts and deletes.
    Event.objects.filter(parent=visit).update(status=EventStatus.POSTPONED)
    Event.objects.filter(pk=parts[2].pk).update(parent=None)
    Event.objects.bulk_create(
        [
            Event(title=f"Bulk {i}", slug=f"bulk-{i}", kind=EventKind.SEMINAR, publication_status=PUBLISHED)
            for i in range(5)
        ]
    )
    assert_in_step()
    Event.objects.filter(slug__startswith="bulk-").delete()
    Event.objects.filter(pk__in=[p.pk for p in parts]).delete()
    assert_in_step()
    assert kept() == [(2023, 10, "visit", "held", True, 1)]


def test_differences_name_each_row_out_of_step_until_a_rebuild(capsys):
    EventFactory()
    EventTally.objects.update(count=5)

    assert tally.differences() == [(2021, 1, "meeting", "held", True, 5, 1)]
    with pytest.raises(CommandError, match="1 tally rows differ"):
        call_command("event_tally")
    call_command("event_tally", "--rebuild")
    call_command("event_tally")

    assert "in step" in capsys.readouterr().out
    assert kept() == [(2021, 1, "meeting", "held", True, 1)]


def test_the_tally_is_not_dumped_with_the_records():
    """Derived data: a dump loaded into another database is counted there by its triggers."""
    EventFactory()
    out = StringIO()

    call_command("dumpdata", "events", stdout=out)

    assert '"model": "events.event"' in out.getvalue()
    assert "eventtally" not in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_triggers_dropped_with_their_table_are_installed_again_after_migrate():
    """SQLite drops a table's triggers when a migration rebuilds the table (to alter a column, say);
    every migrate ends by installing them again, with a fresh count."""
    EventFactory()
    # As a migration alters it: the model of the migrations' state.
    migrated = MigrationLoader(connection).project_state().apps.get_model("events", "Event")
    field = migrated._meta.get_field("location_text")
    wider = copy.copy(field)
    wider.max_length = 400
    with connection.schema_editor() as editor:
        editor.alter_field(migrated, field, wider)
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                assert tally._installed(cursor, "sqlite") == (set(), set())
            else:  # PostgreSQL alters in place; drop them as a restore without triggers would leave it
                for name in sorted(tally._installed(cursor, "postgresql")[0]):
                    cursor.execute(f"DROP TRIGGER {name} ON events_event")
        EventFactory(kind=EventKind.FORUM)  # written while no trigger keeps the tally

        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)  # as migrate ends

        assert_in_step()
        assert (2021, 1, "forum", "held", True, 1) in kept()
        EventFactory(kind=EventKind.FORUM)
        assert (2021, 1, "forum", "held", True, 2) in kept()
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(migrated, wider, field)
        tally.install()


def test_a_rolled_back_write_leaves_the_tally_as_it_was():
    EventFactory()
    with transaction.atomic():
        EventFactory(kind=EventKind.FORUM)
        transaction.set_rollback(True)
    assert kept() == [(2021, 1, "meeting", "held", True, 1)]


def test_the_database_refuses_a_count_below_zero():
    """The tally is never written by the code; a wrong write is refused rather than kept."""
    EventFactory()
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017, PT011  (IntegrityError on both databases)
        EventTally.objects.update(count=-1)
    assert kept() == [(2021, 1, "meeting", "held", True, 1)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncating_the_events_empties_the_tally():
    EventFactory()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction defers its foreign keys' checks
        cursor.execute(f"TRUNCATE {Event._meta.db_table} CASCADE")
    assert kept() == []


def test_the_database_keeps_one_row_per_key_and_months_from_0_to_12():
    EventFactory()
    key = {"year": 2021, "month": 1, "kind": "meeting", "status": "held", "top_level": True}
    with pytest.raises(IntegrityError, match=r"events_tally_key|UNIQUE"), transaction.atomic():
        EventTally.objects.create(**key, count=1)
    with pytest.raises(IntegrityError, match=r"events_tally_month_valid"), transaction.atomic():
        EventTally.objects.create(**{**key, "month": 13}, count=1)
    assert kept() == [(2021, 1, "meeting", "held", True, 1)]
