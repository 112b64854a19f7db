"""On PostgreSQL, the lists of people, organisations and places read their page from an index of the
published rows in the lists' order (name, then id), never by sorting the table: checked with
sequential scans and sorts made as costly as on a large table, since at test scale any table is small."""

import pytest
from django.db import connection

from tests.factories import OrganisationFactory, PersonFactory, PlaceFactory
from tests.plan_support import page_query, query_plan

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
    plan = query_plan(page_query(client, path, table), without_sort=True)

    assert index in plan
    assert f"Seq Scan on {table}" not in plan
