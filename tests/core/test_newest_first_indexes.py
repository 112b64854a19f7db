"""The sources and initiatives lists, newest first, read their page from an index of the published rows
in the lists' order (cooperation/migrations/0011), on either database, never by sorting the table:
on PostgreSQL with sequential scans and sorts made as costly as on a large table, on SQLite with
statistics (tests/plan_support.py)."""

import datetime as dt

import pytest

from cooperation.core.dates import DatePrecision
from tests.factories import InitiativeFactory, SourceFactory
from tests.plan_support import page_query, query_plan

pytestmark = pytest.mark.django_db


def sources():
    for number in range(30):
        SourceFactory(published_date=dt.date(2000 + number % 25, 1, 1), published_date_precision=DatePrecision.DAY)


def initiatives():
    for number in range(30):
        InitiativeFactory(start_date=dt.date(2000 + number % 25, 1, 1), start_date_precision=DatePrecision.DAY)


@pytest.mark.parametrize(
    ("path", "table", "make"),
    [
        ("/api/v1/sources/", "cooperation_source", sources),
        ("/sources/", "cooperation_source", sources),
        ("/api/v1/initiatives/", "cooperation_initiative", initiatives),
        ("/initiatives/", "cooperation_initiative", initiatives),
    ],
)
def test_a_newest_first_list_reads_its_page_from_its_published_newest_index(client, path, table, make):
    make()

    plan = query_plan(page_query(client, path, table), without_sort=True)

    assert f"{table}_published_newest" in plan
    assert f"Seq Scan on {table}" not in plan
    assert "TEMP B-TREE" not in plan
