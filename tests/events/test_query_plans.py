"""On PostgreSQL, the events lists read their page through an index in the lists' order, never by
scanning the whole table: the plan is checked with sequential scans made as costly as they are on a
table of a million rows (enable_seqscan off), since at test scale any table is small."""

import datetime as dt

import pytest
from django.db import connection

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
