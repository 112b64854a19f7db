"""On PostgreSQL, the lists of people, organisations and places read their page from an index of the
published rows in the lists' order (name, then id), never by sorting the table: checked with
sequential scans and sorts made as costly as on a large table, since at test scale any table is small."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory, PersonFactory, PlaceFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's"),
]


@pytest.mark.parametrize(
    ("path", "table", "factory", "index"),
    [
        ("/api/v1/people/", "people_person", PersonFactory, "people_person_published_name"),
        ("/people/", "people_person", PersonFactory, "people_person_published_name"),
        ("/api/v1/organisations/", "cooperation_organisation", OrganisationFactory, "coop_org_published_name"),
        ("/organisations/", "cooperation_organisation", OrganisationFactory, "coop_org_published_name"),
        ("/api/v1/places/", "cooperation_place", PlaceFactory, "coop_place_published_name"),
    ],
)
def test_a_list_by_name_reads_its_page_from_the_published_name_index(client, path, table, factory, index):
    for number in range(30):
        factory(name=f"Name {number:02}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    (sql,) = [
        query["sql"]
        for query in queries
        if query["sql"].startswith(f'SELECT "{table}"."id"') and "LIMIT" in query["sql"] and "COUNT" not in query["sql"]
    ][:1]

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert index in plan
    assert f"Seq Scan on {table}" not in plan
