"""On PostgreSQL, the events lists read their page through an index in the lists' order, never by
scanning the whole table: the plan is checked with sequential scans made as costly as they are on a
table of a million rows (enable_seqscan off), since at test scale any table is small."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's"),
]


def page_query_plan(client, path):
    """The plan of the query that reads the page of events `path` shows."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    (sql,) = [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "events_event"."id"')
        and "LIMIT" in query["sql"]
        and "COUNT" not in query["sql"]
    ][:1]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("path", ["/api/v1/events/", "/events/"])
def test_the_events_lists_read_their_first_page_through_the_newest_first_index(client, path):
    for number in range(30):
        EventFactory(slug=f"meeting-{number}", start_date=dt.date(2000 + number % 25, 1, 1))

    plan = page_query_plan(client, path)

    assert "events_event_published_newest" in plan
    assert "Seq Scan on events_event" not in plan
