"""The events collection of the JSON API: a list and a detail run a bounded number of queries, whatever
their size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation.models import PlaceKind
from events.models import ParticipationRole
from tests.count_support import TOTAL_LIMIT_QUERIES
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    PlaceFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


# --- Query counts ---------------------------------------------------------------------------------

# Smallest bounds that pass. About half are per request, whatever the data: savepoints, the rate
# limiter's cache rows, Last-Modified's data version; the rest are the count, the page and, for the list, its
# rows' three reads (events/api/rows.py), for the detail one per prefetch.
EVENT_LIST_QUERIES = 12 + TOTAL_LIMIT_QUERIES
EVENT_DETAIL_QUERIES = 15


@pytest.fixture
def many_events():
    """210 events, each with a place in a city in a country, a parent, an initiative and three participants."""
    country = PlaceFactory(kind=PlaceKind.COUNTRY)
    city = PlaceFactory(parent=country)
    tour = EventFactory(title="Tour", start_date=dt.date(2020, 1, 1))
    initiative = InitiativeFactory()
    organisation = OrganisationFactory()
    positions = [PositionFactory(post__organisation=organisation) for _ in range(5)]
    for number in range(209):
        event = EventFactory(place=PlaceFactory(kind=PlaceKind.VENUE, parent=city), parent=tour)
        event.initiatives.add(initiative)
        position = positions[number % 5]
        ParticipationFactory(event=event, person=position.person, position=position, on_behalf_of=organisation)
        ParticipationFactory(event=event, person=None, organisation=organisation, role=ParticipationRole.HOST)
        ParticipationFactory(event=event, person=None, name="Ambassadors", role=ParticipationRole.ATTENDEE)


def test_the_event_list_runs_the_same_number_of_queries_for_one_event_or_two_hundred(
    api, many_events, django_assert_max_num_queries
):
    with django_assert_max_num_queries(EVENT_LIST_QUERIES):
        one = api.get("/api/v1/events/", {"page_size": 1}).json()
    with django_assert_max_num_queries(EVENT_LIST_QUERIES):
        many = api.get("/api/v1/events/", {"page_size": 200}).json()

    assert one["count"] == many["count"] == 210
    assert len(one["results"]) == 1
    assert len(many["results"]) == 200
    assert all(len(event["participants"]) == 3 for event in many["results"])
    assert all(event["place"] and event["initiatives"] for event in many["results"])


def make_event_with_participants(count):
    event = EventFactory(place=PlaceFactory(parent=PlaceFactory(kind=PlaceKind.COUNTRY)), parent=EventFactory())
    event.initiatives.add(*InitiativeFactory.create_batch(count))
    for _ in range(count):
        position = PositionFactory()
        ParticipationFactory(
            event=event, person=position.person, position=position, on_behalf_of=position.post.organisation
        )
        ParticipationFactory(event=event, person=None, organisation=OrganisationFactory())
        EventFactory(parent=event)
        CitationFactory(record=event)
        AlternateNameFactory(record=event)
    return event


def test_an_event_detail_runs_a_bounded_number_of_queries_whatever_its_participants(api, django_assert_max_num_queries):
    small, large = make_event_with_participants(1), make_event_with_participants(30)

    with django_assert_max_num_queries(EVENT_DETAIL_QUERIES):
        small_body = api.get(f"/api/v1/events/{small.uuid}/").json()
    with django_assert_max_num_queries(EVENT_DETAIL_QUERIES):
        large_body = api.get(f"/api/v1/events/{large.uuid}/").json()

    assert len(small_body["participants"]) == 2
    assert len(large_body["participants"]) == 60
    assert len(large_body["children"]) == len(large_body["citations"]) == len(large_body["initiatives"]) == 30


# --- Filters by linked records --------------------------------------------------------------------


@pytest.mark.parametrize("params", [{"person": "salim"}, {"organisation": "ministry"}])
def test_the_events_of_a_person_or_an_organisation_are_one_probe_of_their_participations_each(api, params):
    """One EXISTS over the participations, matched by the event's id, for all the ways an organisation
    takes part (as itself, represented, through a post): the database can then read the newest events
    in order and probe each one's participations by index, which a busy organisation needs. No join
    back to the events table inside it: the list keeps its events published itself."""
    ministry = OrganisationFactory(slug="ministry")
    minister = PositionFactory(person__slug="salim", post__organisation=ministry)
    event = EventFactory(slug="talks")
    ParticipationFactory(event=event, person=minister.person, position=minister, on_behalf_of=ministry)

    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/events/", params)

    assert [row["slug"] for row in response.json()["results"]] == ["talks"]
    (page,) = page_queries(queries)
    assert page.count("EXISTS") == 1
    probe = page[page.index("EXISTS") :]
    assert '"events_participation"' in probe
    assert 'JOIN "events_event"' not in probe


def page_queries(queries):
    return [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "events_event"."id"')
        and "LIMIT" in query["sql"]
        and "COUNT" not in query["sql"]
    ]
