"""On PostgreSQL, the events lists read their page through an index in the lists' order, never by
scanning the whole table: the plan is checked with sequential scans made as costly as they are on a
table of a million rows (enable_seqscan off), since at test scale any table is small."""

import datetime as dt

import pytest
from django.db import connection

from cooperation.core.registry import registry
from tests.factories import EventFactory
from tests.plan_support import page_query, query_plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's"),
]


def page_query_plan(client, path, *, without_sort=False):
    """The plan of the query that reads the page of events `path` shows."""
    return query_plan(page_query(client, path, "events_event"), without_sort=without_sort)


@pytest.mark.parametrize("path", ["/api/v1/events/", "/events/"])
def test_the_events_lists_read_their_first_page_through_the_newest_first_index(client, path):
    for number in range(30):
        EventFactory(slug=f"meeting-{number}", start_date=dt.date(2000 + number % 25, 1, 1))

    plan = page_query_plan(client, path, without_sort=True)

    assert "events_event_published_newest" in plan
    assert "Seq Scan on events_event" not in plan


@pytest.mark.parametrize("path", ["/api/v1/events/?country=azerbaijan", "/events/?place=baku", "/places/azerbaijan/"])
def test_the_events_at_a_place_are_read_through_an_index_never_a_scan_of_every_event(client, path):
    from tests.factories import PlaceFactory

    azerbaijan = PlaceFactory(slug="azerbaijan", kind="country")
    baku = PlaceFactory(slug="baku", kind="city", parent=azerbaijan)
    for number in range(30):
        EventFactory(
            slug=f"meeting-{number}", place=baku if number % 3 else None, start_date=dt.date(2000 + number, 1, 1)
        )

    plan = page_query_plan(client, path)

    assert "Seq Scan on events_event" not in plan


def test_the_events_of_a_place_have_their_own_newest_first_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'events_event_published_place_newest'")
        (definition,) = cursor.fetchone()

    assert "(place_id, start_date DESC NULLS LAST, title, id)" in definition
    assert "publication_status" in definition


def test_the_columns_the_lists_filter_by_keep_finer_statistics():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, attstattarget FROM pg_attribute "
            "WHERE attname IN ('place_id', 'person_id', 'organisation_id', 'on_behalf_of_id') "
            "AND attrelid::regclass::text IN ('events_event', 'events_participation')"
        )
        targets = {(table, column): target for table, column, target in cursor.fetchall()}

    assert targets == {
        ("events_event", "place_id"): 1000,
        ("events_participation", "person_id"): 1000,
        ("events_participation", "organisation_id"): 1000,
        ("events_participation", "on_behalf_of_id"): 1000,
    }


# --- Search ---------------------------------------------------------------------------------------


def test_a_search_reads_the_stored_search_vector_never_computing_one_per_row(client):
    """Matching each candidate's stored vector (from the GIN index, or read in the list's order when
    most records match), never computing to_tsvector again per row: a second for a common word at a
    million events."""
    for number in range(30):
        EventFactory(slug=f"meeting-{number}", title=f"Heritage meeting {number}" if number % 2 else f"Talks {number}")

    sql = page_query(client, "/api/v1/events/?q=heritage", "events_event")
    plan = query_plan(sql)

    assert '"events_event"."search_vector" @@' in sql
    assert "search_vector @@" in plan
    assert "to_tsvector" not in sql + plan


@pytest.mark.parametrize("table", [record_type.model._meta.db_table for record_type in registry.page_types()])
def test_every_searchable_table_has_its_search_vector_indexed_with_gin(table):
    """Every public record type, a new one too (its migration adds `search_vector_operations(table)`)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        definitions = [row[0] for row in cursor.fetchall()]

    assert any("USING gin (search_vector)" in definition for definition in definitions), definitions
    assert not any("to_tsvector" in definition for definition in definitions)


def test_the_stored_search_vector_follows_every_change_of_the_search_key(api):
    """The database keeps the column (GENERATED ... STORED): a save, an update() or a bulk insert that
    changes the key changes what a search finds, with nothing for the application to remember."""
    from events.models import Event

    event = EventFactory(slug="talks", title="Talks")
    assert [row["slug"] for row in api.get("/api/v1/events/", {"q": "biennale"}).json()["results"]] == []

    Event.objects.filter(pk=event.pk).update(search_key="biennale talks")

    assert [row["slug"] for row in api.get("/api/v1/events/", {"q": "biennale"}).json()["results"]] == ["talks"]
    assert [row["slug"] for row in api.get("/api/v1/events/", {"q": "talk"}).json()["results"]] == ["talks"]


# --- Deep pages -----------------------------------------------------------------------------------


def test_a_page_after_a_cursor_is_a_range_of_the_newest_first_index(api, client):
    """From the cursor's date on, as an index condition: halfway down a million events the page
    costs what the first does, not a filter over the half million before it."""
    for number in range(30):
        EventFactory(slug=f"meeting-{number}", start_date=dt.date(2000 + number % 25, 1, 1))
    cursor_page = api.get("/api/v1/events/", {"page_size": 10}).json()["next"]

    plan = page_query_plan(client, cursor_page, without_sort=True)

    assert "events_event_published_newest" in plan
    assert "Index Cond: (start_date <=" in plan


@pytest.mark.parametrize(
    ("column", "index"), [("kind", "events_event_pub_kind_start"), ("status", "events_event_pub_status_start")]
)
def test_a_kind_or_a_status_within_a_period_has_an_index_in_date_order(column, index):
    """`?kind=meeting&year=2020` is counted from one index (15,000 of a million events in 29 ms, not
    the kind's and the period's indexes together in 80: docs/performance.md). At test scale, without
    statistics, the planner would choose any index, so the index itself is checked."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        (definition,) = cursor.fetchone()

    assert f"({column}, start_date, id)" in definition
    assert "publication_status" in definition
