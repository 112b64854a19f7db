"""On SQLite, the embedded default, the events lists and the people list read their first page from an
index in the lists' order, without sorting the table (EXPLAIN QUERY PLAN)."""

import datetime as dt

import pytest
from django.db import connection

from tests.factories import EventFactory, PersonFactory
from tests.plan_support import page_query, query_plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans"),
]


def page_query_plan(client, path, table):
    return query_plan(page_query(client, path, table))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/",
        "/events/",
        "/api/v1/events/?ordering=-start_date,title",
        # Asked for one or two rows, SQLite would sort every published event (paging.READ_AT_LEAST).
        "/api/v1/events/?page_size=1",
    ],
)
def test_the_events_lists_read_their_page_from_the_newest_first_index(client, path):
    for number in range(30):
        EventFactory(slug=f"meeting-{number}", start_date=dt.date(2000 + number % 25, 1, 1))

    plan = page_query_plan(client, path, "events_event")

    assert "events_event_published_newest" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.parametrize("path", ["/api/v1/people/", "/people/"])
def test_the_people_lists_read_their_page_from_the_published_name_index(client, path):
    for number in range(30):
        PersonFactory(name=f"Person {number:02}")

    plan = page_query_plan(client, path, "people_person")

    assert "people_person_published_name" in plan
    assert "TEMP B-TREE" not in plan
